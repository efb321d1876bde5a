"""The Положение and other local acts: the model text, versions, the approval guard, the
approval marks (typed in or from a signed order) and the printed act."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags

from roadmap.models import Order, Regulation, RegulationVersion
from roadmap.regulation_templates import TEMPLATES
from roadmap.services.regulations import (
    RegulationError,
    current_version,
    draft_version,
    regulation_create,
    version_create,
    version_update,
)
from tests.programmes.test_programme_documents import pdf_text

SECTIONS = [
    "1. Общие положения",
    "2. Цель и задачи системы наставничества",
    "3. Принципы наставничества",
    "4. Организация системы наставничества",
    "5. Права и обязанности наставника",
    "6. Права и обязанности наставляемого",
    "7. Формы наставничества",
    "8. Формирование наставнических пар и групп",
    "9. Персонализированная программа наставничества",
    "10. Завершение программы и изменения в составе пары или группы",
    "11. Мониторинг и оценка результатов",
    "12. Поощрение наставников",
    "13. Информационное сопровождение",
    "14. Заключительные положения",
]


def url(world, name, *args):
    return reverse(f"roadmap:{name}", args=[world.school.slug, *args])


def page_text(response) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def approve_on_paper(version, number="90-од", on=datetime.date(2023, 8, 30)):
    version.approved_number, version.approved_on = number, on
    version.save(update_fields=["approved_number", "approved_on"])
    return version


def signed_order(world, kind=Order.Kind.APPROVE_SYSTEM, number=90, on=datetime.date(2023, 8, 30)):
    """An order as the director's signature leaves it, made directly."""
    return Order.objects.create(
        organisation=world.school,
        kind=kind,
        status=Order.Status.SIGNED,
        heading="Об утверждении Положения о системе наставничества",
        items="Утвердить Положение (приложение 1).",
        number=number,
        number_text=f"{number}-од",
        signed_on=on,
        journal_year=on.year,
    )


# The model text


def test_it_creates_the_polozhenie_from_the_template_with_every_section(world):
    regulation = regulation_create(
        organisation=world.school,
        kind=Regulation.Kind.POLOZHENIE,
        title="Положение о системе наставничества",
        created_by=world.user("curator"),
        from_template=True,
    )
    version = regulation.versions.get()
    assert version.number == 1 and not version.is_approved
    headings = [text for kind, text in version.blocks if kind == "heading"]
    assert headings == SECTIONS
    paragraphs = [text for kind, text in version.blocks if kind == "paragraph"]
    assert paragraphs[0].startswith("1.1. Настоящее Положение определяет, как в МБОУ СОШ № 1")
    assert "{organisation}" not in version.text
    assert any(
        text.startswith("9.2. Программа рассчитывается на срок от трёх месяцев")
        for text in paragraphs
    )
    assert any("только после завершения этих программ" in text for text in paragraphs)


def test_every_template_fills_in_the_organisation():
    assert Regulation.Kind.POLOZHENIE in TEMPLATES
    for template in TEMPLATES.values():
        assert "{organisation}" in template.title and "{organisation}" in template.text


def test_the_create_page_offers_the_title_with_the_organisations_name(curator_client, world):
    response = curator_client.get(url(world, "regulation_create"))
    assert response.status_code == 200
    title = response.context["form"]["title"].value()
    assert title == "Положение о системе наставничества педагогических работников в МБОУ СОШ № 1"
    assert "Заполнить типовым текстом" in response.content.decode()


def test_the_curator_creates_the_polozhenie_from_the_template(curator_client, world):
    response = curator_client.post(
        url(world, "regulation_create"),
        {
            "kind": Regulation.Kind.POLOZHENIE,
            "title": "Положение о наставничестве",
            "from_template": "on",
            "is_published": "on",
        },
    )
    regulation = Regulation.objects.get(title="Положение о наставничестве")
    assert response.status_code == 302 and response["Location"] == regulation.get_absolute_url()
    version = regulation.versions.get()
    assert version.created_by == world.user("curator")
    assert "# 14. Заключительные положения" in version.text


