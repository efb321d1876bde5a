"""Malformed input the form fuzzing found answered with a 500: now the page again, with an error
where the user can see one."""

from django.urls import reverse

from registry.models import MentorEntry, Person

# An id no database column holds: SQLite raised OverflowError comparing it in ``pk__in``.
TOO_LARGE_ID = "99999999999999999999"


def test_an_id_too_large_for_the_database_is_an_invalid_choice(curator_client, world):
    mentor = world.mentor_entry
    response = curator_client.post(
        reverse("registry:mentor_edit", args=[world.school.slug, mentor.pk]),
        {
            "status": MentorEntry.Status.READY,
            "capacity": "2",
            "entered_on": "2024-09-01",
            "competencies": [str(world.topic.pk), TOO_LARGE_ID],
        },
    )
    assert response.status_code == 200
    assert f"“{TOO_LARGE_ID}” является неверным значением." in response.content.decode()
    assert list(mentor.competencies.all()) == [world.topic]


def test_a_superscript_digit_in_the_person_link_is_ignored(curator_client, world):
    for name in ("registry:mentee_create", "registry:mentor_create"):
        url = reverse(name, args=[world.school.slug])
        assert curator_client.get(f"{url}?person=²").status_code == 200


def test_a_search_longer_than_any_name_is_not_sent_to_the_database(curator_client, world):
    """SQLite refuses a LIKE pattern of more than 50 000 bytes; the search is left out."""
    for name in ("registry:person_list", "registry:mentor_list", "registry:consent_list"):
        response = curator_client.get(reverse(name, args=[world.school.slug]), {"q": "Ж" * 70_000})
        assert response.status_code == 200
    found = curator_client.get(
        reverse("registry:person_list", args=[world.school.slug]), {"q": "Белова"}
    )
    assert [person.pk for person in found.context["page"].object_list] == [world.person.pk]
    assert Person.objects.filter(last_name="Белова").count() == 1
