"""The annual analytical report: the page, the curator's conclusions, the PDF and XLSX, the
statistics page and the list of years; figures checked against the demo counted by hand."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Meeting, Programme
from programmes.models.monitoring import SurveyResponse
from registry.models import Organisation, Person
from roadmap.figures import figures_for
from roadmap.models import AnnualReport
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)

TITLE = "Аналитический отчёт о реализации системы наставничества за {label}"


def url(name, world, year=None, org=None):
    return reverse(f"roadmap:{name}", args=[org or world.school.slug, year or world.year])


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().replace("-\n", "").split())


@pytest.fixture
def world(public_world):
    """The world with its public part: this year's annual report with conclusions."""
    return public_world


@pytest.fixture
def label(world):
    return SchoolYear(world.year).label


# Hand count of the world's school this year: eight staff (five personas, the person, the
# waiting mentee, the finished programme's mentee); the active pair and the finished group
# involve the mentor and two mentees; the proposed group involves nobody yet.
STAFF_LABEL = "3 из 8 педагогов"


def test_the_report_shows_the_figures_and_the_conclusions(curator_client, world, label):
    response = curator_client.get(url("annual_report", world))
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLE.format(label=label) in page
    assert world.school.name in page
    assert STAFF_LABEL in page and "38 %" in page
    assert "Педагог — молодой специалист" in page
    assert world.annual_report.conclusions in page
    assert "Изменить выводы" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page


def test_a_year_without_data_still_renders_with_zeros(curator_client, world):
    response = curator_client.get(url("annual_report", world, year=2005))
    assert response.status_code == 200
    page = response.content.decode()
    assert "нет данных" in page
    assert "Выводы куратора пока не написаны" in page
    for name in ("annual_report_pdf", "annual_report_xlsx", "statistics"):
        assert curator_client.get(url(name, world, year=2005)).status_code == 200


@pytest.mark.parametrize("year", [1999, 3000])
@pytest.mark.parametrize(
    "name",
    [
        "annual_report",
        "annual_report_edit",
        "annual_report_pdf",
        "annual_report_xlsx",
        "statistics",
    ],
)
def test_a_year_out_of_range_is_not_found(curator_client, world, name, year):
    assert curator_client.get(url(name, world, year=year)).status_code == 404


