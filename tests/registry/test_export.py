"""The banks of mentees and mentors downloaded as XLSX."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from registry import exports
from registry.models import AnswerStatus, Consent, MenteeEntry, MentorEntry, Person
from tests.conftest import give_consent
from tests.factories import (
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(content: bytes) -> list[dict]:
    """The first sheet's rows as header → value."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def export(client, world, name, **params):
    return client.get(reverse(f"registry:{name}", args=[world.school.slug]), params)


def test_the_mentee_bank_downloads_every_row_not_one_page(curator_client, world, today):
    for _ in range(30):
        MenteeEntryFactory(person__organisation=world.school)
    response = export(curator_client, world, "mentee_export")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert f"bank-nastavlyaemyh-{today:%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert len(rows) == MenteeEntry.objects.filter(person__organisation=world.school).count()
    assert len(rows) > 30
    assert list(rows[0]) == exports.mentee_header()


def test_a_mentee_row_carries_what_the_curator_needs(curator_client, world):
    topic = world.topic
    world.professional_request.topics.add(topic)
    rejected = ProfessionalRequestFactory(
        person=world.people["mentee"], status=AnswerStatus.REJECTED, difficulties="Отклонённое"
    )
    rejected.topics.add(TopicFactory(organisation=world.school, name="Чужое направление"))
    world.people["mentee"].methodical_association = world.school.methodical_associations.create(
        name="МО начальных классов"
    )
    world.people["mentee"].save()

    [row] = [
        r
        for r in sheet_rows(export(curator_client, world, "mentee_export").content)
        if r["ФИО"].startswith("Зайцева")
    ]

    assert row["МО"] == "МО начальных классов"
    assert row["Категория"] == "Молодой специалист"
    assert row["Статус"] == "Ждёт наставника"
    assert isinstance(row["Включён в банк"], datetime.datetime)
    assert row["Направления запросов"] == "Работа с интерактивной доской"
    assert row["Профессиональные затруднения"] == world.professional_request.difficulties
    assert row["Согласие на обработку ПДн"] == "действует"


def test_a_minors_consent_is_the_representatives(curator_client, world, today):
    child = PersonFactory(
        organisation=world.school,
        last_name="Аверин",
        kind=Person.Kind.STUDENT,
        birth_date=today.replace(year=today.year - 12) - datetime.timedelta(days=1),
    )
    MenteeEntryFactory(person=child, category=MenteeEntry.Category.STUDENT)
    rows = sheet_rows(export(curator_client, world, "mentee_export").content)
    [row] = [r for r in rows if r["ФИО"].startswith("Аверин")]
    assert row["Согласие на обработку ПДн"] == "нет (согласие законного представителя)"


def test_a_mentor_row_carries_competencies_capacity_and_consents(curator_client, world, today):
    world.people["mentor"].consents.filter(kind="duties").delete()
    response = export(curator_client, world, "mentor_export")
    assert f"bank-nastavnikov-{today:%Y-%m-%d}.xlsx" in response["Content-Disposition"]
    [row] = sheet_rows(response.content)
    assert row["ФИО"].startswith("Савельева")
    assert row["Компетенции"] == "Работа с интерактивной доской"
    assert row["Нагрузка: наставляемых одновременно"] == 2
    assert row["Обучение: занятий"] == 1
    assert row["Статус"] == "Готов к наставничеству"
    assert row["Согласие на обработку ПДн"] == "действует"
    assert row["Согласие на обязанности наставника"] == "нет"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+79001234567", "-1+1", "@SUM(A1)"])
def test_formula_like_text_is_inert(curator_client, world, text):
    person = world.people["mentor"]
    person.position = text
    person.save()
    [row] = sheet_rows(export(curator_client, world, "mentor_export").content)
    assert row["Должность"] == "'" + text


def test_the_bank_filters_apply_to_the_export(curator_client, world):
    for last_name, status in [("Осипова", "paired"), ("Осипенко", "waiting")]:
        MenteeEntryFactory(
            person__organisation=world.school, person__last_name=last_name, status=status
        )
    names = {r["ФИО"].split()[0] for r in sheet_rows(
        export(curator_client, world, "mentee_export", status="paired").content
    )}  # fmt: skip
    assert names == {"Осипова"}
    names = {r["ФИО"].split()[0] for r in sheet_rows(
        export(curator_client, world, "mentee_export", q="осип").content
    )}  # fmt: skip
    assert names == {"Осипова", "Осипенко"}


def test_the_mentor_filter_by_competency_applies(curator_client, world):
    MentorEntryFactory(person__organisation=world.school, person__last_name="Тихонов")
    rows = sheet_rows(export(curator_client, world, "mentor_export", topic=world.topic.pk).content)
    assert [r["ФИО"].split()[0] for r in rows] == ["Савельева"]


def test_the_export_shows_only_the_schools_own_bank(curator_client, world):
    MenteeEntryFactory(person__organisation=world.other_school, person__last_name="Чужая")
    rows = sheet_rows(export(curator_client, world, "mentee_export").content)
    assert all(not r["ФИО"].startswith("Чужая") for r in rows)


def fill_banks(world, count):
    MenteeEntry.objects.filter(person__organisation=world.school).delete()
    world.school.people.exclude(pk__in=[p.pk for p in world.people.values()]).delete()
    topic = TopicFactory(organisation=world.school)
    association = world.school.methodical_associations.create(name=f"МО {count}")
    for _ in range(count):
        person = PersonFactory(organisation=world.school, methodical_association=association)
        give_consent(person)
        give_consent(person, Consent.Kind.DUTIES)
        MenteeEntryFactory(person=person)
        ProfessionalRequestFactory(person=person).topics.add(topic)
        MentorEntryFactory(person=person).competencies.add(topic)


@pytest.mark.parametrize("name", ["mentee_export", "mentor_export"])
def test_an_export_runs_as_many_queries_for_200_entries_as_for_5(curator_client, world, name):
    def queries_with(count):
        fill_banks(world, count)
        with CaptureQueriesContext(connection) as context:
            response = export(curator_client, world, name)
        assert response.status_code == 200
        assert len(sheet_rows(response.content)) >= count
        return len(context)

    assert queries_with(5) == queries_with(200)


def test_rows_come_from_the_banks_querysets_without_a_request(world, today):
    mentees = list(exports.mentee_rows(MenteeEntry.objects.listed(world.school), on=today))
    mentors = list(exports.mentor_rows(MentorEntry.objects.listed(world.school), on=today))
    assert world.people["mentee"].full_name in [row[0] for row in mentees]
    assert len(mentees) == MenteeEntry.objects.filter(person__organisation=world.school).count()
    assert [row[0] for row in mentors] == [world.people["mentor"].full_name]
    assert len(mentees[0]) == len(exports.mentee_header())
    assert len(mentors[0]) == len(exports.mentor_header())
