"""The import pages: upload → preview → confirmation, and the template download."""

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Person
from tests.conftest import MINIMAL_PDF
from tests.factories import PersonFactory
from tests.registry.test_import import ORLOVA, ZAYTSEV, counts, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Kept uploads go to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


def kept_files(folder):
    return sorted(p.name for p in (folder / "imports").glob("*")) if folder.exists() else []


def upload(client, world, content, name="учителя.xlsx"):
    return client.post(
        reverse("registry:people_import", args=[world.school.slug]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX_TYPE)},
    )


def confirm(client, world, response):
    form = response.context["confirm_form"]
    return client.post(
        reverse("registry:people_import", args=[world.school.slug]),
        {**form.initial, "confirm": "1"},
    )


def test_the_page_offers_the_template_and_the_upload_form(curator_client, world):
    response = curator_client.get(reverse("registry:people_import", args=[world.school.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("registry:people_import_template", args=[world.school.slug]) in page
    assert 'enctype="multipart/form-data"' in page
    assert "Педагогический стаж с" in page


def test_the_preview_shows_what_would_happen_and_writes_nothing(
    curator_client, world, private_storage
):
    PersonFactory(organisation=world.school, last_name="Орлова", email="orlova@example.ru")
    before = counts()
    response = upload(curator_client, world, xlsx(ZAYTSEV, ORLOVA))
    page = response.content.decode()

    assert response.status_code == 200
    assert counts() == before
    assert [row.action for row in response.context["rows"]] == ["new", "update"]
    assert "Зайцев Кирилл Андреевич" in page
    assert "Загрузить 2 участников" in page
    assert len(kept_files(private_storage)) == 1


def test_the_confirmation_imports_what_the_preview_showed(curator_client, world, private_storage):
    preview = upload(curator_client, world, xlsx(ZAYTSEV, ORLOVA))
    response = confirm(curator_client, world, preview)

    assert response.status_code == 302
    assert response.url == reverse("registry:person_list", args=[world.school.slug])
    message = [str(m) for m in response.wsgi_request._messages]
    assert message == ["Добавлено: 2, обновлено: 0, без изменений: 0"]
    zaytsev = world.school.people.get(email="zk@example.ru")
    assert zaytsev.history.get().history_user == world.user("curator")
    assert kept_files(private_storage) == []
    assert f"people_import:{world.school.pk}" not in curator_client.session


def test_the_preview_shows_every_problem_by_row_and_column(curator_client, world, private_storage):
    before = counts()
    response = upload(
        curator_client,
        world,
        xlsx(ZAYTSEV, [*ORLOVA[:4], "31.02.1990"], [*ORLOVA[:3], "?"]),
    )
    page = response.content.decode()
    assert "Строка 3, «Дата рождения»: не удалось распознать дату «31.02.1990»" in page
    assert "Строка 4, «Пол»: пол «?» не распознан" in page
    assert response.context["confirm_form"] is None
    assert "Загрузить" not in page.replace("Загрузить другой файл", "")
    assert kept_files(private_storage) == []
    assert counts() == before


def test_a_file_that_is_no_workbook_is_refused_beside_the_field(curator_client, world):
    response = upload(curator_client, world, MINIMAL_PDF, name="список.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Файл не является книгой Excel (.xlsx)."]


def test_a_file_over_10_mb_is_refused_by_the_form(curator_client, world):
    response = upload(curator_client, world, b"PK\x03\x04" + bytes(10 * 1024 * 1024))
    assert response.context["form"].errors["file"] == [
        "Файл больше 10 МБ: разделите его на несколько."
    ]


def test_a_new_upload_replaces_the_kept_one(curator_client, world, private_storage):
    upload(curator_client, world, xlsx(ZAYTSEV))
    first = kept_files(private_storage)
    second = upload(curator_client, world, xlsx(ORLOVA))
    assert kept_files(private_storage) != first
    assert len(kept_files(private_storage)) == 1
    confirm(curator_client, world, second)
    assert world.school.people.filter(last_name="Орлова").exists()
    assert not world.school.people.filter(last_name="Зайцев").exists()


def test_files_checked_but_never_confirmed_are_purged_once_stale(
    curator_client, world, private_storage, settings
):
    upload(curator_client, world, xlsx(ZAYTSEV))
    [abandoned] = (private_storage / "imports").glob("*")
    stale = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(abandoned, (stale, stale))
    curator_client.logout()
    curator_client.force_login(world.user("working_group"))
    upload(curator_client, world, xlsx(ORLOVA))
    assert not abandoned.exists()
    assert len(kept_files(private_storage)) == 1


def test_a_confirmation_with_a_stale_or_forged_token_writes_nothing(curator_client, world):
    preview = upload(curator_client, world, xlsx(ZAYTSEV))
    before = counts()
    data = {**preview.context["confirm_form"].initial, "confirm": "1"}
    for forged in ["0" * 32, "../../settings", ""]:
        response = curator_client.post(
            reverse("registry:people_import", args=[world.school.slug]),
            {**data, "upload": forged},
        )
        assert response.status_code == 302
    assert counts() == before
    response = curator_client.get(response.url)
    assert "Проверенный файл не найден" in response.content.decode()


def test_a_change_since_the_preview_is_shown_again_before_anything_is_written(
    curator_client, world
):
    preview = upload(curator_client, world, xlsx(ZAYTSEV, ORLOVA))
    PersonFactory(organisation=world.school, last_name="Орлова", email="orlova@example.ru")
    before = counts()

    response = confirm(curator_client, world, preview)

    assert response.status_code == 200
    assert counts() == before
    assert "данные изменились" in response.content.decode()
    assert [row.action for row in response.context["rows"]] == ["new", "update"]
    confirm(curator_client, world, response)
    assert world.school.people.filter(last_name="Зайцев").exists()


def test_a_file_already_imported_offers_nothing_to_load(curator_client, world):
    confirm(curator_client, world, upload(curator_client, world, xlsx(ZAYTSEV)))
    response = upload(curator_client, world, xlsx(ZAYTSEV))
    assert response.context["confirm_form"] is None
    assert "изменений нет" in response.content.decode()


def test_the_other_schools_curator_cannot_confirm_into_this_school(client, world):
    client.force_login(world.user("curator"))
    preview = upload(client, world, xlsx(ZAYTSEV))
    client.force_login(world.user("other_curator"))
    response = confirm(client, world, preview)
    assert response.status_code == 404
    assert not Person.objects.filter(last_name="Зайцев").exists()


def test_the_template_downloads_with_its_reference_sheet(curator_client, world):
    response = curator_client.get(
        reverse("registry:people_import_template", args=[world.school.slug])
    )
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    people, reference = workbook["Участники"], workbook["Справка"]
    header = [cell.value for cell in people[1]]
    assert header[:4] == ["Фамилия*", "Имя*", "Отчество", "Пол*"]
    assert len(header) == 15
    assert people.max_row == 2
    allowed = {row[0]: row[2] for row in reference.iter_rows(min_row=2, values_only=True)}
    assert "педагог-наставник" in allowed["Квалификационная категория"]


def test_the_downloaded_template_uploads_and_imports_cleanly(curator_client, world):
    template = curator_client.get(
        reverse("registry:people_import_template", args=[world.school.slug])
    )
    preview = upload(curator_client, world, template.content, name="шаблон.xlsx")
    assert preview.context["plan"].problems == []
    confirm(curator_client, world, preview)
    assert world.school.people.filter(email="ivanova@example.ru").exists()
