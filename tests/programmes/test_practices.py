import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image

from programmes.models import Practice
from programmes.services.practices import (
    DOCX,
    MAX_MATERIAL_SIZE,
    XLSX,
    practice_update,
    validate_material,
)
from tests.conftest import MINIMAL_PDF
from tests.factories import GroupFactory, OrganisationFactory, PersonFactory, ProgrammeFactory

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
)
DOCX_MAIN = f"{DOCX}.main+xml"


def office_file(name="план.docx", main=DOCX_MAIN, extra=(), content_types=True):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main))
        archive.writestr("word/document.xml", "<document/>")
        for entry in extra:
            archive.writestr(entry, b"\x00")
    return SimpleUploadedFile(name, buffer.getvalue())


def png_file(name="схема.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def url(world, name, *args):
    return reverse(f"programmes:{name}", args=[world.school.slug, *args])


def form_data(world, **extra):
    return {
        "title": "Чек-лист посещения урока",
        "kind": Practice.Kind.MATERIAL,
        "summary": "На что смотреть наставнику на уроке молодого коллеги.",
        "programme": world.programme.pk,
        "authors": [world.people["mentor"].pk],
        "link": "",
        **extra,
    }


# Files told by content


def test_pdf_jpeg_png_and_office_documents_are_accepted_by_content():
    assert validate_material(SimpleUploadedFile("a.bin", MINIMAL_PDF)) == "application/pdf"
    assert validate_material(png_file("рисунок.pdf")) == "image/png"
    assert validate_material(office_file()) == DOCX
    workbook, buffer = Workbook(), io.BytesIO()
    workbook.save(buffer)
    assert validate_material(SimpleUploadedFile("таблица.xlsx", buffer.getvalue())) == XLSX


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("скан.pdf", "Просто текст".encode()), "не похож ни на PDF"),
        (office_file(content_types=False), "не похож ни на PDF"),
        (office_file(main="application/xml"), "не похож ни на PDF"),
        (office_file(extra=["word/vbaProject.bin"]), "содержит макросы"),
        (SimpleUploadedFile("битый.docx", b"PK\x03\x04" + b"\x00" * 40), "повреждён"),
        (SimpleUploadedFile("большой.pdf", b"%PDF-" + b"0" * MAX_MATERIAL_SIZE), "больше 20 МБ"),
    ],
    ids=["text", "zip-without-types", "zip-other-type", "macros", "broken-zip", "too-large"],
)
def test_other_files_are_refused_in_russian(upload, message):
    with pytest.raises(ValidationError, match=message):
        validate_material(upload)


# Creating and editing


def test_the_curator_adds_a_material_with_a_file(curator_client, world):
    data = form_data(world, upload=office_file(), is_published="on")
    response = curator_client.post(url(world, "practice_create"), data)
    practice = Practice.objects.get(title="Чек-лист посещения урока")
    assert response.status_code == 302
    assert response.url == url(world, "practice_detail", practice.pk)
    assert practice.organisation == world.school
    assert practice.file_content_type == DOCX
    assert practice.file.name.endswith(".docx")
    assert list(practice.authors.all()) == [world.people["mentor"]]
    assert practice.published_on is not None
    assert practice.created_by == world.user("curator")


def test_a_file_that_is_not_what_it_claims_is_refused_on_the_page(curator_client, world):
    data = form_data(world, upload=SimpleUploadedFile("план.docx", b"MZ\x90\x00 exe"))
    response = curator_client.post(url(world, "practice_create"), data)
    assert response.status_code == 200
    assert "не похож ни на PDF" in " ".join(response.context["form"].errors["upload"])
    assert not Practice.objects.filter(title="Чек-лист посещения урока").exists()


def test_the_first_publication_date_stays(world, today):
    practice = world.practice
    fields = {
        "title": practice.title,
        "kind": practice.kind,
        "summary": practice.summary,
        "programme": None,
        "link": "",
    }
    practice_update(practice=practice, is_published=True, **fields)
    first = practice.published_on
    assert first == today
    practice_update(practice=practice, is_published=False, **fields)
    assert (practice.is_published, practice.published_on) == (False, first)