def test_an_act_without_the_model_text_starts_empty(curator_client, world):
    curator_client.post(
        url(world, "regulation_create"),
        {"kind": Regulation.Kind.LOCAL_ACT, "title": "Порядок поощрения наставников"},
    )
    version = Regulation.objects.get(title="Порядок поощрения наставников").versions.get()
    assert version.number == 1 and version.text == ""


def test_a_kind_without_a_model_text_refuses_the_checkbox(curator_client, world):
    response = curator_client.post(
        url(world, "regulation_create"),
        {"kind": Regulation.Kind.LOCAL_ACT, "title": "Порядок", "from_template": "on"},
    )
    assert response.status_code == 200
    assert "типового текста нет" in response.context["form"].errors["from_template"][0]
    assert not Regulation.objects.filter(title="Порядок").exists()
    with pytest.raises(RegulationError):
        regulation_create(
            organisation=world.school,
            kind=Regulation.Kind.LOCAL_ACT,
            title="Порядок",
            created_by=None,
            from_template=True,
        )


def test_the_curator_changes_the_title_kind_and_publication(curator_client, world):
    response = curator_client.post(
        url(world, "regulation_edit", world.regulation.pk),
        {"kind": Regulation.Kind.LOCAL_ACT, "title": "Порядок работы наставников"},
    )
    assert response.status_code == 302
    world.regulation.refresh_from_db()
    assert world.regulation.title == "Порядок работы наставников"
    assert world.regulation.kind == Regulation.Kind.LOCAL_ACT
    assert not world.regulation.is_published


# Versions


def test_a_new_version_copies_the_latest_text_and_takes_the_next_number(world):
    approve_on_paper(world.version)
    version = version_create(regulation=world.regulation, created_by=world.user("curator"))
    assert version.number == 2
    assert version.text == world.version.text
    assert not version.is_approved and version.considered_protocol == ""
    assert draft_version(world.regulation) == version
    assert current_version(world.regulation) == world.version


def test_a_new_version_waits_until_the_draft_is_approved(curator_client, world):
    with pytest.raises(RegulationError, match="ещё не утверждена"):
        version_create(regulation=world.regulation, created_by=None)
    response = curator_client.get(url(world, "version_create", world.regulation.pk))
    assert response.status_code == 200 and "form" not in response.context
    assert url(world, "version_edit", world.version.pk) in response.content.decode()
    response = curator_client.post(
        url(world, "version_create", world.regulation.pk), {"text": "x", "note": "y"}
    )
    assert response.status_code == 302
    assert "Сначала утвердите" in messages_of(response)[0]
    assert world.regulation.versions.count() == 1


def test_the_new_version_page_prefills_the_text_and_saves_the_change(curator_client, world):
    approve_on_paper(world.version)
    page = url(world, "version_create", world.regulation.pk)
    response = curator_client.get(page)
    assert response.context["form"]["text"].value() == world.version.text
    response = curator_client.post(
        page,
        {"text": world.version.text + "\n\n1.2. Новый пункт.", "note": "добавлен пункт 1.2"},
    )
    version = world.regulation.versions.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == f"{world.regulation.get_absolute_url()}?version=2"
    assert version.note == "добавлен пункт 1.2"
    assert version.blocks[-1] == ("paragraph", "1.2. Новый пункт.")
    assert version.created_by == world.user("curator")


def test_a_draft_is_edited_with_its_marks(curator_client, world):
    response = curator_client.post(
        url(world, "version_edit", world.version.pk),
        {
            "text": "# Общие положения\n\nИзменённый текст.",
            "effective_from": "2023-09-01",
            "considered_by": "на педагогическом совете",
            "considered_protocol": "1",
            "considered_on": "2023-08-30",
            "agreed_by": "на заседании МО",
            "agreed_protocol": "1",
            "agreed_on": "2023-08-29",
        },
    )
    assert response.status_code == 302
    world.version.refresh_from_db()
    assert world.version.blocks[1] == ("paragraph", "Изменённый текст.")
    assert world.version.considered_on == datetime.date(2023, 8, 30)
    assert world.version.agreed_by == "на заседании МО"
    assert not world.version.is_approved


