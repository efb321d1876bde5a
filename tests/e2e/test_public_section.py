"""The school's public «Наставничество» section in the browser, as a visitor reads it: the usual
version, the version for the visually impaired (remembered from page to page), and the embed
mode inside the school's own site, which only the allowed site may frame. axe-core checks every
page in both versions."""

import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import expect


def section(world):
    return f"/{world.school.slug}/nastavnichestvo/"


def visit_every_subsection(page):
    """Follow the section's menu from the index: each page opens and passes axe-core."""
    menu = page.page.get_by_role("navigation", name="Раздел «Наставничество»")
    for link in ("Документы", "Дорожная карта", "Новости и объявления", "Наставники"):
        menu.get_by_role("link", name=link).click()
        page.check_accessibility()
        expect(page.page.get_by_role("heading", level=1)).to_be_visible()
    menu.get_by_role("link", name="Итоги и практики").click()
    page.check_accessibility()


def test_a_visitor_reads_the_section_in_both_versions(page, live_server, public_world):
    world = public_world
    visitor = page.page
    page.goto(section(world))
    expect(visitor.get_by_text(world.public_section.about)).to_be_visible()
    # The contact person has consented to her name, position and email: nothing else of her.
    curator = world.people["curator"]
    expect(visitor.get_by_text(curator.full_name)).to_be_visible()
    visit_every_subsection(page)
    expect(visitor.get_by_text(world.finished_programme.public_summary)).to_be_visible()
    expect(visitor.get_by_text("Личное:")).to_have_count(0)

    # The news item with its picture, in the usual version.
    page.goto(section(world) + "news/")
    visitor.get_by_role("link", name=world.news.title).click()
    page.check_accessibility()
    picture = visitor.get_by_role("img", name=world.news.image_alt)
    expect(picture).to_be_visible()

    # The version for the visually impaired: one click, then it follows the visitor around.
    visitor.get_by_role("link", name="Версия для слабовидящих").click()
    page.check_accessibility()
    expect(visitor.locator("html")).to_have_class(re.compile(r"\bvi\b"))
    visitor.get_by_role("link", name="Настройки для слабовидящих").click()
    page.check_accessibility()
    visitor.get_by_label("Очень крупный").check()
    visitor.get_by_label("Белый текст на чёрном фоне").check()
    visitor.get_by_label("Не показывать").check()
    visitor.get_by_role("button", name="Применить").click()
    page.check_accessibility()
    # Back on the news item: large white type on black, and no pictures.
    expect(visitor.get_by_role("heading", level=1)).to_have_text(world.news.title)
    expect(visitor.locator("html")).to_have_class(re.compile(r"vi-size-xlarge"))
    expect(picture).to_be_hidden()
    size = visitor.locator("main p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 22, f"the type should be large, it is {size}px"
    background = visitor.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.goto(section(world))  # remembered on another page and on every subsection
    expect(visitor.locator("html")).to_have_class(re.compile(r"vi-scheme-wb"))
    visit_every_subsection(page)

    visitor.get_by_role("link", name="Обычная версия").click()
    page.check_accessibility()
    expect(visitor.locator("html")).not_to_have_class(re.compile(r"\bvi\b"))
    expect(visitor.get_by_role("link", name="Версия для слабовидящих")).to_be_visible()


@contextmanager
def school_site(frame_url):
    """A page of the school's own site that frames ``frame_url``, served on loopback (Chromium
    lets only a local page frame the local live server). Its origin is http://127.0.0.1:<port>,
    another origin than the live server's http://localhost:<port>."""
    body = (
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'><title>Сайт школы</title>"
        f"</head><body><h1>Сайт школы</h1><iframe title='Наставничество' src='{frame_url}' "
        "width='900' height='700'></iframe></body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_the_school_site_embeds_the_section_and_no_other_site_can(
    page, browser, live_server, public_world
):
    world = public_world
    embedded = live_server.url + section(world) + "?embed=1"

    # The embed mode alone: no header, menu or footer of the section, and still accessible.
    page.goto(section(world) + "?embed=1")
    expect(page.page.get_by_role("navigation", name="Раздел «Наставничество»")).to_have_count(0)
    expect(page.page.get_by_role("link", name="Версия для слабовидящих")).to_have_count(0)

    context = browser.new_context(locale="ru-RU")
    try:
        with school_site(embedded) as site, school_site(embedded) as stranger:
            world.public_section.embed_origins = site
            world.public_section.save()
            school = context.new_page()
            school.goto(site + "/")
            frame = school.frame_locator("iframe")
            expect(frame.get_by_text(world.public_section.about)).to_be_visible()
            # A link inside the frame stays in the embed mode.
            frame.get_by_role("link", name="Наставники").first.click()
            expect(frame.get_by_role("heading", level=1)).to_have_text(re.compile("Наставники"))
            assert "embed=1" in school.frames[1].url

            # Any other site gets nothing: the browser refuses to show the section in a frame.
            other = context.new_page()
            other.goto(stranger + "/")
            other.wait_for_timeout(500)
            assert world.public_section.about not in other.frames[-1].content()
    finally:
        context.close()
