"""How well a mentor suits a mentee: a score with its reasons in words (stage 5 of the roadmap).

Hard rules are constraints, not weights: a pair that breaks one is excluded (``score`` answers
None and ``exclusion`` says why). Everything else adds to the score by the weights below. The
functions read only prefetched rows — load the entries with ``MenteeEntry.objects.listed`` and
``MentorEntry.objects.listed`` (which annotates ``trainings``) — so scoring every waiting mentee
against every mentor costs no query per pair.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.templatetags.russian import plural, years
from registry.models import (
    MenteeEntry,
    MentorEntry,
    Person,
    fold,
    has_valid_consent,
    required_personal_data_kind,
)

# What each criterion adds to a pair's score. A full cover of the mentee's requests is the
# strongest term; the rest order mentors who cover the same requests.
WEIGHTS = {
    "topics": 50.0,  # × the share of the mentee's requested topics the mentor covers
    "subject": 15.0,  # a subject in common…
    "association": 8.0,  # …or else the same methodical association (МО)
    "experience": 12.0,  # × min(mentor's years − mentee's years, 10) / 10
    "junior_mentor": -10.0,  # a mentor with less than JUNIOR_YEARS of experience
    "qualification": 6.0,  # высшая категория, педагог-наставник, педагог-методист
    "free_places": 4.0,  # × free places / capacity: spread the load a little
    "preference": 10.0,  # for each side whose stated wishes mention the other
    "training": 2.0,  # per mentor training session attended, up to TRAINING_CAP
}
EXPERIENCE_CAP = 10  # years of gap beyond which more experience adds nothing
JUNIOR_YEARS = 3
TRAINING_CAP = 3
STRONG_QUALIFICATIONS = {
    Person.Qualification.HIGHEST,
    Person.Qualification.MENTOR,
    Person.Qualification.METHODIST,
}
READY_MENTOR = {MentorEntry.Status.READY, MentorEntry.Status.ACTIVE}


@dataclass
class Candidate:
    """A mentor who may take the mentee, the score and why."""

    mentor: MentorEntry
    score: float
    reasons: list[str] = field(default_factory=list)
    free: int = 0


def free_places(mentor: MentorEntry, load: int) -> int:
    return max(mentor.capacity - load, 0)


def _has_consent(person: Person, on: datetime.date) -> bool:
    return has_valid_consent(person, required_personal_data_kind(person), on)


def exclusion(
    mentee: MenteeEntry, mentor: MentorEntry, *, load: int, on: datetime.date | None = None
) -> str | None:
    """The hard rule that forbids the pair, in words, or None when the pair is allowed."""
    on = on or timezone.localdate()
    if mentee.person_id == mentor.person_id:
        return _("это тот же человек")
    if mentor.status not in READY_MENTOR:
        return _("наставник не готов к наставничеству: «%(status)s»") % {
            "status": mentor.get_status_display()
        }
    if free_places(mentor, load) == 0:
        return _("нет свободных мест: занято %(load)s из %(capacity)s") % {
            "load": load,
            "capacity": mentor.capacity,
        }
    if not _has_consent(mentor.person, on):
        return _("у наставника нет действующего согласия на обработку персональных данных")
    if not _has_consent(mentee.person, on):
        return _("у наставляемого нет действующего согласия на обработку персональных данных")
    return None


# Endings cut off a folded Russian word so that «математика» is found in «по математике» and
# «Белова» in «к Беловой». Longest first; the stem keeps at least four letters.
ENDINGS = (
    "ого", "его", "ому", "ему", "ыми", "ими",
    "ая", "яя", "ое", "ее", "ий", "ый", "ой", "ей", "ых", "их",
    "ую", "юю", "ам", "ям", "ах", "ях", "ом", "ем",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
)  # fmt: skip
# Words of an МО's name that say nothing about its field.
GENERIC_WORDS = {"мо", "шмо", "методическое", "объединение", "учителей", "педагогов", "классов"}


def _words(text: str) -> list[str]:
    return re.findall(r"[а-яa-z0-9]+", fold(text))


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _mentioned(words: list[str], phrase: str, *, every: bool = True) -> bool:
    """Whether the text's ``words`` mention ``phrase``: every (or any) meaningful word of it,
    each matched by its stem as the beginning of a word of the text."""
    stems = [_stem(word) for word in _words(phrase) if len(word) >= 3 and word not in GENERIC_WORDS]
    if not stems:
        return False
    found = (any(word.startswith(stem) for word in words) for stem in stems)
    return all(found) if every else any(found)


def _mentions(text: str, person: Person) -> list[str]:
    """What of ``person`` the free text mentions: the surname, a subject, the МО."""
    words = _words(text)
    if not words:
        return []
    found = []
    if _mentioned(words, person.last_name):
        found.append(person.last_name)
    found += [subject for subject in person.subject_list if _mentioned(words, subject)]
    association = person.methodical_association
    if association and _mentioned(words, association.name, every=False):
        found.append(association.name)
    return found


def _mentee_wishes(mentee: MenteeEntry) -> str:
    """The mentee's wishes about a mentor: the bank entry's and those of their requests."""
    wishes = [mentee.preferences]
    wishes += [request.wishes for request in mentee.person.professional_requests.all()]
    return "\n".join(wishes)


def _topics_term(mentee, mentor):
    requested = mentee.requested_topics
    if not requested:
        return 0.0, []
    competencies = {topic.pk for topic in mentor.competencies.all()}
    covered = [topic.name for topic in requested if topic.pk in competencies]
    count = len(requested)
    if not covered:
        reason = _("не покрывает запросы наставляемого (0 из %(count)s)") % {"count": count}
        return 0.0, [reason]
    reason = _("покрывает %(covered)s из %(count)s %(noun)s: %(topics)s") % {
        "covered": len(covered),
        "count": count,
        "noun": plural(count, _("запроса"), _("запросов"), _("запросов")),
        "topics": ", ".join(covered),
    }
    return WEIGHTS["topics"] * len(covered) / count, [reason]


def _colleague_term(mentee, mentor):
    mentee_subjects = {fold(subject): subject for subject in mentee.person.subject_list}
    common = [s for s in mentor.person.subject_list if fold(s) in mentee_subjects]
    if common:
        label = (
            _("тот же предмет: %(subjects)s")
            if len(common) == 1
            else _("те же предметы: %(subjects)s")
        )
        return WEIGHTS["subject"], [label % {"subjects": ", ".join(common)}]
    association = mentor.person.methodical_association
    if association and association.pk == mentee.person.methodical_association_id:
        return WEIGHTS["association"], [_("то же МО: %(name)s") % {"name": association.name}]
    return 0.0, []


def _experience_term(mentee, mentor, on):
    mentor_years = mentor.person.experience_years(on)
    if mentor_years is None:
        return 0.0, []
    mentee_years = mentee.person.experience_years(on) or 0
    gap = min(max(mentor_years - mentee_years, 0), EXPERIENCE_CAP)
    value = WEIGHTS["experience"] * gap / EXPERIENCE_CAP
    if mentor_years < JUNIOR_YEARS:
        value += WEIGHTS["junior_mentor"]
        return value, [_("стаж наставника всего %(years)s") % {"years": years(mentor_years)}]
    return value, [_("стаж наставника %(years)s") % {"years": years(mentor_years)}]


def _wishes_term(mentee, mentor):
    value, reasons = 0.0, []
    if found := _mentions(_mentee_wishes(mentee), mentor.person):
        value += WEIGHTS["preference"]
        reasons.append(
            _("упомянут в пожеланиях наставляемого: %(what)s") % {"what": ", ".join(found)}
        )
    if found := _mentions(mentor.preferences, mentee.person):
        value += WEIGHTS["preference"]
        reasons.append(
            _("подходит под пожелания наставника: %(what)s") % {"what": ", ".join(found)}
        )
    return value, reasons


def _trainings(mentor) -> int:
    trainings = getattr(mentor, "trainings", None)
    return mentor.person.training_sessions.count() if trainings is None else trainings


def score(
    mentee: MenteeEntry, mentor: MentorEntry, *, load: int, on: datetime.date | None = None
) -> Candidate | None:
    """The mentor as a candidate for the mentee, or None when a hard rule forbids the pair.
    ``load`` is how many mentees the mentor already has in open groups."""
    on = on or timezone.localdate()
    if exclusion(mentee, mentor, load=load, on=on) is not None:
        return None
    total, reasons = 0.0, []
    for value, said in (
        _topics_term(mentee, mentor),
        _colleague_term(mentee, mentor),
        _experience_term(mentee, mentor, on),
        _wishes_term(mentee, mentor),
    ):
        total += value
        reasons += said
    if mentor.person.qualification in STRONG_QUALIFICATIONS:
        total += WEIGHTS["qualification"]
        reasons.append(mentor.person.get_qualification_display())
    free = free_places(mentor, load)
    total += WEIGHTS["free_places"] * free / mentor.capacity
    reasons.append(
        _("свободно мест: %(free)s из %(capacity)s")
        % {
            "free": free,
            "capacity": mentor.capacity,
        }
    )
    if trainings := _trainings(mentor):
        total += WEIGHTS["training"] * min(trainings, TRAINING_CAP)
        reasons.append(
            _("обучение наставников: %(count)s %(noun)s")
            % {
                "count": trainings,
                "noun": plural(trainings, _("занятие"), _("занятия"), _("занятий")),
            }
        )
    return Candidate(mentor=mentor, score=round(total, 1), reasons=reasons, free=free)
