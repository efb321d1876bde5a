"""Malformed input the form fuzzing found answered with a 500: now the page again, or the
redirect the visitor asked for."""

import datetime

from django.urls import reverse

from roadmap.models import Activity, OrderJournal, Roadmap


def test_a_superscript_digit_in_the_amended_order_is_ignored(curator_client, world):
    url = reverse("roadmap:order_create", args=[world.school.slug])
    assert curator_client.get(f"{url}?amends=²").status_code == 200


def test_the_last_journal_number_must_fit_the_journal(client, world):
    """PostgreSQL refused 2 147 483 648 for the journal's integer column."""
    client.force_login(world.user("director"))
    response = client.post(
        reverse("roadmap:journal_settings", args=[world.school.slug]),
        {"year": "2026", "last_number": "2147483648"},
    )
    assert response.status_code == 200
    assert "Убедитесь, что это значение меньше либо равно 99999." in response.content.decode()
    assert not OrderJournal.objects.exists()


def test_the_version_for_the_visually_impaired_goes_back_to_any_local_address(client, public_world):
    """redirect() took a bare «0» for the name of a view and raised NoReverseMatch."""
    response = client.get(
        reverse("public:vision", args=[public_world.school.slug]),
        {"next": "0", "size": "large", "scheme": "bw", "images": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "0"


def test_a_roadmap_ending_in_december_9999_still_has_a_timeline(curator_client, world):
    """The month after the last one was computed, and December 9999 has none."""
    roadmap = Roadmap.objects.create(
        organisation=world.school,
        title="Опечатка в годе",
        starts_on=datetime.date(9999, 1, 1),
        ends_on=datetime.date.max,
    )
    response = curator_client.get(
        reverse("roadmap:roadmap_timeline", args=[world.school.slug, roadmap.pk])
    )
    assert response.status_code == 200
    assert len(response.context["months"]) == 12


def test_a_deadline_on_the_last_day_there_is_stays_in_the_calendar(client, world):
    """An all-day event ends the next day, which 31 December 9999 does not have."""
    world.activity.deadline_kind = Activity.Deadline.DATE
    world.activity.deadline = datetime.date.max
    world.activity.save()
    response = client.get(reverse("calendar:feed", args=[world.calendar_token]))
    assert response.status_code == 200
    text = b"".join(response).decode()
    assert "DTSTART;VALUE=DATE:99991231" in text
    assert "DTEND;VALUE=DATE:100000101" not in text
