"""The pages of an order: drafting by kind, editing a draft, sending it with a letter to the
director, returning it with remarks, signing, deleting; what the detail page shows whom."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from programmes.models import Group
from registry.models import Consent
from roadmap.models import Order, OrderPerson
from roadmap.services import orders as services
from roadmap.services.drafting import order_draft
from tests.factories import MentorEntryFactory, PersonFactory


def url(world, name, *args):
    return reverse(f"roadmap:{name}", args=[world.school.slug, *args])


def page(response) -> str:
    """The page's text with non-breaking spaces as plain ones, for readable assertions."""
    return response.content.decode().replace("\xa0", " ")


@pytest.fixture
def director_client(client, world):
    client.force_login(world.user("director"))
    return client


# A new order


def test_the_first_step_lists_every_kind_with_a_sentence(curator_client, world):
    response = curator_client.get(url(world, "order_create"))
    text = page(response)
    for kind in Order.Kind:
        assert f'href="?kind={kind.value}"' in text and str(kind.label) in text
    assert "назначает координатора, куратора и рабочую группу" in text
    assert curator_client.get(url(world, "order_create"), {"kind": "x"}).templates[0].name == (
        "roadmap/orders/kinds.html"
    )


def test_the_curator_drafts_a_pairs_order_from_the_proposed_groups(curator_client, world):
    create = url(world, "order_create") + "?kind=fix_groups"
    form = curator_client.get(create).context["form"]
    assert list(form.fields["groups"].queryset) == [world.new_group]  # not the active one
    response = curator_client.post(create, {"groups": [world.new_group.pk]}, follow=True)
    order = Order.objects.latest("pk")
    assert response.redirect_chain[-1][0] == url(world, "order_detail", order.pk)
    assert "Черновик составлен по данным" in page(response)
    assert order.kind == Order.Kind.FIX_GROUPS and order.created_by == world.user("curator")
    assert list(order.groups.all()) == [world.new_group]
    assert "О закреплении наставнических пар (групп)" in page(response)


def test_a_pairs_order_needs_a_group(curator_client, world):
    response = curator_client.post(url(world, "order_create") + "?kind=fix_groups", {})
    assert response.status_code == 200
    assert "Выберите хотя бы одну пару или группу." in page(response)


def test_the_approval_form_preselects_the_curator_the_working_group_and_the_documents(
    curator_client, world
):
    create = url(world, "order_create") + "?kind=approve_system"
    form = curator_client.get(create).context["form"]
    assert form.initial["curator"] == world.people["curator"]
    assert form.initial["working_group"] == [world.people["working_group"]]
    assert form.initial["roadmap"] == world.roadmap
    assert form.initial["regulation_version"] == world.version
    response = curator_client.post(create, {"coordinator": world.person.pk})
    assert "Выберите Положение, дорожную карту или оба документа." in page(response)
    curator_client.post(
        create,
        {
            "roadmap": world.roadmap.pk,
            "coordinator": world.person.pk,
            "curator": world.people["curator"].pk,
            "working_group": [world.people["working_group"].pk, world.person.pk],
        },
    )
    order = Order.objects.latest("pk")
    assert order.roadmap == world.roadmap and order.regulation_version is None
    assert sorted(order.people.values_list("role", flat=True)) == sorted(
        ["coordinator", "curator", "working_group", "working_group"]
    )
    assert f"Назначить {world.person.short_name_in('accusative')}" in order.items


def test_a_change_order_starts_from_the_signed_order_it_amends(curator_client, world):
    services.sign(world.sent_order, user=world.user("director"))
    group = world.new_group
    group.co_mentor = MentorEntryFactory(person=PersonFactory(organisation=world.school))
    group.co_mentor_role = Group.CoMentorRole.SUBSTITUTE
    group.save()
    response = curator_client.get(url(world, "order_create"), {"amends": world.sent_order.pk})
    form = response.context["form"]
    assert form.initial["amends"] == world.sent_order
    assert form.initial["groups"] == [group.pk]
    assert list(form.fields["groups"].queryset) == [group]
    curator_client.post(
        url(world, "order_create") + f"?kind=change_group&amends={world.sent_order.pk}",
        {"amends": world.sent_order.pk, "groups": [group.pk]},
    )
    order = Order.objects.latest("pk")
    assert order.kind == Order.Kind.CHANGE_GROUP and order.amends == world.sent_order
    detail = page(curator_client.get(url(world, "order_detail", world.sent_order.pk)))
    assert f'Готовится изменение: <a href="{url(world, "order_detail", order.pk)}"' in detail


