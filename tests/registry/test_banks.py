import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Consent, MenteeEntry, MethodicalAssociation, Person, fold
from registry.services.banks import mentee_enrol, mentor_enrol, suggest_mentee_category
from tests.conftest import give_consent
from tests.factories import (
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)


def years_ago(today, years, days=0):
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_nobody_enters_a_bank_without_a_personal_data_consent(world):
    stranger = PersonFactory(organisation=world.school)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentee_enrol(person=stranger, category=MenteeEntry.Category.OTHER, created_by=None)
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        mentor_enrol(person=stranger, created_by=None)
    assert not MenteeEntry.objects.filter(person=stranger).exists()


def test_a_revoked_or_expired_consent_closes_the_gate(world, today):
    revoked = PersonFactory(organisation=world.school)
    give_consent(revoked, revoked_on=today)
    expired = PersonFactory(organisation=world.school)
    give_consent(expired, valid_until=today - datetime.timedelta(days=1))
    for someone in (revoked, expired):
        with pytest.raises(ValidationError):
            mentee_enrol(person=someone, category=MenteeEntry.Category.OTHER, created_by=None)


def test_a_minor_needs_the_representatives_consent(world, today):
    pupil = PersonFactory(
        organisation=world.school,
        kind=Person.Kind.STUDENT,
        grade="7 Б",
        birth_date=years_ago(today, 13),
    )
    give_consent(pupil)  # the child's own consent does not count
    with pytest.raises(ValidationError, match="законного представителя"):
        mentee_enrol(person=pupil, category=MenteeEntry.Category.STUDENT, created_by=None)
    give_consent(pupil, kind=Consent.Kind.REPRESENTATIVE)
    entry = mentee_enrol(person=pupil, category=MenteeEntry.Category.STUDENT, created_by=None)
    assert entry.status == MenteeEntry.Status.WAITING


def test_the_category_is_suggested_from_the_data(world, today):
    young = PersonFactory(
        organisation=world.school,
        birth_date=years_ago(today, 27),
        experience_start=years_ago(today, 2),
    )
    experienced_newcomer = PersonFactory(
        organisation=world.school,
        birth_date=years_ago(today, 45),
        experience_start=years_ago(today, 20),
        hire_date=today - datetime.timedelta(days=90),
    )
    thirty_five = PersonFactory(
        organisation=world.school,
        birth_date=years_ago(today, 35),
        experience_start=years_ago(today, 1),
    )
    pupil = PersonFactory(organisation=world.school, kind=Person.Kind.STUDENT)
    assert suggest_mentee_category(young) == MenteeEntry.Category.YOUNG_SPECIALIST
    assert suggest_mentee_category(experienced_newcomer) == MenteeEntry.Category.NEWLY_HIRED
    assert suggest_mentee_category(thirty_five) is None
    assert suggest_mentee_category(pupil) == MenteeEntry.Category.STUDENT


def test_the_add_page_suggests_the_category_for_the_person(curator_client, world, today):
    young = PersonFactory(
        organisation=world.school,
        birth_date=years_ago(today, 25),
        experience_start=years_ago(today, 1),
    )
    url = reverse("registry:mentee_create", args=[world.school.slug])
    form = curator_client.get(url, {"person": young.pk}).context["form"]
    assert form.initial["category"] == MenteeEntry.Category.YOUNG_SPECIALIST


def test_adding_a_mentee_without_consent_explains_and_saves_nothing(curator_client, world):
    stranger = PersonFactory(organisation=world.school, last_name="Сорокина")
    url = reverse("registry:mentee_create", args=[world.school.slug])
    response = curator_client.post(
        url, {"person": stranger.pk, "category": "newly_hired", "entered_on": "2026-09-01"}
    )
    assert response.status_code == 200
    assert "нет действующего согласия" in response.content.decode()
    assert not MenteeEntry.objects.filter(person=stranger).exists()


def test_the_curator_adds_a_mentee(curator_client, world):
    url = reverse("registry:mentee_create", args=[world.school.slug])
    response = curator_client.post(
        url,
        {"person": world.person.pk, "category": "difficulties", "entered_on": "2026-09-01"},
    )
    entry = MenteeEntry.objects.get(person=world.person)
    assert response.url == entry.get_absolute_url()
    assert entry.created_by == world.user("curator")


def test_a_mentor_is_ready_only_after_a_recommending_interview(curator_client, world):
    url = reverse("registry:mentor_edit", args=[world.school.slug, world.mentor_entry.pk])
    data = {"status": "ready", "capacity": 2, "entered_on": "2026-09-01", "interview_outcome": ""}
    response = curator_client.post(url, data)
    assert "рекомендованный по итогам собеседования" in response.content.decode()
    data |= {"interview_outcome": "recommended", "interview_date": "2026-09-10"}
    assert curator_client.post(url, data).status_code == 302


