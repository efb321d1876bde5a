"""The year's figures in the browser: the curator opens the dashboard from the menu, sees what
needs attention and the figures against the targets, writes the conclusions of the annual report
and downloads it as a PDF; the mentor's dashboard holds only their own pair; the authority's
coordinator compares the schools side by side."""

import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.test_roadmap_flow import open_menu, pdf_text

PASSWORD = "Correct-Horse-42"
CONCLUSIONS = "Наставничество охватило всех молодых педагогов; нужны групповые формы."


def test_the_curator_reads_the_dashboard_and_writes_the_annual_report(page, public_world):
    world = public_world
    curator = page.page
    log_in(page, "curator", PASSWORD)
    curator.get_by_role("link", name="Сводка").first.click()  # on the school's home card
    page.check_accessibility()
    expect(curator.get_by_role("heading", level=1)).to_have_text("Сводка")
    expect(curator.get_by_role("heading", name="Требует внимания")).to_be_visible()
    # The order awaiting the director's signature is one of the things to attend to.
    expect(curator.get_by_text(world.sent_order.heading).first).to_be_visible()
    figures = curator.get_by_role("region", name=re.compile("^Показатели"))
    expect(figures.get_by_role("img").first).to_be_visible()  # a chart, drawn on the server

    open_menu(page, "Отчёты", "Аналитический отчёт")
    curator.get_by_role(
        "link", name=f"{world.year}/{world.year + 1} учебный год", exact=True
    ).click()
    page.check_accessibility()
    expect(curator.get_by_role("heading", level=1)).to_contain_text(
        f"{world.year}/{world.year + 1} учебный год"
    )
    curator.get_by_role("link", name="Изменить выводы").click()
    page.check_accessibility()
    curator.get_by_label("Выводы").fill(CONCLUSIONS)
    curator.get_by_role("button", name="Сохранить").click()
    page.check_accessibility()
    expect(curator.get_by_text(CONCLUSIONS)).to_be_visible()

    with curator.expect_download() as download:
        curator.get_by_role("link", name="Отчёт в PDF").click(modifiers=["Alt"])
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Аналитический отчёт" in text
    assert CONCLUSIONS in text


def test_the_mentor_sees_only_their_own_pair_and_hours(page, public_world):
    world = public_world
    log_in(page, "mentor", PASSWORD)
    page.goto(f"/o/{world.school.slug}/dashboard/")
    mentor = page.page
    expect(mentor.get_by_role("heading", name="Мои пары и группы")).to_be_visible()
    mentee = world.people["mentee"]
    expect(mentor.get_by_text(mentee.short_name).first).to_be_visible()
    expect(mentor.get_by_role("heading", name="Требует внимания")).to_have_count(0)
    expect(mentor.get_by_text(world.sent_order.heading)).to_have_count(0)


def test_the_coordinator_compares_the_schools(page, public_world):
    world = public_world
    log_in(page, "coordinator", PASSWORD)
    page.goto(f"/o/{world.authority.slug}/schools/")
    coordinator = page.page
    table = coordinator.get_by_role("table").first
    for school in (world.school, world.other_school):
        expect(table.get_by_text(school.short_name).first).to_be_visible()
    year = timezone.localdate().year
    assert str(year) in coordinator.content() or str(year - 1) in coordinator.content()
