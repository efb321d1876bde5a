"""Spreadsheets of the banks of mentees and mentors: rows for the curator's XLSX downloads.

The row functions take the bank's queryset as the bank lists build it
(``MenteeEntry.objects.listed`` and ``MentorEntry.objects.listed``, with their joins and
prefetches), filtered as the list is, and read nothing else from the database.
"""

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mentoring_site.documents import Document, render_xlsx
from registry.models import (
    Consent,
    MenteeEntry,
    MentorEntry,
    Person,
    consent_summary,
    required_personal_data_kind,
)

# Rows are read from the database this many at a time, prefetches included.
CHUNK_SIZE = 2000


def _entries(entries: Iterable) -> Iterator:
    if isinstance(entries, QuerySet):
        return entries.iterator(chunk_size=CHUNK_SIZE)
    return iter(entries)


def _association(person: Person) -> str:
    return person.methodical_association.name if person.methodical_association else ""


def _labels(choices) -> dict[str, str]:
    """Value → label, translated once per export rather than once per cell."""
    return {value: str(label) for value, label in choices}


def personal_data_consent(summary: dict[str, str], person: Person, states: dict) -> str:
    """The state of the consent the person's data rests on: their own, or for a minor the
    legal representative's."""
    kind = required_personal_data_kind(person)
    if kind == Consent.Kind.REPRESENTATIVE:
        return _("%(state)s (согласие законного представителя)") % {"state": states[summary[kind]]}
    return states[summary[kind]]


def _names(items) -> str:
    return ", ".join(sorted({item.name for item in items}))


def mentee_header() -> list[str]:
    return [
        _("ФИО"),
        _("Должность"),
        _("Класс"),
        _("МО"),
        _("Категория"),
        _("Статус"),
        _("Включён в банк"),
        _("Выбыл"),
        _("Стаж, лет"),
        _("Направления запросов"),
        _("Профессиональные затруднения"),
        _("Пожелания к наставнику"),
        _("Электронная почта"),
        _("Телефон"),
        _("Согласие на обработку ПДн"),
    ]


def mentee_rows(entries: Iterable[MenteeEntry], *, on: datetime.date) -> Iterator[list]:
    """One row per mentee; requests are the person's prefetched, not rejected, ones."""
    categories = _labels(MenteeEntry.Category.choices)
    statuses = _labels(MenteeEntry.Status.choices)
    states = _labels(Consent.State.choices)
    for entry in _entries(entries):
        person = entry.person
        requests = list(person.professional_requests.all())
        yield [
            person.full_name,
            person.position,
            person.grade,
            _association(person),
            categories[entry.category],
            statuses[entry.status],
            entry.entered_on,
            entry.left_on,
            person.experience_years(on),
            _names(topic for request in requests for topic in request.topics.all()),
            "\n".join(request.difficulties for request in requests),
            entry.preferences,
            person.email,
            person.phone,
            personal_data_consent(consent_summary(person, on), person, states),
        ]


def mentor_header() -> list[str]:
    return [
        _("ФИО"),
        _("Должность"),
        _("МО"),
        _("Предметы"),
        _("Квалификационная категория"),
        _("Стаж, лет"),
        _("Статус"),
        _("Включён в банк"),
        _("Компетенции"),
        _("Нагрузка: наставляемых одновременно"),
        _("Обучение: занятий"),
        _("Дата собеседования"),
        _("Итог собеседования"),
        _("Электронная почта"),
        _("Телефон"),
        _("Согласие на обработку ПДн"),
        _("Согласие на обязанности наставника"),
    ]


def mentor_rows(entries: Iterable[MentorEntry], *, on: datetime.date) -> Iterator[list]:
    """One row per mentor; ``trainings`` is the count the bank's queryset annotates."""
    qualifications = _labels(Person.Qualification.choices)
    statuses = _labels(MentorEntry.Status.choices)
    outcomes = _labels(MentorEntry.Outcome.choices)
    states = _labels(Consent.State.choices)
    for entry in _entries(entries):
        person = entry.person
        summary = consent_summary(person, on)
        yield [
            person.full_name,
            person.position,
            _association(person),
            person.subjects,
            qualifications[person.qualification],
            person.experience_years(on),
            statuses[entry.status],
            entry.entered_on,
            _names(entry.competencies.all()),
            entry.capacity,
            entry.trainings,
            entry.interview_date,
            outcomes[entry.interview_outcome],
            person.email,
            person.phone,
            personal_data_consent(summary, person, states),
            states[summary[Consent.Kind.DUTIES]],
        ]


def mentee_bank_document(entries, *, on: datetime.date) -> Document:
    return render_xlsx(
        [(_("Банк наставляемых"), mentee_header(), mentee_rows(entries, on=on))],
        filename=f"bank-nastavlyaemyh-{on:%Y-%m-%d}.xlsx",
    )


def mentor_bank_document(entries, *, on: datetime.date) -> Document:
    return render_xlsx(
        [(_("Банк наставников"), mentor_header(), mentor_rows(entries, on=on))],
        filename=f"bank-nastavnikov-{on:%Y-%m-%d}.xlsx",
    )