def test_an_authority_has_no_report_of_its_own(client, world):
    client.force_login(world.user("coordinator"))
    assert client.get(url("annual_report", world, org=world.authority.slug)).status_code == 404
    response = client.get(reverse("roadmap:report_list", args=[world.authority.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "roadmap:authority_overview", args=[world.authority.slug]
    )


def test_the_coordinator_reads_a_schools_report_without_editing(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(url("annual_report", world))
    assert response.status_code == 200
    assert "Изменить выводы" not in response.content.decode()


# The curator's conclusions


def test_the_curator_writes_the_conclusions_and_proposals(curator_client, world):
    response = curator_client.post(
        url("annual_report_edit", world),
        {
            "conclusions": "  Пары работают.\n\nНужны групповые формы.  ",
            "proposals": "Обучить ещё трёх.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("annual_report", world)
    assert "Выводы и предложения сохранены." in response.content.decode()
    report = AnnualReport.objects.get(organisation=world.school, year=world.year)
    assert report.conclusions == "Пары работают.\n\nНужны групповые формы."
    assert report.proposals == "Обучить ещё трёх."
    assert report.updated_by == world.user("curator")
    page = response.content.decode()
    assert "<p>Пары работают.</p>" in page and "Обучить ещё трёх." in page


def test_the_first_save_of_a_year_makes_its_report(client, world):
    client.force_login(world.user("working_group"))
    client.post(url("annual_report_edit", world, year=world.year - 1), {"conclusions": "Итоги."})
    report = AnnualReport.objects.get(organisation=world.school, year=world.year - 1)
    assert (report.conclusions, report.updated_by) == ("Итоги.", world.user("working_group"))


def test_the_director_reads_but_does_not_write_the_conclusions(client, world):
    client.force_login(world.user("director"))
    assert client.get(url("annual_report_edit", world)).status_code == 403
    response = client.post(url("annual_report_edit", world), {"conclusions": "Чужие выводы"})
    assert response.status_code == 403
    world.annual_report.refresh_from_db()
    assert world.annual_report.conclusions.startswith("Система наставничества работает")
    page = client.get(url("annual_report", world)).content.decode()
    assert "Изменить выводы" not in page and "Написать выводы" not in page


def test_a_text_too_long_is_refused_with_a_clear_message(curator_client, world):
    response = curator_client.post(url("annual_report_edit", world), {"conclusions": "я" * 20001})
    assert response.status_code == 200
    assert "Слишком длинный текст: не больше 20000 знаков" in response.content.decode()


# Downloads


def test_the_pdf_holds_the_title_the_school_the_figures_and_the_conclusions(
    curator_client, world, label
):
    response = curator_client.get(url("annual_report_pdf", world))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    text = pdf_text(response.content)
    assert TITLE.format(label=label) in text
    assert world.school.name in text
    assert STAFF_LABEL in text
    assert "1. Участники системы наставничества" in text
    assert "Педагог — молодой специалист" in text
    assert world.annual_report.conclusions in text


def test_the_xlsx_holds_the_figures_in_sheets(curator_client, world):
    response = curator_client.get(url("annual_report_xlsx", world))
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Участники",
        "Вовлечённость",
        "Формы наставничества",
        "Пары и группы по статусам",
        "Программы",
        "Мониторинг",
        "Целевые показатели",
        "Лучшие практики",
        "Выводы",
    ]
    participants = {row[0]: row[1] for row in book["Участники"].iter_rows(values_only=True)}
    assert participants["Наставников в банке"] == 1
    assert participants["Наставляемых в банке"] == 3
    shares = list(book["Вовлечённость"].iter_rows(values_only=True))
    assert shares[1] == ("Педагоги в наставничестве", 38, 3, 8, None)
    forms = list(book["Формы наставничества"].iter_rows(values_only=True))
    assert forms[1] == ("Педагог — молодой специалист", 2, 0, 2)
    conclusions = list(book["Выводы"].iter_rows(values_only=True))
    assert conclusions[1] == ("Выводы", world.annual_report.conclusions)


def test_the_statistics_page_has_the_numbers_a_form_asks_for(client, world):
    client.force_login(world.user("director"))
    response = client.get(url("statistics", world))
    assert response.status_code == 200
    page = response.content.decode()
    for line in (
        "Численность наставников, чел.",
        "Численность наставляемых, чел.",
        "из них закреплены за наставником",
        "Наставнических пар, закреплённых приказом",
        "Персонализированных программ завершено",
        "Доля: педагоги в наставничестве, %",
    ):
        assert line in page
    assert STAFF_LABEL in page
    assert 'href="/static/css/reports.css"' in page  # the print stylesheet


def test_the_list_shows_the_years_with_data_and_the_current_one(curator_client, world):
    AnnualReport.objects.create(organisation=world.school, year=2019, conclusions="Давно.")
    page = curator_client.get(reverse("roadmap:report_list", args=[world.school.slug])).content
    page = page.decode()
    assert SchoolYear.current().label.capitalize() in page
    assert "2019/2020 учебный год" in page
    assert "2018/2019" not in page


# Queries


def _more(world, count):
    """``count`` more pairs in the school, each with a programme, a plan item, a meeting and
    an answer."""
    for _ in range(count):
        mentee = MenteeEntryFactory(person=PersonFactory(organisation=world.school))
        group = GroupFactory(
            organisation=world.school,
            mentor=MentorEntryFactory(person=PersonFactory(organisation=world.school)),
            mentees=[mentee],
            form=world.form,
        )
        programme = ProgrammeFactory(group=group)
        PlanItemFactory(programme=programme)
        Meeting.objects.create(
            programme=programme, date=timezone.localdate(), minutes=40, topic="Встреча"
        )
        SurveyResponse.objects.create(
            programme=programme, respondent=mentee.person, survey="mentee_quality", answers={}
        )


@pytest.mark.parametrize("name", ["annual_report", "statistics", "annual_report_xlsx"])
def test_the_report_takes_a_fixed_number_of_queries(
    curator_client, world, name, django_assert_num_queries
):
    _more(world, 2)
    with CaptureQueriesContext(connection) as queries:
        assert curator_client.get(url(name, world)).status_code == 200
    _more(world, 10)
    with django_assert_num_queries(len(queries)):
        curator_client.get(url(name, world))


# The demo, counted by hand from programmes/demo.py and roadmap/demo.py


def test_the_demo_figures_match_a_hand_count(db):
    call_command("load_demo", "--yes-demo")
    school = Organisation.objects.get(slug="zarechnaya-school-1")
    year = SchoolYear.current()
    last = SchoolYear(year.start - 1)
    result = figures_for([school], year)[school.pk]
    # Seven groups: three working, one fixed, one proposed; the finished and the dissolved one
    # changed status on the day the demo was loaded.
    assert dict(result.groups_by_status) == {
        "Предложена": 1,
        "Закреплена приказом": 1,
        "Работает": 3,
        "Завершила работу": 1,
        "Расформирована": 1,
    }
    forms = {form.name.split()[0]: (form.pairs, form.groups) for form in result.forms}
    assert forms == {"Традиционная": (3, 0), "Групповая": (0, 1), "Профессиональные": (1, 0)}
    # Five mentors and a substitute co-mentor who are staff, five staff mentees, one student.
    staff = Person.objects.filter(organisation=school, kind=Person.Kind.STAFF).count()
    assert (result.staff.value, result.staff.total) == (10, staff)
    assert result.students.value == 1
    # Three programmes run; the finished one ended before this school year.
    assert (result.programmes.running, result.programmes.started) == (3, 3)
    assert result.programmes.completed == 0

    before = figures_for([school], last, monitoring=True)[school.pk]
    assert before.formed == 1 and dict(before.groups_by_status)["Завершила работу"] == 1
    programmes = before.programmes
    assert (programmes.running, programmes.completed, programmes.average_months) == (1, 1, 9.0)
    assert dict(programmes.by_reason)["Программа выполнена в полном объёме"] == 1
    assert before.best_programmes == [
        Programme.objects.get(status=Programme.Status.COMPLETED).title
    ]
    assert before.published_practices == ["Подготовка к ОГЭ по химии в первый год работы"]
    # Four meetings of 45, 60, 40 and 50 minutes in the first weeks of that year.
    assert (before.meetings, before.minutes, before.hours) == (4, 195, 3.2)
    assert Group.objects.filter(organisation=school).count() == 7
