"""The printed order: what it says (a JSON-serialisable dict) and the PDF made from it.

``order_content`` computes everything a page or a sheet of paper shows from the live data; the
signed order keeps that dict as its snapshot, and both the detail page and the PDF are drawn
from the snapshot ever after, so nothing that happens to the people and groups later can change
a signed order.
"""

import re

from django.utils.translation import gettext as _

from mentoring_site.documents import Document, render_pdf
from mentoring_site.templatetags.russian import ru_date
from programmes.models import Group, Programme
from programmes.services.programmes import term_text
from registry.models import Person
from roadmap.models import Order

BLANK_DATE = "__.__.____"
BLANK_NUMBER = "______"

# Cyrillic letters in Latin for file names; the hard and soft signs are dropped.
_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


# Non-breaking spaces keep «№» with its number and initials with each other and the surname,
# as Russian typesetting wants («Кадиеву М.\u00a0С.» never splits across lines).
NBSP = "\u00a0"
_BINDINGS = [
    (re.compile(r"№ "), f"№{NBSP}"),
    (re.compile(r"(?<=\b[А-ЯЁ]\.) "), NBSP),
    (re.compile(r" (?=[А-ЯЁ]\.)"), NBSP),
    (re.compile(r"(?<=\d) (?=г\.)"), NBSP),
]


def typeset(value):
    """``value`` (a string, or lists and dicts of them) with the non-breaking spaces set."""
    if isinstance(value, str):
        for pattern, replacement in _BINDINGS:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [typeset(item) for item in value]
    if isinstance(value, dict):
        return {key: typeset(item) for key, item in value.items()}
    return value


def ascii_name(text: str) -> str:
    """«90-од» → «90-od»: a file name every browser and mail client keeps intact."""
    letters = "".join(_TRANSLIT.get(char, char) for char in text.lower())
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")


def person_position(person: Person) -> str:
    """The position as an order prints it; a student is described by the class."""
    if person.position:
        return person.position
    if person.grade:
        student = _("обучающаяся") if person.gender == Person.Gender.FEMALE else _("обучающийся")
        return _("%(student)s %(grade)s класса") % {"student": student, "grade": person.grade}
    return ""


def with_position(person: Person) -> str:
    """«Савельева Светлана Сергеевна, учитель математики»."""
    position = person_position(person)
    return f"{person.full_name}, {position}" if position else person.full_name


def order_groups(order: Order) -> list[Group]:
    """The order's groups with everything the text and the table print, in a fixed number of
    queries, ordered by the mentor's name."""
    groups = order.groups.select_related(
        "mentor__person", "co_mentor__person", "form", "programme"
    ).prefetch_related("mentees__person")
    return sorted(groups, key=lambda group: (group.mentor.person.search_text, group.pk))


def group_programme(group: Group) -> Programme | None:
    try:
        return group.programme
    except Programme.DoesNotExist:
        return None


def group_term(group: Group) -> str:
    """The group's term, or its programme's when the group has no dates of its own; empty
    when neither is known."""
    if group.starts_on and group.ends_on:
        return term_text(group.starts_on, group.ends_on)
    programme = group_programme(group)
    if programme is not None:
        return term_text(programme.starts_on, programme.ends_on)
    return ""


def _requisites(order: Order) -> tuple[str, str]:
    """(date, number) as annexes and the acquaintance sheet cite them: «30.08.2023», «90-од»."""
    if order.is_signed:
        return order.signed_on.strftime("%d.%m.%Y"), order.number_text
    return BLANK_DATE, BLANK_NUMBER


def _mentees_cell(group: Group) -> str:
    return ";\n".join(with_position(entry.person) for entry in group.mentees.all())


def _pairs_table(order: Order, groups: list[Group]) -> dict:
    """The annex table of the order's groups; its columns depend on the kind."""
    if order.kind == Order.Kind.CHANGE_GROUP:
        title = _("Изменения в составе наставнических пар (групп)")
        columns = [
            _("№"),
            _("Наставник (ФИО, должность)"),
            _("Второй или замещающий наставник"),
            _("Наставляемые (ФИО, должность или класс)"),
            _("Срок"),
        ]
        rows = [
            [
                with_position(group.mentor.person),
                f"{with_position(group.co_mentor.person)} "
                f"({group.get_co_mentor_role_display().lower()})"
                if group.co_mentor
                else "—",
                _mentees_cell(group),
                group_term(group) or "—",
            ]
            for group in groups
        ]
    elif order.kind == Order.Kind.FINISH:
        title = _("Завершённые персонализированные программы наставничества")
        columns = [
            _("№"),
            _("Наставник (ФИО, должность)"),
            _("Наставляемые (ФИО, должность или класс)"),
            _("Программа"),
            _("Срок реализации"),
        ]
        rows = []
        for group in groups:
            programme = group_programme(group)
            rows.append(
                [
                    with_position(group.mentor.person),
                    _mentees_cell(group),
                    f"«{programme.title}»" if programme else "—",
                    group_term(group) or "—",
                ]
            )
    else:
        title = _("Состав наставнических пар (групп)")
        columns = [
            _("№"),
            _("Наставник (ФИО, должность)"),
            _("Наставляемые (ФИО, должность или класс)"),
            _("Форма наставничества"),
            _("Срок"),
        ]
        rows = []
        for group in groups:
            mentor = with_position(group.mentor.person)
            if group.co_mentor:
                role = group.get_co_mentor_role_display() or _("Второй наставник")
                mentor += f"\n{role.lower()}: {with_position(group.co_mentor.person)}"
            rows.append([mentor, _mentees_cell(group), group.form.name, group_term(group) or "—"])
    date, number = _requisites(order)
    return {
        "annex": _("Приложение к приказу от %(date)s № %(number)s")
        % {"date": date, "number": number},
        "title": title,
        "columns": columns,
        "rows": [[str(index), *row] for index, row in enumerate(rows, start=1)],
    }