def test_a_new_file_replaces_the_old_and_a_file_can_be_removed(
    curator_client, world, django_capture_on_commit_callbacks
):
    old_name = world.practice.file.name
    storage = world.practice.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            url(world, "practice_edit", world.practice.pk), form_data(world, upload=png_file())
        )
    assert response.status_code == 302
    world.practice.refresh_from_db()
    assert world.practice.file_content_type == "image/png"
    assert not storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            url(world, "practice_edit", world.practice.pk), form_data(world, remove_file="on")
        )
    world.practice.refresh_from_db()
    assert not world.practice.file
    assert world.practice.file_content_type == ""


def test_the_programme_and_authors_must_be_the_schools_own(curator_client, world):
    other_group = GroupFactory(organisation=world.other_school)
    theirs = ProgrammeFactory(group=other_group)
    stranger = PersonFactory(organisation=OrganisationFactory())
    data = form_data(world, programme=theirs.pk, authors=[stranger.pk])
    response = curator_client.post(url(world, "practice_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"programme", "authors"}


def test_a_mentor_cannot_add_to_the_bank(client, world):
    client.force_login(world.user("mentor"))
    assert client.post(url(world, "practice_create"), form_data(world)).status_code == 403
    assert Practice.objects.count() == 1


# Reading


def test_every_member_reads_the_whole_bank(client, world):
    Practice.objects.create(
        organisation=world.school, title="Неопубликованный кейс", summary="Черновик."
    )
    client.force_login(world.user("mentee"))
    page = client.get(url(world, "practice_list")).content.decode()
    assert world.practice.title in page
    assert "Неопубликованный кейс" in page
    assert "Добавить материал" not in page


def test_the_bank_is_searched_in_russian_and_filtered_by_kind(curator_client, world):
    Practice.objects.create(
        organisation=world.school,
        kind=Practice.Kind.MATERIAL,
        title="Памятка о ЁЛКЕ знаний",
        summary="Для классных руководителей.",
    )
    page = curator_client.get(url(world, "practice_list"), {"q": "елке КЛАССНЫХ"}).content.decode()
    assert "Памятка о ЁЛКЕ знаний" in page
    assert world.practice.title not in page
    page = curator_client.get(url(world, "practice_list"), {"kind": "material"}).content.decode()
    assert "Памятка о ЁЛКЕ знаний" in page
    assert world.practice.title not in page


def test_the_detail_page_links_the_file_and_the_programme(client, world):
    client.force_login(world.user("director"))
    page = client.get(url(world, "practice_detail", world.practice.pk)).content.decode()
    assert url(world, "practice_file", world.practice.pk) in page
    assert "(PDF)" in page
    assert (
        reverse("programmes:programme_detail", args=[world.school.slug, world.programme.pk]) in page
    )


def test_the_file_is_served_privately_as_an_attachment(client, world):
    client.force_login(world.user("mentor"))
    response = client.get(url(world, "practice_file", world.practice.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_file_is_not_served_to_outsiders(client, world):
    file_url = url(world, "practice_file", world.practice.pk)
    assert client.get(file_url).status_code == 302  # anonymous: to the login page
    client.force_login(world.user("other_curator"))
    assert client.get(file_url).status_code == 404


def test_another_schools_material_is_not_found(curator_client, world):
    theirs = Practice.objects.create(
        organisation=world.other_school, title="Чужой кейс", summary="Не наш."
    )
    theirs.file.save("case.pdf", ContentFile(MINIMAL_PDF))
    for name in ("practice_detail", "practice_edit", "practice_file"):
        assert curator_client.get(url(world, name, theirs.pk)).status_code == 404


def test_a_material_without_a_file_has_no_download(curator_client, world):
    bare = Practice.objects.create(organisation=world.school, title="Без файла", summary="Текст.")
    assert curator_client.get(url(world, "practice_file", bare.pk)).status_code == 404


def test_the_practice_list_query_count_does_not_grow_with_materials(curator_client, world):
    def add(count):
        for number in range(count):
            practice = Practice.objects.create(
                organisation=world.school,
                title=f"Материал № {number}",
                summary="Описание.",
                programme=world.programme,
            )
            practice.authors.add(world.people["mentor"], world.person)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(url(world, "practice_list")).status_code == 200
        return len(queries)

    add(4)
    few = count()
    add(46)
    assert count() == few
