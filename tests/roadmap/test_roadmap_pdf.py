"""The printed roadmap: the annex to the approving order, with its approval marks, title, goal,
targets and the plan table."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from mentoring_site.school_year import SchoolYear
from roadmap.models import Roadmap
from roadmap.services.roadmaps import (
    render_roadmap,
    roadmap_create_from_template,
)


def pdf_text(content: bytes) -> str:
    """The PDF's text cell by cell (``-raw``: in the order it was drawn, so table columns do
    not interleave), words broken at line ends (after «-» or «/») joined again."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    )
    text = result.stdout.decode().replace("-\n", "").replace("/\n", "/")
    return " ".join(text.split())


def make(world, model=Roadmap.Model.TEACHERS):
    roadmap = roadmap_create_from_template(
        organisation=world.school,
        model=model,
        starts_on=SchoolYear(2026).starts_on,
        ends_on=SchoolYear(2026).ends_on,
        created_by=world.user("curator"),
    )
    return roadmap


@pytest.fixture
def approved(world):
    roadmap = make(world)
    roadmap.considered_protocol, roadmap.considered_on = "1", datetime.date(2026, 8, 28)
    roadmap.agreed_by, roadmap.agreed_protocol = "на заседании МО", "2"
    roadmap.agreed_on = datetime.date(2026, 8, 27)
    roadmap.approved_number, roadmap.approved_on = "90-од", datetime.date(2026, 8, 30)
    roadmap.save()
    activity = roadmap.stages.get(number=2).activities.get(number=1)
    activity.responsible_people.add(world.people["curator"])
    return roadmap


def test_the_pdf_downloads_inline_with_an_ascii_name(client, world, approved):
    client.force_login(world.user("mentor"))
    response = client.get(reverse("roadmap:roadmap_pdf", args=[world.school.slug, approved.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="dorozhnaya-karta-2026-2027.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_the_pdf_has_the_marks_title_goal_targets_and_plan(world, approved):
    text = pdf_text(render_roadmap(approved).content)
    assert "РАССМОТРЕНО на педагогическом совете (протокол № 1 от 28 августа 2026 г.)" in text
    assert "СОГЛАСОВАНО на заседании МО (протокол № 2" in text
    assert "УТВЕРЖДЕНО приказом руководителя от 30.08.2026 № 90-од" in text
    assert "Приложение 2 к приказу от 30.08.2026 № 90-од" in text
    assert (
        "Дорожная карта (план мероприятий) по реализации Положения о системе наставничества "
        "педагогических работников МБОУ СОШ № 1 на 2026/2027 учебный год"
    ) in text
    assert "Цель: Поддержать профессиональный рост" in text
    assert "Молодые специалисты, за которыми закреплён наставник — не менее 100 %" in text
    for heading in ("№", "Наименование этапа", "Сроки", "Ответственные"):
        assert heading in text
    assert "Содержание деятельности и план мероприятий" in text
    for stage in approved.stages.all():
        assert f"{stage.number}. {stage.title}" in text
    assert "Задача: Выяснить, кому из педагогов нужна поддержка" in text
    assert "2.1 Собрать профессиональные запросы педагогов" in text
    assert "Сентябрь 2026 г." in text and "Октябрь 2026 г." in text
    assert "В течение года" in text and "По мере необходимости" in text
    assert f"Куратор: {world.people['curator'].short_name}" in text


def test_an_unapproved_roadmap_prints_blanks_to_fill_in(world):
    text = pdf_text(render_roadmap(make(world)).content)
    assert "УТВЕРЖДЕНО приказом руководителя от «___» ________ 20__ г. № ________" in text
    assert "Приложение 2 к приказу от ____________ № _____" in text
    assert "СОГЛАСОВАНО" not in text


def test_the_students_roadmap_prints_its_own_title_and_annual_deadlines(world):
    roadmap = make(world, Roadmap.Model.STUDENTS)
    text = pdf_text(render_roadmap(roadmap).content)
    assert (
        "Дорожная карта внедрения целевой модели наставничества обучающихся МБОУ СОШ № 1 "
        "на 2026/2027 учебный год"
    ) in text
    assert "Ежегодно, октябрь" in text
    assert "Ожидаемый результат:" in text
    assert "не менее 70 %" in text