def test_a_mentee_sees_their_own_entry_and_no_other(client, world):
    other = MenteeEntryFactory(person=PersonFactory(organisation=world.school))
    client.force_login(world.user("mentee"))
    assert client.get(world.mentee_entry.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 403
    assert (
        client.get(
            reverse("registry:mentee_edit", args=[world.school.slug, world.mentee_entry.pk])
        ).status_code
        == 403
    )


def list_names(client, url, **params):
    return [entry.person.last_name for entry in client.get(url, params).context["page"]]


def test_the_mentee_bank_filters_by_status_category_topic_consent_and_mo(curator_client, world):
    mo = MethodicalAssociation.objects.create(
        organisation=world.school, name="МО начальных классов"
    )
    topic = TopicFactory(name="Классное руководство")
    a = MenteeEntryFactory(
        person=PersonFactory(
            organisation=world.school, last_name="Аксёнова", methodical_association=mo
        ),
        status=MenteeEntry.Status.PAIRED,
    )
    b = MenteeEntryFactory(
        person=PersonFactory(organisation=world.school, last_name="Борисова"),
        category=MenteeEntry.Category.NEWLY_HIRED,
    )
    ProfessionalRequestFactory(person=b.person).topics.add(topic)
    give_consent(a.person)
    url = reverse("registry:mentee_list", args=[world.school.slug])
    assert list_names(curator_client, url, status="paired") == ["Аксёнова"]
    assert list_names(curator_client, url, category="newly_hired") == ["Борисова"]
    assert list_names(curator_client, url, topic=topic.pk) == ["Борисова"]
    assert "Борисова" in list_names(curator_client, url, consent="missing")
    assert "Борисова" not in list_names(curator_client, url, consent="valid")
    assert list_names(curator_client, url, methodical_association=mo.pk) == ["Аксёнова"]
    assert list_names(curator_client, url, q="борис") == ["Борисова"]
    descending = list_names(curator_client, url, sort="-name")
    assert descending == sorted(descending, key=fold, reverse=True)


def test_the_mentor_bank_filters_by_competency(curator_client, world):
    url = reverse("registry:mentor_list", args=[world.school.slug])
    assert list_names(curator_client, url, topic=world.topic.pk) == ["Савельева"]
    assert list_names(curator_client, url, topic=TopicFactory().pk) == []


@pytest.mark.parametrize("url_name", ["registry:mentee_list", "registry:mentor_list"])
def test_bank_lists_run_as_many_queries_for_200_entries_as_for_5(curator_client, world, url_name):
    factory = MenteeEntryFactory if url_name == "registry:mentee_list" else MentorEntryFactory
    topic = TopicFactory()
    url = reverse(url_name, args=[world.school.slug])

    def queries_with(count):
        for _ in range(count - factory._meta.model.objects.count()):
            entry = factory(person=PersonFactory(organisation=world.school))
            give_consent(entry.person)
            if factory is MentorEntryFactory:
                entry.competencies.add(topic)
            else:
                ProfessionalRequestFactory(person=entry.person).topics.add(topic)
        with CaptureQueriesContext(connection) as context:
            assert curator_client.get(url, {"page": 1}).status_code == 200
        return len(context)

    assert queries_with(5) == queries_with(200)


def test_the_curator_records_a_request_and_its_topics_show_in_the_bank(curator_client, world):
    url = reverse("registry:request_create", args=[world.school.slug, world.people["mentee"].pk])
    topic = TopicFactory(name="Подготовка к ОГЭ")
    response = curator_client.post(
        url,
        {"stated_on": "2026-10-01", "topics": [topic.pk], "difficulties": "Не успеваю по плану"},
    )
    assert response.status_code == 302
    world.mentee_entry.refresh_from_db()
    assert topic in world.mentee_entry.requested_topics


def test_an_own_topic_is_added_and_the_shipped_catalogue_is_not_editable_here(
    curator_client, world
):
    url = reverse("registry:topic_create", args=[world.school.slug])
    curator_client.post(url, {"area": "digital", "name": "Школьный медиацентр", "is_active": "on"})
    assert world.school.topics.filter(name="Школьный медиацентр").exists()
    duplicate = curator_client.post(url, {"area": "digital", "name": "школьный МЕДИАЦЕНТР"})
    assert "уже есть" in duplicate.content.decode()
    shipped = TopicFactory()  # organisation=None: the shipped catalogue
    edit = reverse("registry:topic_edit", args=[world.school.slug, shipped.pk])
    assert curator_client.get(edit).status_code == 404


def test_a_training_session_records_its_attendees(curator_client, world):
    url = reverse("registry:training_create", args=[world.school.slug])
    mentor = world.people["mentor"]
    response = curator_client.post(
        url,
        {"date": "2026-10-15", "topic": "Роль наставника", "hours": 4, "attendees": [mentor.pk]},
    )
    assert response.status_code == 302
    assert mentor.training_sessions.filter(topic="Роль наставника").exists()
    outsider = PersonFactory(organisation=world.school)  # not in the mentor bank
    response = curator_client.post(
        url, {"date": "2026-10-16", "topic": "x", "hours": 2, "attendees": [outsider.pk]}
    )
    assert response.status_code == 200


def test_the_persons_page_shows_who_changed_what(curator_client, world):
    url = reverse("registry:person_edit", args=[world.school.slug, world.person.pk])
    form = curator_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"position": "учитель математики и физики"}
    assert curator_client.post(url, data).status_code == 302
    history = curator_client.get(world.person.get_absolute_url()).context["history"]
    change = history[0]
    assert change.who == "curator"
    assert ("должность или место работы", "учитель", "учитель математики и физики") in change.fields


def test_the_topic_catalogue_lists_the_shipped_topics_beside_the_schools_own(curator_client, world):
    shipped = TopicFactory(name="Наставничество в цифровой среде")  # no organisation: shipped
    retired = TopicFactory(organisation=world.school, name="Старое направление", is_active=False)
    foreign = TopicFactory(organisation=world.other_school, name="Чужое направление")
    topics = curator_client.get(reverse("registry:topic_list", args=[world.school.slug]))
    listed = set(topics.context["topics"])
    assert {shipped, world.topic, retired} <= listed
    assert foreign not in listed