def test_typing_in_a_paper_order_approves_the_version(curator_client, world):
    page = url(world, "version_edit", world.version.pk)
    data = {"text": world.version.text, "considered_by": "на педагогическом совете"}
    response = curator_client.post(page, {**data, "approved_number": "90-од"})
    assert response.context["form"].errors["approved_on"] == [
        "Укажите дату приказа об утверждении."
    ]
    response = curator_client.post(
        page, {**data, "approved_number": "90-од", "approved_on": "2023-08-30"}
    )
    assert response.status_code == 302
    world.version.refresh_from_db()
    assert world.version.approval == ("90-од", datetime.date(2023, 8, 30))
    assert current_version(world.regulation) == world.version


def test_an_approved_version_is_never_edited_by_the_service(world):
    approve_on_paper(world.version)
    with pytest.raises(RegulationError, match="утверждена и не изменяется"):
        version_update(version=world.version, text="Другой текст.")
    world.version.refresh_from_db()
    assert world.version.text == "# Общие положения\n\nТекст положения."


def test_the_service_reads_the_approval_from_the_database_not_from_the_form(world):
    """A form that types in the paper order copies it onto the instance before saving."""
    world.version.approved_number = "90-од"
    world.version.approved_on = datetime.date(2023, 8, 30)
    version = version_update(
        version=world.version, approved_number="90-од", approved_on=datetime.date(2023, 8, 30)
    )
    assert version.is_approved


def test_the_approving_order_is_never_set_by_hand(world):
    with pytest.raises(RegulationError):
        version_update(version=world.version, approved_order=signed_order(world))


def test_the_edit_page_of_an_approved_version_sends_back_with_a_message(curator_client, world):
    approve_on_paper(world.version)
    page = url(world, "version_edit", world.version.pk)
    response = curator_client.get(page)
    assert response.status_code == 302
    assert "утверждена и не изменяется: создайте новую редакцию" in messages_of(response)[0]
    response = curator_client.post(page, {"text": "Другой текст."})
    assert response.status_code == 302
    world.version.refresh_from_db()
    assert world.version.text == "# Общие положения\n\nТекст положения."


# Approval shown on the pages


def test_the_list_shows_the_approval_typed_in_and_the_draft(client, world):
    approve_on_paper(world.version)
    version_create(regulation=world.regulation, created_by=None)
    client.force_login(world.user("mentor"))
    response = client.get(url(world, "regulation_list"))
    page = response.content.decode()
    assert "утверждено приказом от 30.08.2023 № 90-од" in page_text(response)
    assert "редакция 2" in page and "публикуется" in page
    assert url(world, "regulation_create") not in page
    assert url(world, "document_list") in page


def test_a_signed_approval_order_approves_the_version_and_wins(curator_client, world):
    approve_on_paper(world.version, number="12-од")
    world.version.approved_order = signed_order(world, number=90)
    world.version.save(update_fields=["approved_order"])
    response = curator_client.get(url(world, "regulation_list"))
    assert "утверждено приказом от 30.08.2023 № 90-од" in page_text(response)
    response = curator_client.get(url(world, "regulation_detail", world.regulation.pk))
    page = response.content.decode()
    assert "приказом от 30 августа 2023 г. № 90-од" in page
    assert "действует" in page
    assert url(world, "version_edit", world.version.pk) not in page
    assert url(world, "version_create", world.regulation.pk) in page


def test_an_unsigned_order_does_not_approve(world):
    order = signed_order(world)
    order.status = Order.Status.SENT
    world.version.approved_order = order
    assert not world.version.is_approved


