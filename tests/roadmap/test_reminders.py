"""Email reminders: who hears of what, once a day per item, the letter, switching them off,
the command, and a query count that does not grow with the number of users."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import PlanItem, Programme
from registry.models import Membership
from roadmap.models import Activity, Order, ReminderPreference, ReminderSent
from roadmap.models.reminders import unsubscribe_token
from roadmap.reminders import collect, recipients, send_reminders
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)

SITE = "https://nastavnik.example"
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def world(world):
    """Every persona with an address; the mentor's plan item due in three days; nothing else
    that would write to the others (the order awaiting signature is a draft again)."""
    for persona, user in world.users.items():
        if user is not None:
            user.email = f"{persona}@school.example"
            user.save(update_fields=["email"])
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=TODAY + datetime.timedelta(days=3))
    Order.objects.filter(pk=world.sent_order.pk).update(status=Order.Status.DRAFT)
    Activity.objects.filter(pk=world.activity.pk).update(status=Activity.Status.DONE)
    return world


def letters_to(email):
    return [message for message in mail.outbox if message.to == [email]]


def letter_to(email):
    (message,) = letters_to(email)
    return message


def html_of(message):
    (content, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return content


# Who hears of what


def test_a_mentor_hears_of_their_plan_item_due_soon(world):
    result = send_reminders()
    message = letter_to("mentor@school.example")
    assert world.item.activity in message.body
    assert "через 3 дня" in message.body
    url = reverse("programmes:programme_detail", args=[world.school.slug, world.programme.pk])
    assert f"{SITE}{url}#item-{world.item.pk}" in message.body
    assert message.subject.startswith("Наставничество: 1 напоминание на ")
    assert result.letters >= 1


def test_the_letter_has_an_html_part_and_the_unsubscribe_link(world):
    send_reminders()
    message = letter_to("mentor@school.example")
    token_url = SITE + reverse(
        "reminders:unsubscribe", args=[unsubscribe_token(world.user("mentor"))]
    )
    assert token_url in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{token_url}>"
    html = html_of(message)
    assert f'href="{token_url}"' in html
    assert world.item.activity in html


def test_the_unsubscribe_header_is_sent_as_written_however_long(world):
    send_reminders()
    raw = letter_to("mentor@school.example").message().as_bytes().decode()
    token_url = SITE + reverse(
        "reminders:unsubscribe", args=[unsubscribe_token(world.user("mentor"))]
    )
    assert len(token_url) > 78
    assert f"\nList-Unsubscribe: <{token_url}>\n" in raw.replace("\r\n", "\n")
    assert "Subject: =?utf-8?" in raw  # other headers are still encoded and folded as usual


def test_a_mentee_is_not_written_to_about_the_mentors_plan(world):
    send_reminders()
    assert not letters_to("mentee@school.example")


def test_an_overdue_item_is_named_as_overdue(world):
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=TODAY - datetime.timedelta(days=2))
    send_reminders()
    assert "просрочено на 2 дня" in letter_to("mentor@school.example").body.lower()


def test_done_items_and_far_deadlines_are_not_reminded(world):
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=TODAY + datetime.timedelta(days=8))
    PlanItemFactory(
        programme=world.programme, deadline=TODAY, status=PlanItem.Status.DONE, done_on=TODAY
    )
    send_reminders()
    assert not letters_to("mentor@school.example")


def test_the_responsible_person_hears_of_a_roadmap_activity(world):
    Activity.objects.filter(pk=world.activity.pk).update(
        status=Activity.Status.PLANNED, due_on=TODAY - datetime.timedelta(days=1)
    )
    world.activity.responsible_people.add(world.people["working_group"], world.people["mentor"])
    send_reminders()
    for persona in ("working_group", "mentor"):
        body = letter_to(f"{persona}@school.example").body
        assert world.activity.text in body
        assert "Мероприятия дорожной карты, за которые вы отвечаете" in body


def test_the_curators_hear_of_stalled_programmes_and_expiring_consents(world):
    Programme.objects.filter(pk=world.programme.pk).update(
        starts_on=TODAY - datetime.timedelta(days=60)
    )
    PlanItem.objects.filter(programme=world.programme).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    expiring = PersonFactory(organisation=world.school, last_name="Истекающая")
    give_consent(expiring, valid_until=TODAY + datetime.timedelta(days=12))
    MenteeEntryFactory(person=expiring)
    never = PersonFactory(organisation=world.school, last_name="Безсогласия")
    MenteeEntryFactory(person=never)
    send_reminders()
    for persona in ("curator", "working_group"):
        body = letter_to(f"{persona}@school.example").body
        assert "программы без движения" in body
        assert world.programme.title in body
        assert "Истекающая" in body and "истекает" in body
        # A consent never given is on the dashboard, not in a daily letter.
        assert "Безсогласия" not in body
    assert not letters_to("director@school.example")


def test_the_director_hears_of_orders_awaiting_signature(world):
    Order.objects.filter(pk=world.sent_order.pk).update(status=Order.Status.SENT)
    send_reminders()
    body = letter_to("director@school.example").body
    assert "приказы на подписи" in body
    assert world.sent_order.heading in body
    assert not any(world.sent_order.heading in m.body for m in letters_to("mentor@school.example"))


def test_the_sender_hears_of_an_order_returned_for_rework(world):
    Order.objects.filter(pk=world.sent_order.pk).update(
        status=Order.Status.RETURNED,
        sent_by=world.user("curator"),
        return_comment="Уточните состав пар.",
    )
    send_reminders()
    body = letter_to("curator@school.example").body
    assert "Уточните состав пар." in body
    assert not letters_to("working_group@school.example")


def test_nobody_hears_of_another_schools_items(world):
    Order.objects.filter(pk=world.sent_order.pk).update(status=Order.Status.SENT)
    MembershipFactory(
        user=world.user("other_curator"), organisation=world.other_school, role="director"
    )
    send_reminders()
    assert not letters_to("other_curator@school.example")
    assert not letters_to("coordinator@school.example")


def test_a_mentor_who_lost_their_role_hears_nothing_of_the_school(world):
    Membership.objects.filter(user=world.user("mentor")).delete()
    send_reminders()
    assert not letters_to("mentor@school.example")


# Once a day


def test_a_second_run_the_same_day_sends_nothing(world):
    first = send_reminders()
    mail.outbox.clear()
    second = send_reminders()
    assert first.letters >= 1
    assert (second.letters, second.items) == (0, 0)
    assert not mail.outbox


def test_an_item_is_sent_again_on_another_day(world):
    send_reminders(TODAY)
    mail.outbox.clear()
    send_reminders(TOMORROW)
    assert world.item.activity in letter_to("mentor@school.example").body
    assert ReminderSent.objects.filter(user=world.user("mentor")).count() == 2


def test_a_new_item_the_same_day_is_sent_alone(world):
    send_reminders()
    mail.outbox.clear()
    fresh = PlanItemFactory(programme=world.programme, deadline=TOMORROW, activity="Новый пункт")
    send_reminders()
    body = letter_to("mentor@school.example").body
    assert fresh.activity in body
    assert world.item.activity not in body


def test_an_item_that_becomes_overdue_is_sent_again_the_same_day(world):
    send_reminders()
    mail.outbox.clear()
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    send_reminders()
    assert "Просрочено на 1 день" in letter_to("mentor@school.example").body


def test_one_letter_per_user_lists_all_items(world):
    PlanItemFactory(programme=world.programme, deadline=TOMORROW, activity="Второй пункт")
    result = send_reminders()
    message = letter_to("mentor@school.example")
    assert world.item.activity in message.body and "Второй пункт" in message.body
    assert message.subject.startswith("Наставничество: 2 напоминания")
    assert ReminderSent.objects.filter(user=world.user("mentor"), sent_on=TODAY).count() == 2
    assert result.items >= 2


def test_a_letter_that_fails_leaves_no_record_and_goes_out_next_time(world, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    result = send_reminders()
    assert result.failed >= 1 and result.letters == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    send_reminders()
    assert world.item.activity in letter_to("mentor@school.example").body


# Who gets nothing


def test_a_user_who_switched_reminders_off_gets_nothing(world):
    ReminderPreference.objects.create(user=world.user("mentor"), enabled=False)
    send_reminders()
    assert not letters_to("mentor@school.example")
    assert not ReminderSent.objects.filter(user=world.user("mentor")).exists()


def test_users_without_an_address_or_inactive_get_nothing(world):
    mentor = world.user("mentor")
    mentor.email = ""
    mentor.save(update_fields=["email"])
    assert mentor not in recipients()
    mentor.email = "mentor@school.example"
    mentor.is_active = False
    mentor.save(update_fields=["email", "is_active"])
    send_reminders()
    assert not letters_to("mentor@school.example")


# The command


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_russian_summary(world):
    PlanItemFactory(programme=world.programme, deadline=TOMORROW)
    out, _err = run()
    assert out.strip() == "Отправлено писем: 1, пунктов: 2."
    out, _err = run()
    assert out.strip() == "Отправлено писем: 0, пунктов: 0."


def test_the_dry_run_sends_and_records_nothing(world):
    out, _err = run("--dry-run")
    assert out.strip() == "Проверка без отправки: писем было бы 1, пунктов: 1."
    assert not mail.outbox
    assert not ReminderSent.objects.exists()


def test_the_command_takes_a_date(world):
    later = TODAY + datetime.timedelta(days=10)
    out, _err = run("--date", later.isoformat())
    assert out.strip() == "Отправлено писем: 1, пунктов: 1."
    assert "Просрочено на 7 дней" in letter_to("mentor@school.example").body
    assert ReminderSent.objects.get().sent_on == later


def test_the_command_refuses_a_bad_date(world):
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        run("--date", "31.12.2026")


# Query counts


def add_mentors(world, count):
    for number in range(count):
        mentor = MentorEntryFactory(person=PersonFactory(organisation=world.school))
        user = MembershipFactory(
            user__email=f"extra{number}-{mentor.pk}@school.example",
            organisation=world.school,
            role="mentor",
        ).user
        mentor.person.user = user
        mentor.person.save(update_fields=["user"])
        group = GroupFactory(
            organisation=world.school,
            mentor=mentor,
            mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
            form=world.form,
        )
        PlanItemFactory(programme=ProgrammeFactory(group=group), deadline=TOMORROW)


def test_collecting_pays_no_query_per_user(world, django_assert_num_queries):
    add_mentors(world, 2)
    with CaptureQueriesContext(connection) as few:
        small = collect(recipients())
    add_mentors(world, 8)
    with django_assert_num_queries(len(few.captured_queries)):
        large = collect(recipients())
    assert len(large) == len(small) + 8


# The settings page and the one-click switch


def test_the_settings_page_previews_todays_letter(client, world):
    client.force_login(world.user("mentor"))
    response = client.get(reverse("reminders:settings"))
    html = response.content.decode()
    assert "Что было бы в письме сегодня" in html
    assert world.item.activity in html
    assert "mentor@school.example" in html


def test_the_settings_page_switches_reminders_off_and_on(client, world):
    client.force_login(world.user("mentor"))
    response = client.post(reverse("reminders:settings"), {})
    assert response.status_code == 302
    assert not ReminderPreference.objects.get(user=world.user("mentor")).enabled
    client.post(reverse("reminders:settings"), {"enabled": "on"})
    assert ReminderPreference.objects.get(user=world.user("mentor")).enabled


def test_the_settings_page_warns_without_an_address(client, world):
    user = world.user("director")
    user.email = ""
    user.save(update_fields=["email"])
    client.force_login(user)
    html = client.get(reverse("reminders:settings")).content.decode()
    assert "не указан адрес электронной почты" in html


def unsubscribe_url(user):
    return reverse("reminders:unsubscribe", args=[unsubscribe_token(user)])


def test_the_unsubscribe_link_asks_first_then_switches_off(world):
    client = Client(enforce_csrf_checks=True)
    user = world.user("mentor")
    response = client.get(unsubscribe_url(user))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Отключить напоминания" in html
    assert "m•••@school.example" in html
    assert response["Cache-Control"] == "private, no-store"
    assert not ReminderPreference.objects.filter(user=user).exists()
    token = client.cookies["csrftoken"].value
    response = client.post(unsubscribe_url(user), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not ReminderPreference.objects.get(user=user).enabled
    html = client.get(unsubscribe_url(user)).content.decode()
    assert "отключены: письма больше не придут" in html
    send_reminders()
    assert not letters_to("mentor@school.example")


def test_the_unsubscribe_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_url(world.user("mentor")))
    assert response.status_code == 403
    assert not ReminderPreference.objects.filter(user=world.user("mentor")).exists()


@pytest.mark.parametrize("token", ["garbage", "MQ:1tXyZ:forged"])
def test_a_bad_unsubscribe_link_says_so_with_404(client, world, token):
    response = client.get(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert "Ссылка не действует" in response.content.decode()
    response = client.post(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 404
    assert not ReminderPreference.objects.exists()


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_links_are_built_from_the_site_url(world):
    send_reminders()
    assert "http://127.0.0.1:8000/o/" in letter_to("mentor@school.example").body