def _annexes(order: Order, tables: list[dict]) -> list[dict]:
    """The annexes the order names: the Положение and the roadmap (printed separately, with
    their own approval marks) or the table of groups (printed after the signature)."""
    if order.kind == Order.Kind.APPROVE_SYSTEM:
        annexes = []
        if order.regulation_version_id:
            version = order.regulation_version
            annexes.append(
                {
                    "number": str(len(annexes) + 1),
                    "title": _("%(title)s (редакция %(number)s)")
                    % {"title": version.regulation.title, "number": version.number},
                }
            )
        if order.roadmap_id:
            annexes.append(
                {
                    "number": str(len(annexes) + 1),
                    "title": _("%(title)s на %(period)s")
                    % {"title": order.roadmap.title, "period": order.roadmap.period_label},
                }
            )
        return annexes
    return [{"number": "", "title": table["title"]} for table in tables]


def _acquaintance(order: Order, groups: list[Group]) -> list[dict]:
    """Everyone the order names, once each: its people first, then the groups' members."""
    people: dict[int, tuple[Person, str]] = {}
    for row in order.people.select_related("person"):
        people.setdefault(row.person_id, (row.person, row.position))
    for group in groups:
        members = [group.mentor, group.co_mentor, *group.mentees.all()]
        for entry in filter(None, members):
            people.setdefault(entry.person_id, (entry.person, ""))
    return [
        {"name": person.full_name, "position": position or person_position(person)}
        for person, position in people.values()
    ]


def order_content(order: Order) -> dict:
    """Everything the order prints, from the live data: the snapshot signing freezes."""
    organisation = order.organisation
    director = organisation.director
    groups = order_groups(order) if order.kind in Order.GROUP_KINDS else []
    tables = [_pairs_table(order, groups)] if groups else []
    date, number = _requisites(order)
    return typeset(
        {
            "organisation": organisation.name,
            "header": organisation.header_lines or [organisation.name],
            "header_second": organisation.header_second_language_lines,
            "document_kind": _("ПРИКАЗ"),
            "date": ru_date(order.signed_on) if order.is_signed else BLANK_DATE,
            "number": order.number_text if order.is_signed else "",
            "place": organisation.place,
            "heading": order.heading,
            "preamble": [
                " ".join(paragraph.split())
                for paragraph in order.preamble.replace("\r\n", "\n").split("\n\n")
                if paragraph.strip()
            ],
            "items": order.item_list,
            "tables": tables,
            "annexes": _annexes(order, tables),
            "signature": {
                "position": (director.position[:1].upper() + director.position[1:])
                if director and director.position
                else _("Директор"),
                "name": director.signature_name if director else "",
            },
            "acquaintance": _acquaintance(order, groups),
            "acquaintance_title": _(
                "С приказом от %(date)s № %(number)s «%(heading)s» ознакомлены:"
            )
            % {"date": date, "number": number, "heading": order.heading},
            "is_draft": not order.is_signed,
        }
    )


def printed_content(order: Order) -> dict:
    """What the order shows: the frozen snapshot once signed, the live draft before."""
    if order.is_signed and order.snapshot:
        return order.snapshot
    return order_content(order)


def order_filename(order: Order) -> str:
    if order.is_signed:
        return f"prikaz-{ascii_name(order.number_text)}-{order.signed_on:%Y-%m-%d}.pdf"
    return f"proekt-prikaza-{order.pk}.pdf"


def render_order(order: Order) -> Document:
    """The order as a PDF: from its snapshot when signed, else from the data, marked «ПРОЕКТ»."""
    return render_pdf(
        "documents/order.html",
        {"order": printed_content(order)},
        filename=order_filename(order),
    )
