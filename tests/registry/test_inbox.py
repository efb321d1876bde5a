import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.models import (
    AnswerStatus,
    Consent,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    ProfessionalRequest,
)
from registry.services.selfservice import inbox_count
from tests.conftest import give_consent
from tests.factories import (
    MentorQuestionnaireFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)


def inbox_url(world):
    return reverse("registry:inbox", args=[world.school.slug])


def decide_request_url(world, answer):
    return reverse("registry:request_decide", args=[world.school.slug, answer.pk])


def decide_questionnaire_url(world, answer):
    return reverse("registry:questionnaire_decide", args=[world.school.slug, answer.pk])


def messages_of(response):
    """The messages a response left for the next page, without rendering that page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def newcomer(world, today):
    """A young teacher with a consent, not in any bank yet, who has stated a request."""
    person = PersonFactory(
        organisation=world.school,
        last_name="Лебедева",
        birth_date=today.replace(year=today.year - 24),
        experience_start=today - datetime.timedelta(days=400),
    )
    give_consent(person)
    request = ProfessionalRequestFactory(person=person, wishes="Учитель математики")
    request.topics.add(world.topic)
    return request


# The inbox


def test_the_inbox_lists_only_new_answers_of_the_own_school_oldest_first(curator_client, world):
    older = ProfessionalRequestFactory(
        person=world.person, stated_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    ProfessionalRequestFactory(person=world.person, status=AnswerStatus.ACCEPTED)
    ProfessionalRequestFactory(person=PersonFactory(organisation=world.other_school))
    MentorQuestionnaireFactory(person=world.person, status=AnswerStatus.REJECTED)
    MentorQuestionnaireFactory(person=PersonFactory(organisation=world.other_school))
    gone = PersonFactory(organisation=world.school, anonymised_at=timezone.now())
    ProfessionalRequestFactory(person=gone)

    response = curator_client.get(inbox_url(world))
    assert list(response.context["requests"]) == [older, world.professional_request]
    assert list(response.context["questionnaires"]) == [world.questionnaire]
    assert inbox_count(world.school) == 3


def test_the_inbox_shows_each_persons_consent_state(curator_client, world):
    world.consent.revoked_on = timezone.localdate()
    world.consent.save()
    html = curator_client.get(inbox_url(world)).content.decode()
    assert "ПДн: отозвано" in html
    assert "ПДн: действует" in html


def test_the_inbox_runs_as_many_queries_for_100_answers_as_for_5(curator_client, world):
    def queries_with(count):
        ProfessionalRequest.objects.all().delete()
        MentorQuestionnaire.objects.all().delete()
        for _ in range(count):
            person = PersonFactory(organisation=world.school)
            give_consent(person)
            ProfessionalRequestFactory(person=person).topics.add(world.topic)
            MentorQuestionnaireFactory(person=person).competencies.add(world.topic)
        with CaptureQueriesContext(connection) as context:
            response = curator_client.get(inbox_url(world))
        assert response.status_code == 200
        assert len(response.context["requests"]) == count
        return len(context)

    assert queries_with(5) == queries_with(100)


# Deciding about a request


def test_the_decide_page_shows_the_person_and_suggests_a_category(curator_client, world, newcomer):
    response = curator_client.get(decide_request_url(world, newcomer))
    html = response.content.decode()
    assert newcomer.difficulties in html
    assert "Учитель математики" in html
    assert response.context["facts"]["age"] == 24
    assert response.context["facts"]["experience"] == 1
    assert response.context["form"].fields["category"].initial == "young_specialist"
    assert "ПДн: действует" in html


def test_accepting_a_request_enrols_the_mentee_with_the_chosen_category(
    curator_client, world, newcomer
):
    response = curator_client.post(
        decide_request_url(world, newcomer), {"decision": "accept", "category": "newly_hired"}
    )
    assert response.url == inbox_url(world)
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.ACCEPTED
    assert newcomer.decided_by == world.user("curator")
    assert newcomer.decided_at is not None
    entry = MenteeEntry.objects.get(person=newcomer.person)
    assert entry.category == MenteeEntry.Category.NEWLY_HIRED
    assert entry.preferences == "Учитель математики"
    assert entry.created_by == world.user("curator")


def test_accepting_someone_new_to_the_bank_needs_a_category(curator_client, world, newcomer):
    response = curator_client.post(decide_request_url(world, newcomer), {"decision": "accept"})
    assert response.status_code == 200
    assert "выберите категорию" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.NEW


def test_accepting_without_a_valid_consent_changes_nothing_and_explains(
    curator_client, world, newcomer
):
    newcomer.person.consents.update(revoked_on=timezone.localdate())
    response = curator_client.post(
        decide_request_url(world, newcomer),
        {"decision": "accept", "category": "young_specialist"},
    )
    assert "нет действующего согласия" in messages_of(response)[-1]
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.NEW
    assert newcomer.decided_by is None
    assert not MenteeEntry.objects.filter(person=newcomer.person).exists()


def test_accepting_a_request_of_someone_already_in_the_bank_keeps_their_entry(
    curator_client, world
):
    answer = world.professional_request
    response = curator_client.post(decide_request_url(world, answer), {"decision": "accept"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED
    assert MenteeEntry.objects.get(person=answer.person) == world.mentee_entry


def test_rejecting_a_request_marks_it_and_enrols_no_one(curator_client, world, newcomer):
    curator_client.post(decide_request_url(world, newcomer), {"decision": "reject"})
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.REJECTED
    assert newcomer.decided_by == world.user("curator")
    assert not MenteeEntry.objects.filter(person=newcomer.person).exists()


def test_a_decided_request_cannot_be_decided_again(curator_client, world, newcomer):
    curator_client.post(decide_request_url(world, newcomer), {"decision": "reject"})
    response = curator_client.post(
        decide_request_url(world, newcomer),
        {"decision": "accept", "category": "young_specialist"},
    )
    assert "уже принято" in messages_of(response)[-1]
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.REJECTED
    assert not MenteeEntry.objects.filter(person=newcomer.person).exists()
    page = curator_client.get(decide_request_url(world, newcomer)).content.decode()
    assert 'value="accept"' not in page


@pytest.mark.parametrize("decision", ["", "maybe"])
def test_a_decision_that_is_neither_accept_nor_reject_is_refused(
    curator_client, world, newcomer, decision
):
    response = curator_client.post(decide_request_url(world, newcomer), {"decision": decision})
    assert response.status_code == 200
    assert "Выберите: принять или отклонить." in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == AnswerStatus.NEW


def test_an_answer_of_another_school_cannot_be_decided(client, world):
    client.force_login(world.user("other_curator"))
    for url in (
        reverse(
            "registry:request_decide", args=[world.other_school.slug, world.professional_request.pk]
        ),
        reverse(
            "registry:questionnaire_decide", args=[world.other_school.slug, world.questionnaire.pk]
        ),
    ):
        assert client.post(url, {"decision": "reject"}).status_code == 404
    world.professional_request.refresh_from_db()
    assert world.professional_request.status == AnswerStatus.NEW


# Deciding about a mentor questionnaire


def test_accepting_a_questionnaire_makes_a_candidate_mentor_with_its_competencies(
    curator_client, world
):
    answer = world.questionnaire
    answer.competencies.add(world.topic)
    answer.preferences = "Только молодые учителя"
    answer.save()
    response = curator_client.post(decide_questionnaire_url(world, answer), {"decision": "accept"})
    assert response.url == inbox_url(world)
    entry = MentorEntry.objects.get(person=world.person)
    assert entry.status == MentorEntry.Status.CANDIDATE
    assert entry.capacity == answer.capacity
    assert entry.preferences == "Только молодые учителя"
    assert list(entry.competencies.all()) == [world.topic]
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED
    assert answer.decided_by == world.user("curator")


def test_accepting_a_questionnaire_of_a_mentor_in_the_bank_adds_competencies(curator_client, world):
    mentor = world.people["mentor"]
    new_topic = TopicFactory(organisation=world.school, name="Проектная деятельность")
    answer = MentorQuestionnaireFactory(person=mentor, capacity=4)
    answer.competencies.add(new_topic)
    curator_client.post(decide_questionnaire_url(world, answer), {"decision": "accept"})
    entry = MentorEntry.objects.get(person=mentor)
    assert entry == world.mentor_entry
    assert set(entry.competencies.all()) == {world.topic, new_topic}
    assert entry.capacity == 4
    assert entry.status == MentorEntry.Status.READY


def test_accepting_a_questionnaire_without_a_valid_consent_changes_nothing(curator_client, world):
    world.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    world.consent.save()
    response = curator_client.post(
        decide_questionnaire_url(world, world.questionnaire), {"decision": "accept"}
    )
    assert str(Consent.Kind.PERSONAL_DATA.label) in messages_of(response)[-1]
    world.questionnaire.refresh_from_db()
    assert world.questionnaire.status == AnswerStatus.NEW
    assert not MentorEntry.objects.filter(person=world.person).exists()


def test_rejecting_a_questionnaire_and_then_deciding_again_changes_nothing(curator_client, world):
    url = decide_questionnaire_url(world, world.questionnaire)
    curator_client.post(url, {"decision": "reject"})
    response = curator_client.post(url, {"decision": "accept"})
    assert "уже принято" in messages_of(response)[-1]
    world.questionnaire.refresh_from_db()
    assert world.questionnaire.status == AnswerStatus.REJECTED
    assert not MentorEntry.objects.filter(person=world.person).exists()