def test_a_free_order_takes_its_heading(curator_client, world):
    create = url(world, "order_create") + "?kind=free"
    assert "Напишите" not in page(curator_client.get(create))
    curator_client.post(create, {"heading": "О проведении конкурса «Наставник года»"})
    order = Order.objects.latest("pk")
    assert order.heading == "О проведении конкурса «Наставник года»"


# Editing a draft


def test_the_curator_edits_the_text_and_keeps_the_positions_typed_before(curator_client, world):
    order = order_draft(
        organisation=world.school,
        kind=Order.Kind.FINISH,
        created_by=world.user("curator"),
        groups=[world.group],
        people=[(world.people["mentor"], OrderPerson.Role.REWARDED, "учитель-наставник")],
    )
    edit = url(world, "order_edit", order.pk)
    form = curator_client.get(edit).context["form"]
    assert form.initial["rewarded"] == [world.people["mentor"].pk]
    assert form.initial["items"] == order.items
    response = curator_client.post(
        edit,
        {
            "heading": "О завершении программ",
            "preamble": "По итогам года,",
            "items": "Завершить программы.\n\nКонтроль оставляю за собой.",
            "groups": [world.group.pk],
            "rewarded": [world.people["mentor"].pk, world.person.pk],
        },
        follow=True,
    )
    assert "Изменения сохранены." in page(response)
    order.refresh_from_db()
    assert order.heading == "О завершении программ"
    assert order.item_list == [["Завершить программы."], ["Контроль оставляю за собой."]]
    positions = dict(order.people.values_list("person_id", "position"))
    assert positions == {world.people["mentor"].pk: "учитель-наставник", world.person.pk: ""}


def test_an_order_awaiting_signature_is_not_edited(curator_client, world):
    response = curator_client.get(url(world, "order_edit", world.sent_order.pk), follow=True)
    assert response.redirect_chain[-1][0] == url(world, "order_detail", world.sent_order.pk)
    assert "Приказ на подписи" in page(response)


def test_redrafting_writes_the_text_again_from_the_data(curator_client, world):
    order = world.draft_order
    response = curator_client.post(url(world, "order_redraft", order.pk), follow=True)
    assert "Текст приказа составлен заново по данным." in page(response)
    order.refresh_from_db()
    assert order.heading == "О закреплении наставнических пар (групп)"
    assert list(order.groups.all()) == [world.new_group]


def test_a_draft_is_deleted_after_confirmation(curator_client, world):
    delete = url(world, "order_delete", world.draft_order.pk)
    assert "Удалить проект приказа?" in page(curator_client.get(delete))
    response = curator_client.post(delete, follow=True)
    assert response.redirect_chain[-1][0] == url(world, "order_list")
    assert not Order.objects.filter(pk=world.draft_order.pk).exists()
    assert Group.objects.filter(pk=world.new_group.pk).exists()


# Sending, returning, signing


def test_sending_writes_to_the_director(curator_client, world, django_capture_on_commit_callbacks):
    world.user("director").email = "director@school.example"
    world.user("director").save()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(url(world, "order_send", world.draft_order.pk), follow=True)
    assert "Приказ отправлен на подпись руководителю." in page(response)
    world.draft_order.refresh_from_db()
    assert world.draft_order.status == Order.Status.SENT
    assert world.draft_order.sent_by == world.user("curator")
    (letter,) = mail.outbox
    assert letter.to == ["director@school.example"]
    assert letter.subject == "Приказ на подпись: О закреплении наставнических пар"
    assert world.people["curator"].short_name in letter.body
    assert f"{settings.SITE_URL}/o/school-1/orders/{world.draft_order.pk}/" in letter.body


def test_an_order_without_groups_is_not_sent(curator_client, world):
    world.draft_order.groups.clear()
    response = curator_client.post(url(world, "order_send", world.draft_order.pk), follow=True)
    assert "Выберите пары и группы" in page(response)
    world.draft_order.refresh_from_db()
    assert world.draft_order.status == Order.Status.DRAFT


