import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Group
from programmes.services.groups import group_set_status
from registry.models import MenteeEntry
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)


def waiting_url(world):
    return reverse("programmes:waiting_list", args=[world.school.slug])


def mentee(organisation, last_name, **fields):
    person = PersonFactory(organisation=organisation, last_name=last_name)
    give_consent(person)
    return MenteeEntryFactory(person=person, **fields)


def test_only_waiting_mentees_without_an_open_group_are_listed(curator_client, world, today):
    waiting = mentee(world.school, "Орлова")
    paired = mentee(world.school, "Панова", status=MenteeEntry.Status.PAIRED)
    finished = mentee(world.school, "Рябова", status=MenteeEntry.Status.FINISHED)
    left = mentee(world.school, "Титова", status=MenteeEntry.Status.LEFT)
    elsewhere = mentee(world.other_school, "Ушакова")
    dissolved = mentee(world.school, "Фомина")
    group = GroupFactory(
        organisation=world.school,
        mentor=world.mentor_entry,
        mentees=[dissolved],
        form=world.form,
        status=Group.Status.PROPOSED,
    )
    group_set_status(group=group, status=Group.Status.DISSOLVED, reason="Наставник уволился")

    page = curator_client.get(waiting_url(world)).content.decode()
    assert waiting.person.full_name in page
    assert dissolved.person.full_name in page  # waiting again after the group was dissolved
    for absent in (paired, finished, left, elsewhere):
        assert absent.person.full_name not in page
    # Status «waiting» but in an open group: the mentee persona (active) and other_mentee
    # (proposed) of the test world.
    assert world.mentee_entry.person.full_name not in page
    assert world.other_mentee.person.full_name not in page
    assert "Ждут: 2" in page


def test_the_list_shows_requests_days_waiting_and_the_support_meanwhile(
    curator_client, world, today
):
    entry = mentee(
        world.school,
        "Орлова",
        entered_on=today - datetime.timedelta(days=22),
        support_meanwhile="Консультации руководителя МО по пятницам.",
    )
    topic = TopicFactory(organisation=world.school, name="Классное руководство")
    ProfessionalRequestFactory(person=entry.person).topics.add(topic)
    page = curator_client.get(waiting_url(world)).content.decode()
    assert "Классное руководство" in page
    assert "ждёт 22 дня" in page
    assert "Консультации руководителя МО по пятницам." in page
    assert reverse("registry:mentee_edit", args=[world.school.slug, entry.pk]) in page
    assert reverse("programmes:matching_candidates", args=[world.school.slug, entry.pk]) in page


def test_the_longest_waiting_come_first(curator_client, world, today):
    mentee(world.school, "Новенькая", entered_on=today)
    mentee(world.school, "Давняя", entered_on=today - datetime.timedelta(days=100))
    page = curator_client.get(waiting_url(world)).content.decode()
    assert page.index("Давняя") < page.index("Новенькая")


def test_the_director_reads_the_list_without_the_managers_links(client, world):
    entry = mentee(world.school, "Орлова")
    client.force_login(world.user("director"))
    page = client.get(waiting_url(world)).content.decode()
    assert entry.person.full_name in page
    assert "Подобрать наставника" not in page
    assert reverse("registry:mentee_edit", args=[world.school.slug, entry.pk]) not in page


def test_the_waiting_list_query_count_does_not_grow_with_mentees(curator_client, world):
    topic = TopicFactory(organisation=world.school)

    def add(count):
        for number in range(count):
            entry = mentee(world.school, f"Ждущая{number}")
            ProfessionalRequestFactory(person=entry.person).topics.add(topic)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(waiting_url(world)).status_code == 200
        return len(queries)

    add(5)
    few = count()
    add(45)
    assert count() == few
