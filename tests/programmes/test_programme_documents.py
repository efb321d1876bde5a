"""The programme to sign (PDF) and a mentor's workload sheet (PDF and XLSX)."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Meeting, PlanItem, Programme
from programmes.services.programmes import mentor_workload
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)


def url(name, world, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


def pdf_text(content: bytes) -> str:
    """The PDF's text in reading order, words hyphenated at line ends joined again."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().replace("-\n", "").split())


@pytest.fixture
def signed_programme(world):
    """The world's programme with a known term, a director, and a second plan row."""
    school = world.school
    school.director = PersonFactory(
        organisation=school,
        last_name="Миронов",
        first_name="Павел",
        middle_name="Игоревич",
        gender="male",
        position="директор",
    )
    school.save()
    programme = world.programme
    programme.starts_on, programme.ends_on = datetime.date(2026, 9, 1), datetime.date(2027, 5, 31)
    programme.title = "Первый год у доски"
    programme.save()
    PlanItemFactory(
        programme=programme,
        activity="Открытый урок молодого педагога",
        deadline=datetime.date(2027, 3, 15),
        report_form="Технологическая карта",
    )
    return programme


def test_the_programme_pdf_has_the_approval_participants_term_and_plan(
    client, world, signed_programme
):
    client.force_login(world.user("mentee"))
    response = client.get(url("programme_pdf", world, signed_programme.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    text = pdf_text(response.content)
    assert "УТВЕРЖДАЮ" in text and "П. И. Миронов" in text
    assert "«___» ____________ 20__ г." in text
    assert "Первый год у доски" in text
    assert world.people["mentor"].full_name in text
    assert world.people["mentee"].full_name in text
    assert "с 1 сентября 2026 г. по 31 мая 2027 г." in text
    assert world.item.activity in text
    assert "Открытый урок молодого педагога" in text and "15.03.2027" in text
    assert world.people["mentor"].short_name in text and world.people["mentee"].short_name in text


def test_an_approved_programme_prints_its_approval_date(client, world, signed_programme):
    signed_programme.approved_on = datetime.date(2026, 8, 30)
    signed_programme.save()
    client.force_login(world.user("curator"))
    text = pdf_text(client.get(url("programme_pdf", world, signed_programme.pk)).content)
    assert "30 августа 2026 г." in text


@pytest.fixture
def career(world):
    """The mentor persona's groups over two academic years, with meetings and outcomes."""
    mentor = world.mentor_entry
    programme = world.programme
    programme.starts_on, programme.ends_on = datetime.date(2025, 9, 1), datetime.date(2026, 5, 31)
    programme.status = Programme.Status.COMPLETED
    programme.completion_reason = Programme.CompletionReason.DONE
    programme.completed_on = datetime.date(2026, 5, 31)
    programme.save()
    world.item.status = PlanItem.Status.DONE
    world.item.save()
    for day, minutes in [(datetime.date(2025, 10, 1), 90), (datetime.date(2026, 2, 1), 60)]:
        Meeting.objects.create(programme=programme, date=day, minutes=minutes, topic="Разбор")
    later = GroupFactory(
        organisation=world.school,
        mentor=mentor,
        form=world.form,
        starts_on=datetime.date(2026, 9, 1),
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
    )
    running = ProgrammeFactory(
        group=later, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2027, 5, 31)
    )
    Meeting.objects.create(
        programme=running, date=datetime.date(2026, 9, 10), minutes=45, topic="Знакомство"
    )
    world.group.starts_on = datetime.date(2025, 9, 1)
    world.group.status = Group.Status.FINISHED
    world.group.save()
    world.new_group.starts_on = datetime.date(2026, 9, 1)
    world.new_group.save()
    return mentor


def test_the_workload_sums_groups_meetings_and_outcomes_per_academic_year(world, career):
    workload = mentor_workload(career)
    assert len(workload.rows) == 3
    first = workload.rows[0]
    assert (first.meetings, first.hours, first.progress) == (2, "2 ч 30 мин", 100)
    assert first.outcome == "Программа выполнена в полном объёме"
    years = {total.label: total for total in workload.years}
    assert set(years) == {"2025/2026", "2026/2027"}
    assert (years["2025/2026"].groups, years["2025/2026"].meetings) == (1, 2)
    assert years["2025/2026"].outcomes == "Программа выполнена в полном объёме: 1"
    assert (years["2026/2027"].groups, years["2026/2027"].mentees) == (2, 2)
    assert years["2026/2027"].hours == "45 мин"
    assert workload.total_hours == "3 ч 15 мин"


def test_the_workload_xlsx_has_a_row_per_group_and_per_year(client, world, career):
    client.force_login(world.user("mentor"))
    response = client.get(url("workload_xlsx", world, career.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Группы", "По учебным годам"]
    groups = list(workbook["Группы"].iter_rows(values_only=True))
    assert groups[0][0] == "Наставляемые"
    assert len(groups) == 4
    assert groups[1][0] == world.people["mentee"].short_name
    assert groups[1][5:8] == (100, 2, 2.5)
    years = list(workbook["По учебным годам"].iter_rows(values_only=True))
    assert [row[0] for row in years[1:]] == ["2025/2026", "2026/2027"]
    assert years[1][3:5] == (2, 2.5)


def test_the_workload_pdf_names_the_mentor_and_the_totals(client, world, career):
    client.force_login(world.user("curator"))
    response = client.get(url("workload_pdf", world, career.pk))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert world.people["mentor"].full_name in text
    assert world.people["mentee"].short_name in text
    assert "2025/2026" in text and "3 ч 15 мин" in text
    assert "Программа выполнена в полном объёме" in text


def test_a_mentor_sees_only_their_own_workload(client, world):
    other = MentorEntryFactory(person=PersonFactory(organisation=world.school))
    client.force_login(world.user("mentor"))
    assert client.get(url("workload_pdf", world, world.mentor_entry.pk)).status_code == 200
    assert client.get(url("workload_pdf", world, other.pk)).status_code == 403
    client.force_login(world.user("mentee"))
    assert client.get(url("workload_xlsx", world, world.mentor_entry.pk)).status_code == 403


def test_another_schools_mentor_is_not_found(curator_client, world):
    foreign = MentorEntryFactory(person=PersonFactory(organisation=world.other_school))
    assert curator_client.get(url("workload_xlsx", world, foreign.pk)).status_code == 404


@pytest.mark.parametrize(
    "day, year",
    [(datetime.date(2026, 8, 31), 2025), (datetime.date(2026, 9, 1), 2026)],
)
def test_an_academic_year_starts_on_the_first_of_september(day, year):
    assert SchoolYear.of(day).start == year
