"""A curator's day with the registry, in the browser: import staff, record and print a consent,
put a teacher into the mentee bank, revoke the consent and see the bank show it; and a teacher
answering the request form through a personal link."""

import io
import re

from openpyxl import Workbook
from playwright.sync_api import expect

from registry.models import MenteeEntry, Person, ProfessionalRequest, Topic
from tests.e2e.conftest import AuditedPage, field, log_in

PASSWORD = "Correct-Horse-42"


def staff_workbook(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Фамилия", "Имя", "Отчество", "Пол", "Должность", "Дата рождения", "Педагогический стаж с"]
    )
    sheet.append(
        [
            "Голубева",
            "Юлия",
            "Андреевна",
            "ж",
            "учитель начальных классов",
            "14.03.2002",
            "01.09.2025",
        ]
    )
    sheet.append(["Умаров", "Тимур", "Ильясович", "м", "учитель физкультуры", "2001-11-02", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_curator_imports_staff_records_a_consent_and_runs_the_mentee_bank(page, world, tmp_path):
    browser = page.page
    log_in(page, "curator", PASSWORD)
    page.goto(f"/o/{world.school.slug}/people/")

    browser.get_by_role("link", name="Загрузить из Excel").click()
    page.check_accessibility()
    browser.get_by_label(re.compile(r"Файл Excel")).set_input_files(
        staff_workbook(tmp_path / "staff.xlsx")
    )
    browser.get_by_role("button", name="Проверить файл").click()
    page.check_accessibility()
    browser.get_by_role("button", name=re.compile(r"^Загрузить")).click()
    page.check_accessibility()
    expect(browser.get_by_role("status").first).to_contain_text("Добавлено: 2")
    teacher = Person.objects.get(last_name="Голубева")

    page.goto(f"/o/{world.school.slug}/people/{teacher.pk}/")
    expect(browser.get_by_text("ПДн: нет")).to_be_visible()
    browser.get_by_role("link", name=re.compile("^Записать.*Обработка персональных данных")).click()
    page.check_accessibility()
    browser.get_by_role("button", name="Сохранить").click()
    page.check_accessibility()
    expect(browser.get_by_text("ПДн: действует").first).to_be_visible()

    form_link = browser.get_by_role("link", name=re.compile("Бланк PDF")).first
    pdf = browser.request.get(page.base_url + form_link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    browser.get_by_role("link", name="включить").first.click()
    page.check_accessibility()
    browser.get_by_role("button", name="Включить в банк").click()
    page.check_accessibility()
    assert MenteeEntry.objects.get(person=teacher).category == "young_specialist"

    page.goto(f"/o/{world.school.slug}/mentees/")
    row = browser.get_by_role("row").filter(has_text="Голубева Юлия Андреевна")
    expect(row).to_contain_text("ПДн: действует")

    page.goto(f"/o/{world.school.slug}/people/{teacher.pk}/")
    browser.get_by_role("link", name=re.compile("^Отозвать")).first.click()
    page.check_accessibility()
    field(browser, "Основание отзыва").fill("Заявление об отзыве от 21.11.2026")
    browser.get_by_role("button", name="Отозвать согласие").click()
    page.check_accessibility()

    page.goto(f"/o/{world.school.slug}/mentees/")
    row = browser.get_by_role("row").filter(has_text="Голубева Юлия Андреевна")
    expect(row).to_contain_text("ПДн: отозвано")


def test_a_teacher_answers_the_request_form_through_a_personal_link(
    page, browser, live_server, world
):
    # The shipped catalogue comes from a data migration, which a live-server test cannot count
    # on after another one has flushed the database.
    Topic.objects.get_or_create(
        area=Topic.Area.PSYCHOLOGICAL, name="Дисциплина и управление классом"
    )
    log_in(page, "curator", PASSWORD)
    page.goto(f"/o/{world.school.slug}/people/{world.person.pk}/")
    curator = page.page
    curator.get_by_role("button", name="Создать ссылку").click()
    page.check_accessibility()
    message = curator.get_by_role("status").first.inner_text()
    link = re.search(r"https?://\S+/s/\S+/", message).group(0)

    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(10_000)
    teacher = AuditedPage(context.new_page(), live_server.url)
    teacher.goto(link.removeprefix(live_server.url))
    form = teacher.page
    expect(form.get_by_text("Белова И. П.")).to_be_visible()
    form.get_by_label(re.compile("Дисциплина и управление классом")).check()
    field(form, "Профессиональные затруднения").fill("Не получается удержать внимание 7 «Б».")
    form.get_by_role("button", name=re.compile("Отправить")).click()
    teacher.check_accessibility()
    expect(form.get_by_role("heading", level=1)).to_contain_text(re.compile("Спасибо"))
    assert not teacher.unaudited()

    answer = ProfessionalRequest.objects.get(person=world.person)
    assert answer.source == ProfessionalRequest.Source.QUESTIONNAIRE
    page.goto(f"/o/{world.school.slug}/inbox/")
    expect(curator.get_by_text("Не получается удержать внимание")).to_be_visible()
    context.close()
