"""The library of normative documents: grouped by level, a link or a file (told by content),
the file served with the type stored at upload."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from roadmap.models import NormativeDocument
from roadmap.services.regulations import document_update
from tests.conftest import MINIMAL_PDF
from tests.programmes.test_practices import office_file

Level = NormativeDocument.Level


def url(world, name, *args):
    return reverse(f"roadmap:{name}", args=[world.school.slug, *args])


def form_data(**extra):
    return {
        "level": Level.FEDERAL,
        "title": "О методических рекомендациях по разработке и внедрению системы наставничества",
        "issuer": "Минпросвещения России",
        "number": "АЗ-1128/08",
        "issued_on": "2021-12-21",
        "url": "",
        "is_published": "on",
        **extra,
    }


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_list_groups_documents_by_level_from_the_federal_down(client, world):
    for level, title in [
        (Level.LOCAL, "Положение о методическом объединении"),
        (Level.REGIONAL, "О региональной системе наставничества"),
        (Level.MUNICIPAL, "О наставничестве в школах округа"),
    ]:
        NormativeDocument.objects.create(
            organisation=world.school, level=level, title=title, url="https://example.org/"
        )
    NormativeDocument.objects.create(
        organisation=world.school,
        level=Level.FEDERAL,
        title="Об утверждении методологии (целевой модели) наставничества",
        issuer="Минпросвещения России",
        number="Р-145",
        issued_on=datetime.date(2019, 12, 25),
        url="https://example.org/r-145",
        is_published=False,
    )
    client.force_login(world.user("mentee"))
    response = client.get(url(world, "document_list"))
    page = response.content.decode()
    headings = ["Федеральный уровень", "Региональный уровень", "Муниципальный уровень"]
    positions = [page.index(heading) for heading in [*headings, "Локальный уровень"]]
    assert positions == sorted(positions)
    assert "Минпросвещения России от 25.12.2019 №\u00a0Р-145" in page
    assert "не публикуется" in page
    assert 'href="https://example.org/r-145" rel="noopener noreferrer"' in page
    assert url(world, "document_file", world.normative_document.pk) in page
    assert "файл PDF" in page
    assert url(world, "document_create") not in page
    assert url(world, "regulation_list") in page


def test_the_curator_adds_a_document_with_a_link_only(curator_client, world):
    response = curator_client.post(
        url(world, "document_create"), form_data(url="https://docs.edu.gov.ru/document/")
    )
    assert response.status_code == 302
    document = NormativeDocument.objects.get(number="АЗ-1128/08")
    assert document.organisation == world.school
    assert document.requisites == "Минпросвещения России от 21.12.2021 №\u00a0АЗ-1128/08"
    assert not document.file and document.is_published


def test_the_curator_adds_a_document_with_a_file_told_by_content(curator_client, world):
    upload = SimpleUploadedFile("рекомендации.docx", office_file().read())
    response = curator_client.post(url(world, "document_create"), {**form_data(), "upload": upload})
    assert response.status_code == 302
    document = NormativeDocument.objects.get(number="АЗ-1128/08")
    assert document.file_content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert document.file.name.endswith(".docx")


def test_a_document_needs_a_link_or_a_file(curator_client, world):
    response = curator_client.post(url(world, "document_create"), form_data())
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [
        "Укажите ссылку на официальный текст или приложите файл документа."
    ]
    assert not NormativeDocument.objects.filter(number="АЗ-1128/08").exists()


def test_a_file_that_is_not_an_allowed_type_is_refused(curator_client, world):
    upload = SimpleUploadedFile("приказ.pdf", b"<html><script>alert(1)</script></html>")
    response = curator_client.post(
        url(world, "document_create"),
        {**form_data(url="https://example.org/"), "upload": upload},
    )
    assert response.status_code == 200
    assert "не похож ни на PDF" in response.context["form"].errors["upload"][0]
    assert not NormativeDocument.objects.filter(number="АЗ-1128/08").exists()


def test_removing_the_file_needs_a_link_instead(curator_client, world):
    document = world.normative_document
    page = url(world, "document_edit", document.pk)
    data = form_data(title=document.title, remove_file="on")
    response = curator_client.post(page, data)
    assert "Укажите ссылку" in response.context["form"].errors["url"][0]
    document.refresh_from_db()
    assert document.file


def test_the_removed_file_is_deleted_after_commit(
    curator_client, world, django_capture_on_commit_callbacks
):
    document = world.normative_document
    storage, name = document.file.storage, document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            url(world, "document_edit", document.pk),
            form_data(title=document.title, url="https://example.org/273-fz", remove_file="on"),
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.file and document.file_content_type == ""
    assert not storage.exists(name)


def test_a_new_file_replaces_the_old_one(world, django_capture_on_commit_callbacks):
    document = world.normative_document
    old = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        document_update(document=document, file=SimpleUploadedFile("схема.pdf", png_bytes()))
    assert document.file_content_type == "image/png" and document.file.name.endswith(".png")
    assert not document.file.storage.exists(old)


def test_the_file_is_served_with_the_stored_content_type(client, world):
    client.force_login(world.user("mentor"))
    response = client.get(url(world, "document_file", world.normative_document.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_an_image_is_served_as_the_image_it_is_and_downloads(client, world):
    document = world.normative_document
    document.file_content_type = "image/png"
    document.file.save("scan.png", ContentFile(png_bytes()))
    client.force_login(world.user("director"))
    response = client.get(url(world, "document_file", document.pk))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert "png" in response["Content-Disposition"]


def test_a_document_without_a_file_is_not_found(client, world):
    document = NormativeDocument.objects.create(
        organisation=world.school, level=Level.REGIONAL, title="Закон", url="https://example.org/"
    )
    client.force_login(world.user("mentor"))
    assert client.get(url(world, "document_file", document.pk)).status_code == 404


@pytest.mark.parametrize("documents", [2, 10])
def test_the_list_page_makes_the_same_queries_for_2_and_10_documents(
    curator_client, world, django_assert_num_queries, documents
):
    for index in range(documents - 1):  # the world has one already
        NormativeDocument.objects.create(
            organisation=world.school,
            level=list(Level)[index % 4],
            title=f"Документ {index}",
            url="https://example.org/",
        )
    # session, user, memberships, organisation, documents, the menu's two inbox counts
    with django_assert_num_queries(7):
        assert curator_client.get(url(world, "document_list")).status_code == 200
