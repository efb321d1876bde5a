"""A year's roadmap and the order that moves it, in the browser: the curator creates the
roadmap from the teachers' template and notes stage 5's progress, drafts the pairs order for the
proposed group and sends it to the director, who is told by email; the director finds it
awaiting signature, signs it (№ 1-од) and downloads the PDF; on the roadmap stage 5 has moved."""

import re
import subprocess

from django.core import mail
from playwright.sync_api import expect

from programmes.models import Group
from roadmap.models import Order, Roadmap
from tests.e2e.conftest import AuditedPage, log_in

PASSWORD = "Correct-Horse-42"
PAIRS_HEADING = "О закреплении наставнических пар (групп)"


def open_menu(page, section, link):
    """Open a section of the organisation's menu (a <details> disclosure) and follow a link."""
    menu = page.page.get_by_role("navigation", name=re.compile("^Разделы"))
    menu.locator("summary", has_text=section).click()
    menu.get_by_role("link", name=link, exact=True).click()
    page.check_accessibility()


def stage_five_percent(page) -> int:
    """Stage 5's live progress on the roadmap page, as the bar reports it."""
    stage = page.page.get_by_role("region", name=re.compile(r"^5\. "))
    bar = stage.get_by_role("progressbar")
    expect(bar).to_be_visible()
    return int(bar.get_attribute("value"))


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().replace("\u00a0", " ").split())


def test_the_pairs_order_signed_moves_the_roadmap(page, browser, live_server, world):
    director = world.user("director")
    director.email = "director@school.example"
    director.save()
    curator = page.page

    # The curator reaches the roadmaps through the menu and creates this year's roadmap.
    log_in(page, "curator", PASSWORD)
    curator.get_by_role("link", name="Пары и группы").first.click()
    page.check_accessibility()
    open_menu(page, "Управление", "Дорожная карта")
    expect(curator.get_by_role("heading", level=1)).to_have_text("Дорожные карты")
    curator.get_by_role("link", name="Создать", exact=True).click()
    page.check_accessibility()
    curator.get_by_label("Наставничество педагогических работников").check()
    curator.get_by_role("button", name="Создать").click()
    page.check_accessibility()
    expect(curator.get_by_role("status").first).to_contain_text("Дорожная карта создана")
    roadmap = Roadmap.objects.exclude(pk=world.roadmap.pk).get(organisation=world.school)
    assert roadmap.model == Roadmap.Model.TEACHERS
    assert roadmap.stages.count() == 7
    assert roadmap.starts_on == world.roadmap.starts_on  # this academic year
    expect(curator.get_by_role("heading", level=1)).to_have_text(roadmap.title)
    # One mentee works in a pair, the other waits in a group no order has fixed yet.
    before = stage_five_percent(page)
    assert before == 50

    # The pairs order: drafted from the proposed group, opened from the journal, sent.
    open_menu(page, "Управление", "Приказы")
    curator.get_by_role("link", name="Новый приказ").click()
    page.check_accessibility()
    curator.get_by_role("link", name=str(Order.Kind.FIX_GROUPS.label)).click()
    page.check_accessibility()
    curator.get_by_label(re.compile(r"Лебедева")).check()
    curator.get_by_role("button", name="Составить черновик").click()
    page.check_accessibility()
    expect(curator.get_by_role("heading", level=1)).to_have_text("Проект приказа")
    order = Order.objects.get(organisation=world.school, heading=PAIRS_HEADING)
    assert list(order.groups.all()) == [world.new_group]

    open_menu(page, "Управление", "Приказы")
    curator.get_by_role("link", name=PAIRS_HEADING, exact=True).click()
    page.check_accessibility()
    text = curator.get_by_role("article", name="Текст приказа")
    expect(text).to_contain_text("ПРИКАЗЫВАЮ:")
    expect(text).to_contain_text("Лебедева")
    curator.get_by_role("button", name="Отправить на подпись").click()
    page.check_accessibility()
    expect(curator.get_by_role("status").first).to_contain_text("отправлен на подпись")
    order.refresh_from_db()
    assert order.status == Order.Status.SENT
    # The live server runs in this process, so its locmem mailbox is ours to read.
    (letter,) = [m for m in mail.outbox if m.subject == f"Приказ на подпись: {PAIRS_HEADING}"]
    assert letter.to == ["director@school.example"]
    assert order.get_absolute_url() in letter.body

    # The director finds the order awaiting signature and signs it.
    context = browser.new_context(locale="ru-RU", accept_downloads=True)
    context.set_default_timeout(10_000)
    head = AuditedPage(context.new_page(), live_server.url)
    log_in(head, "director", PASSWORD)
    tab = head.page
    tab.get_by_role("link", name="Приказы").first.click()
    head.check_accessibility()
    tab.get_by_label("Состояние").select_option(label=str(Order.Status.SENT.label))
    tab.get_by_role("button", name="Показать").click()
    head.check_accessibility()
    row = tab.get_by_role("row").filter(has_text=PAIRS_HEADING)
    expect(row).to_contain_text("На подписи")
    row.get_by_role("link", name=PAIRS_HEADING, exact=True).click()
    head.check_accessibility()
    tab.get_by_role("button", name="Подписать").click()
    head.check_accessibility()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("№ 1-од")
    expect(tab.get_by_role("status").first).to_contain_text("Приказ подписан: № 1-од")
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED
    assert order.number_text == "1-од"
    world.new_group.refresh_from_db()
    assert world.new_group.status == Group.Status.FIXED

    # The server shows the PDF inline; Alt+click is the browser's own «download the link».
    with tab.expect_download() as download_info:
        tab.get_by_role("link", name="PDF", exact=True).click(modifiers=["Alt"])
    content = download_info.value.path().read_bytes()
    assert content.startswith(b"%PDF")
    printed = pdf_text(content)
    assert "ПРИКАЗЫВАЮ" in printed
    assert "№ 1-од" in printed
    assert PAIRS_HEADING in printed
    assert not head.unaudited()
    context.close()

    # Back on the roadmap, stage 5 counts the pair the order fixed.
    open_menu(page, "Управление", "Дорожная карта")
    curator.get_by_role("link", name=roadmap.title, exact=True).click()
    page.check_accessibility()
    after = stage_five_percent(page)
    assert after > before
    assert after == 100
    expect(curator.get_by_role("region", name=re.compile(r"^5\. "))).to_contain_text(
        "2 из 2 наставляемых"
    )
