from playwright.sync_api import expect

from registry.models import Person
from tests.e2e.conftest import AuditedPage, field, log_in

PASSWORD = "Correct-Horse-42"


def test_a_curator_logs_in_adds_a_person_and_finds_them_in_the_list(page, world):
    log_in(page, "curator", PASSWORD)
    browser = page.page
    expect(browser.get_by_role("heading", name="Мои организации")).to_be_visible()

    browser.get_by_role("link", name="Участники").first.click()
    page.check_accessibility()
    browser.get_by_role("link", name="Добавить участника").click()
    page.check_accessibility()

    field(browser, "Фамилия").fill("Снегирёва")
    field(browser, "Имя").fill("Анастасия")
    field(browser, "Отчество").fill("Олеговна")
    browser.get_by_label("женский").check()
    field(browser, "Должность или место работы").fill("учитель начальных классов")
    browser.get_by_role("button", name="Сохранить").click()
    page.check_accessibility()
    expect(browser.get_by_role("heading", name="Снегирёва Анастасия Олеговна")).to_be_visible()
    expect(browser.get_by_role("status")).to_contain_text("добавлен")

    browser.locator("summary", has_text="Банки").click()
    browser.get_by_role("link", name="Участники").first.click()
    page.check_accessibility()
    browser.get_by_label("Поиск", exact=True).fill("снегирева")
    browser.get_by_role("button", name="Найти").click()
    page.check_accessibility()
    rows = browser.get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one person found
    expect(rows.nth(1)).to_contain_text("Снегирёва Анастасия Олеговна")
    assert Person.objects.get(last_name="Снегирёва").organisation == world.school


def test_a_form_with_errors_is_explained_and_keeps_what_was_typed(page, world):
    log_in(page, "curator", PASSWORD)
    page.goto(f"/o/{world.school.slug}/people/new/")
    browser = page.page
    field(browser, "Имя").fill("Анастасия")
    browser.get_by_role("button", name="Сохранить").click()
    page.check_accessibility()
    expect(browser.get_by_text("Обязательное поле.").first).to_be_visible()
    expect(field(browser, "Имя")).to_have_value("Анастасия")


def test_a_mentor_cannot_reach_the_people_list(page, world):
    log_in(page, "mentor", PASSWORD)
    browser = page.page
    expect(browser.get_by_role("link", name="Участники")).to_have_count(0)
    page.goto(f"/o/{world.school.slug}/people/")
    expect(browser.get_by_role("heading", name="Доступ запрещён")).to_be_visible()


def test_the_people_list_fits_a_phone_screen(browser, live_server, world):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = AuditedPage(context.new_page(), live_server.url)
    log_in(phone, "curator", PASSWORD)
    phone.goto(f"/o/{world.school.slug}/people/")
    scroll_width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, "the page scrolls sideways on a phone"
    expect(phone.page.get_by_role("link", name="Белова Ирина Петровна")).to_be_visible()
    assert not phone.unaudited()
    context.close()