def test_the_detail_shows_the_text_of_the_chosen_version(client, world):
    approve_on_paper(world.version)
    version_create(
        regulation=world.regulation, created_by=None, text="# Новый раздел\n\nНовый текст."
    )
    client.force_login(world.user("mentee"))
    page = url(world, "regulation_detail", world.regulation.pk)
    response = client.get(page)
    assert response.context["shown"] == world.version
    assert "Текст положения." in response.content.decode()
    assert "Новый текст." not in response.content.decode()
    response = client.get(page, {"version": "2"})
    assert "Новый текст." in response.content.decode()
    assert '<h3 class="h5 text-center fw-bold mt-0">Новый раздел</h3>' in response.content.decode()
    assert client.get(page, {"version": "зелёный"}).context["shown"] == world.version


@pytest.mark.parametrize("acts", [2, 10])
def test_the_list_page_makes_the_same_queries_for_2_and_10_acts(
    curator_client, world, django_assert_num_queries, acts
):
    for index in range(acts - 1):  # the world has one already
        regulation = Regulation.objects.create(organisation=world.school, title=f"Акт {index}")
        RegulationVersion.objects.create(
            regulation=regulation,
            number=1,
            text="Текст",
            approved_order=signed_order(world, number=100 + index),
        )
        RegulationVersion.objects.create(regulation=regulation, number=2, text="Текст")
    # session, user, memberships, organisation, acts, their versions with the approving
    # orders, the menu's two inbox counts
    with django_assert_num_queries(8):
        response = curator_client.get(url(world, "regulation_list"))
    assert response.content.decode().count("утверждено приказом от 30.08.2023") == acts - 1


# The printed act


def test_the_pdf_of_a_draft_has_the_marks_title_and_sections(client, world):
    regulation = regulation_create(
        organisation=world.school,
        kind=Regulation.Kind.POLOZHENIE,
        title="Положение о системе наставничества педагогических работников в МБОУ СОШ № 1",
        created_by=None,
        from_template=True,
    )
    version = regulation.versions.get()
    client.force_login(world.user("mentor"))
    response = client.get(url(world, "version_pdf", version.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="polozhenie-{regulation.pk}-redaktsiya-1.pdf"'
    )
    text = pdf_text(response.content)
    assert "ПРОЕКТ" in text
    assert "РАССМОТРЕНО" in text and "УТВЕРЖДЕНО" in text
    assert "Приложение" not in text
    assert "Положение о системе наставничества педагогических работников в МБОУ СОШ № 1" in text
    for heading in SECTIONS:
        assert heading in text


def test_the_pdf_approved_by_an_approval_order_is_its_annex_1(client, world):
    world.version.considered_protocol = "1"
    world.version.considered_on = datetime.date(2023, 8, 30)
    world.version.agreed_by = "на заседании МО"
    world.version.effective_from = datetime.date(2023, 9, 1)
    world.version.approved_order = signed_order(world)
    world.version.save()
    client.force_login(world.user("curator"))
    text = pdf_text(client.get(url(world, "version_pdf", world.version.pk)).content)
    assert "ПРОЕКТ" not in text
    assert "РАССМОТРЕНО на педагогическом совете (протокол № 1 от 30 августа 2023 г.)" in text
    assert "СОГЛАСОВАНО на заседании МО" in text
    assert "УТВЕРЖДЕНО приказом руководителя от 30.08.2023 № 90-од" in text
    assert "Приложение 1 к приказу от 30.08.2023 № 90-од" in text
    assert "Вводится в действие с 1 сентября 2023 г." in text
    assert "Общие положения" in text and "Текст положения." in text


def test_the_pdf_approved_otherwise_is_no_annex(client, world):
    approve_on_paper(world.version)
    world.version.approved_order = signed_order(world, kind=Order.Kind.FREE, number=91)
    world.version.save(update_fields=["approved_order"])
    client.force_login(world.user("curator"))
    text = pdf_text(client.get(url(world, "version_pdf", world.version.pk)).content)
    assert "от 30.08.2023 № 91-од" in text
    assert "Приложение" not in text
