"""The calendar of deadlines: our iCalendar writer, the private link page, and the feed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from programmes.models import PlanItem
from roadmap import ical
from roadmap.models import Activity, CalendarFeed, Roadmap, Stage
from tests.factories import PlanItemFactory

SETTINGS_URL = reverse("calendar:settings")


def feed_url(token):
    return reverse("calendar:feed", args=[token])


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


# The writer


def test_text_values_are_escaped():
    assert ical.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_with_a_leading_space():
    line = "DESCRIPTION:" + "x" * 200
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert unfold(folded) == line


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВ€😀x", max_size=300))
def test_folding_never_splits_a_utf8_character(text):
    line = f"SUMMARY:{text}"
    folded = ical.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode()) <= 75
        part.encode().decode()  # each physical line is whole UTF-8
    assert unfold(folded) == line


def test_the_calendar_has_crlf_lines_and_all_day_events():
    content = ical.calendar(
        [
            ical.Event(
                uid="roadmap-activity-7@school.example",
                day=datetime.date(2026, 10, 31),
                summary="Педсовет; итоги, планы",
                description="Строка 1\nСтрока 2",
                url="https://school.example/o/x/roadmaps/1/",
            )
        ],
        name="Сроки",
        now=datetime.datetime(2026, 11, 21, 9, 30, tzinfo=datetime.UTC),
    ).decode()
    assert content.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert content.endswith("END:VCALENDAR\r\n")
    assert "\n" not in content.replace("\r\n", "")
    lines = unfold(content).split("\r\n")
    assert "UID:roadmap-activity-7@school.example" in lines
    assert "DTSTAMP:20261121T093000Z" in lines
    assert "DTSTART;VALUE=DATE:20261031" in lines
    assert "DTEND;VALUE=DATE:20261101" in lines
    assert "SUMMARY:Педсовет\\; итоги\\, планы" in lines
    assert "DESCRIPTION:Строка 1\\nСтрока 2" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


# The link page


def test_the_page_says_when_there_is_no_link(client, world):
    client.force_login(world.user("mentor"))
    response = client.get(SETTINGS_URL)
    assert "Действующей ссылки у вас нет." in response.content.decode()


def test_issuing_shows_the_full_link_once(client, world, settings):
    client.force_login(world.user("mentor"))
    response = client.post(SETTINGS_URL, {"action": "issue"})
    link = response.context["new_url"]
    assert link.startswith(f"{settings.SITE_URL}/calendar/") and link.endswith(".ics")
    assert link in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    again = client.get(SETTINGS_URL).content.decode()
    assert link not in again
    assert "У вас есть действующая ссылка" in again
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(feed_url(token)).status_code == 200


def test_a_new_link_revokes_the_old_one(client, world):
    client.force_login(world.user("curator"))
    client.post(SETTINGS_URL, {"action": "issue"})
    assert client.get(feed_url(world.calendar_token)).status_code == 404


def test_revoking_turns_the_link_off(client, world):
    client.force_login(world.user("curator"))
    response = client.post(SETTINGS_URL, {"action": "revoke"}, follow=True)
    assert "Ссылка на календарь отозвана" in response.content.decode()
    assert client.get(feed_url(world.calendar_token)).status_code == 404
    assert not CalendarFeed.objects.active().exists()


def test_an_unknown_action_is_refused_with_a_message(client, world):
    client.force_login(world.user("curator"))
    response = client.post(SETTINGS_URL, {"action": "delete"}, follow=True)
    assert "Выберите действие" in response.content.decode()


# The feed


def test_an_unknown_token_is_404(client, world):
    assert client.get(feed_url("not-a-token")).status_code == 404


def test_a_deactivated_user_has_no_calendar(client, world):
    curator = world.user("curator")
    curator.is_active = False
    curator.save()
    assert client.get(feed_url(world.calendar_token)).status_code == 404


def feed(client, token) -> str:
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return unfold(response.content.decode())


def test_the_curator_gets_the_open_activities_of_the_roadmap(client, world, settings):
    done = Activity.objects.create(
        stage=world.stage,
        number=2,
        text="Уже сделано",
        deadline_kind="month",
        deadline=world.activity.deadline,
        status="done",
    )
    Activity.objects.create(
        stage=world.stage, number=3, text="Когда нужно", deadline_kind="as_needed"
    )
    other_roadmap = Roadmap.objects.create(
        organisation=world.other_school,
        title="Чужая карта",
        starts_on=world.roadmap.starts_on,
        ends_on=world.roadmap.ends_on,
    )
    other_stage = Stage.objects.create(roadmap=other_roadmap, number=1, title="Этап")
    Activity.objects.create(stage=other_stage, number=1, text="Чужое", deadline_kind="during_year")

    text = feed(client, world.calendar_token)
    host = ical.site_host()
    assert f"UID:roadmap-activity-{world.activity.pk}@{host}" in text
    assert f"SUMMARY:5.1 {world.activity.text}" in text
    assert f"DTSTART;VALUE=DATE:{world.activity.due_on:%Y%m%d}" in text
    link = f"{settings.SITE_URL}{world.roadmap.get_absolute_url()}#activity-{world.activity.pk}"
    assert f"URL:{link}" in text
    assert f"DESCRIPTION:{world.roadmap.title}\\nЭтап 5. {world.stage.title}\\n" in text
    assert f"roadmap-activity-{done.pk}@" not in text
    assert "Когда нужно" not in text and "Чужое" not in text
    # The curator mentors nobody: no plan items.
    assert "plan-item-" not in text
    assert CalendarFeed.objects.get().last_used_at is not None


def test_a_mentor_gets_the_plan_and_the_activities_they_answer_for(client, world):
    _feed, token = CalendarFeed.issue(world.user("mentor"))
    PlanItemFactory(programme=world.programme, status=PlanItem.Status.DONE, activity="Сделано")
    text = feed(client, token)
    assert f"UID:plan-item-{world.item.pk}@" in text
    assert f"SUMMARY:План программы: {world.item.activity}" in text
    assert "Сделано" not in text
    assert "roadmap-activity-" not in text

    world.activity.responsible_people.add(world.people["mentor"])
    assert f"UID:roadmap-activity-{world.activity.pk}@" in feed(client, token)


def test_a_mentee_gets_the_plan_of_their_programme(client, world):
    _feed, token = CalendarFeed.issue(world.user("mentee"))
    assert f"UID:plan-item-{world.item.pk}@" in feed(client, token)


def test_a_completed_programme_leaves_the_calendar(client, world):
    _feed, token = CalendarFeed.issue(world.user("mentor"))
    world.programme.status = "completed"
    world.programme.save()
    assert "plan-item-" not in feed(client, token)


@pytest.mark.parametrize("persona", ["curator", "mentor"])
def test_the_feed_pays_no_query_per_event(client, world, persona, django_assert_num_queries):
    _feed, token = CalendarFeed.issue(world.user(persona))
    with CaptureQueriesContext(connection) as queries:
        feed(client, token)
    for number in range(2, 12):
        activity = Activity.objects.create(
            stage=world.stage, number=number, text=f"Дело {number}", deadline_kind="during_year"
        )
        activity.responsible_people.add(world.people["mentor"])
        PlanItemFactory(programme=world.programme)
    with django_assert_num_queries(len(queries)):
        text = feed(client, token)
    assert text.count("BEGIN:VEVENT") >= 11