def test_returned_with_remarks_then_edited_and_sent_again(
    client, director_client, world, django_capture_on_commit_callbacks
):
    order = world.sent_order
    back = url(world, "order_return", order.pk)
    assert "Что нужно исправить" in page(director_client.get(back))
    assert "Напишите, что нужно исправить." in page(director_client.post(back, {"comment": " "}))
    director_client.post(back, {"comment": "Укажите сроки работы пар."})
    order.refresh_from_db()
    assert order.status == Order.Status.RETURNED
    client.force_login(world.user("curator"))
    detail = page(client.get(url(world, "order_detail", order.pk)))
    assert "Замечания руководителя:" in detail and "Укажите сроки работы пар." in detail
    client.post(
        url(world, "order_edit", order.pk),
        {
            "heading": order.heading,
            "preamble": order.preamble,
            "items": "Закрепить пары на срок до 31 мая.",
            "groups": [world.new_group.pk],
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, "order_send", order.pk))
    order.refresh_from_db()
    assert order.status == Order.Status.SENT
    history = client.get(url(world, "order_detail", order.pk)).context["history"]
    assert [event["status"] for event in history] == [
        "На подписи",
        "Возвращён на доработку",
        "На подписи",
    ]
    assert history[1]["comment"] == "Укажите сроки работы пар."
    assert history[2]["who"] == world.people["curator"].short_name


def test_only_an_order_awaiting_signature_is_returned(director_client, world):
    response = director_client.get(url(world, "order_return", world.draft_order.pk), follow=True)
    assert "Вернуть можно только приказ, который ждёт подписи." in page(response)


def test_the_director_signs_and_the_pairs_are_fixed(director_client, world):
    response = director_client.post(url(world, "order_sign", world.sent_order.pk), follow=True)
    today = datetime.date.today()
    assert "Приказ подписан: № 1-од" in page(response)
    assert f"Приказ от {today.day} " in page(response)
    world.new_group.refresh_from_db()
    assert world.new_group.status == Group.Status.FIXED
    response = director_client.post(url(world, "order_sign", world.draft_order.pk), follow=True)
    assert "Подписать можно только приказ, который ждёт подписи." in page(response)


# What the detail page shows


def test_the_detail_page_previews_the_printed_text(curator_client, world):
    response = curator_client.get(url(world, "order_detail", world.draft_order.pk))
    text = page(response)
    assert "ПРОЕКТ" in text and "ПРИКАЗЫВАЮ:" in text
    assert "Закрепить наставнические пары согласно приложению." in text
    assert "Лист ознакомления" in text and world.other_mentee.person.full_name in text
    for action in ("order_edit", "order_redraft", "order_delete", "order_send", "order_pdf"):
        assert url(world, action, world.draft_order.pk) in text
    assert url(world, "order_sign", world.draft_order.pk) not in text


def test_the_director_sees_sign_and_return_on_an_order_awaiting_signature(director_client, world):
    text = page(director_client.get(url(world, "order_detail", world.sent_order.pk)))
    assert url(world, "order_sign", world.sent_order.pk) in text
    assert url(world, "order_return", world.sent_order.pk) in text
    assert url(world, "order_edit", world.sent_order.pk) not in text
    assert "Подписать нельзя" not in text


def test_the_consent_gate_lists_who_lacks_the_consent_with_links(client, world):
    mentor = world.people["mentor"]
    mentor.consents.filter(kind=Consent.Kind.DUTIES).delete()
    client.force_login(world.user("curator"))
    text = page(client.get(url(world, "order_detail", world.draft_order.pk)))
    record = reverse("registry:consent_create", args=[world.school.slug, mentor.pk])
    assert "Подписать нельзя" in text and f'href="{record}?kind=duties"' in text
    client.force_login(world.user("coordinator"))
    text = page(client.get(url(world, "order_detail", world.sent_order.pk)))
    assert f'href="{mentor.get_absolute_url()}"' in text
    assert url(world, "order_sign", world.sent_order.pk) not in text


def test_a_signed_order_offers_an_amending_order(curator_client, world):
    services.sign(world.sent_order, user=world.user("director"))
    text = page(curator_client.get(url(world, "order_detail", world.sent_order.pk)))
    assert "Издать изменяющий приказ" in text
    assert f"?kind=change_group&amp;amends={world.sent_order.pk}" in text
    assert url(world, "order_edit", world.sent_order.pk) not in text


def test_the_pdf_of_a_draft_is_drawn_for_the_coordinator(client, world):
    client.force_login(world.user("coordinator"))
    response = client.get(url(world, "order_pdf", world.draft_order.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
