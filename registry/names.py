"""Russian personal names in grammatical cases, by petrovich.

The gender is always given (it is stored on the person): guessing it at print time is how orders
end up with «назначить Кадиева М. С.». Where petrovich is wrong for a name, the person carries a
manual override per case (Person.name_<case>), which wins.
"""

from functools import cache

from petrovich import Case, Gender, Petrovich

NOMINATIVE = "nominative"
GENITIVE = "genitive"
DATIVE = "dative"
ACCUSATIVE = "accusative"
INSTRUMENTAL = "instrumental"

CASES = (GENITIVE, DATIVE, ACCUSATIVE, INSTRUMENTAL)
CASE_LABELS = {
    NOMINATIVE: "именительный (кто?)",
    GENITIVE: "родительный (кого?)",
    DATIVE: "дательный (кому?)",
    ACCUSATIVE: "винительный (кого?)",
    INSTRUMENTAL: "творительный (кем?)",
}
_PETROVICH_CASES = {
    GENITIVE: Case.GENITIVE,
    DATIVE: Case.DATIVE,
    ACCUSATIVE: Case.ACCUSATIVE,
    INSTRUMENTAL: Case.INSTRUMENTAL,
}


@cache
def _petrovich() -> Petrovich:
    return Petrovich()


def decline(last: str, first: str, middle: str, *, gender: str, case: str) -> str:
    """«Фамилия Имя Отчество» in ``case`` (one of CASES) for a person of ``gender``."""
    if case == NOMINATIVE:
        return " ".join(part for part in (last, first, middle) if part)
    engine, grammatical_case = _petrovich(), _PETROVICH_CASES[case]
    sex = Gender.FEMALE if gender == "female" else Gender.MALE
    parts = [
        engine.lastname(last, grammatical_case, sex),
        engine.firstname(first, grammatical_case, sex),
    ]
    if middle:
        parts.append(engine.middlename(middle, grammatical_case, sex))
    return " ".join(parts)


# The Turkic patronymic particles are part of the patronymic, not a name to abbreviate.
_PATRONYMIC_PARTICLES = {"оглы", "кызы", "улы", "уулу", "гызы"}


def short(full_name: str) -> str:
    """«Кадиевой Мадины Саидовны» → «Кадиевой М. С.»: surname and initials in any case.
    Hyphenated first names keep both initials: «Сайд-Эми» → «С.-Э.»."""
    last, *rest = full_name.split()
    initials = [
        # «Участник № 17» (an anonymised person) keeps its number as it is.
        "-".join(f"{piece[0]}." for piece in part.split("-") if piece)
        if part[0].isalpha()
        else part
        for part in rest
        if part.lower() not in _PATRONYMIC_PARTICLES
    ]
    return " ".join([last, *initials])
