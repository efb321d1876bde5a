"""The matching pages: a mentee's candidates with «Сформировать пару», and «Подобрать всех» —
the proposal the curator locks, edits, recomputes and accepts."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Group, MentoringForm
from registry.models import MenteeEntry, MentorEntry
from tests.conftest import give_consent
from tests.factories import (
    MenteeEntryFactory,
    MentorEntryFactory,
    MentoringFormFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)


def a_mentee(organisation, *, topics=(), last_name="Иванова"):
    entry = MenteeEntryFactory(person=PersonFactory(organisation=organisation, last_name=last_name))
    give_consent(entry.person)
    if topics:
        ProfessionalRequestFactory(person=entry.person).topics.set(topics)
    return entry


def a_mentor(organisation, *, topics=(), capacity=1, last_name="Петрова"):
    entry = MentorEntryFactory(
        person=PersonFactory(organisation=organisation, last_name=last_name), capacity=capacity
    )
    entry.competencies.set(topics)
    give_consent(entry.person)
    return entry


def candidates_url(world, mentee):
    return reverse("programmes:matching_candidates", args=[world.school.slug, mentee.pk])


def proposal_url(world):
    return reverse("programmes:matching_proposal", args=[world.school.slug])


def posted(formset, *, changes=None, action="recompute", form=None):
    """The proposal's POST as the page's form sends it, with ``changes``: mentee id → the
    fields to change in that row (``mentor``: an id or None, ``locked``/``removed``: bools)."""
    changes = changes or {}
    data = {
        "rows-TOTAL_FORMS": str(len(formset.forms)),
        "rows-INITIAL_FORMS": "0",
        "action": action,
    }
    if form is not None:
        data["mentoring_form"] = str(form.pk)
    for row in formset.forms:
        values = {**row.initial, **changes.get(row.initial["mentee"], {})}
        for name in ("mentee", "proposed", "mentor"):
            value = values.get(name)
            data[row.add_prefix(name)] = "" if value is None else str(value)
        for name in ("locked", "removed"):
            if values.get(name):
                data[row.add_prefix(name)] = "on"
    return data


def chosen(response):
    """Mentee id → the id of the mentor the page now proposes (None: without a mentor)."""
    return {
        row.mentee.pk: row.chosen and row.chosen.mentor.pk
        for row in response.context["proposal"].rows
    }


@pytest.fixture
def topics(world):
    return [TopicFactory(organisation=world.school, name=name) for name in ("Дисциплина", "ФГОС")]


@pytest.fixture
def contest(world, topics):
    """Two mentees and two mentors with one place each, where the one-by-one pick loses a pair.
    Соколова mentors in one area and is a mentee in another, so she cannot take herself;
    Алексеева, waiting longer, picks first and takes Орлова, the only mentor Соколова may have."""
    first = a_mentee(world.school, topics=topics, last_name="Алексеева")
    MenteeEntry.objects.filter(pk=first.pk).update(entered_on="2025-09-01")
    orlova = a_mentor(world.school, topics=topics, last_name="Орлова")
    sokolova = a_mentor(world.school, topics=topics[1:], last_name="Соколова")
    second = MenteeEntryFactory(person=sokolova.person)
    ProfessionalRequestFactory(person=sokolova.person).topics.set(topics[:1])
    return SimpleNamespace(first=first, second=second, orlova=orlova, sokolova=sokolova)


def test_the_candidates_page_ranks_mentors_and_shows_who_is_excluded_and_why(
    curator_client, world, topics
):
    mentee = a_mentee(world.school, topics=topics)
    good = a_mentor(world.school, topics=topics, last_name="Орлова")
    a_mentor(world.school, topics=topics[:1], last_name="Соколова")
    response = curator_client.get(candidates_url(world, mentee))
    assert response.status_code == 200
    assert response.context["candidates"][0].mentor == good
    text = response.content.decode()
    assert "покрывает 2 из 2 запросов: Дисциплина, ФГОС" in text
    assert "Сформировать пару" in text
    assert "Нет свободных мест: занято 2 из 2" in text  # the world's mentor is full


def test_forming_a_pair_from_the_candidates_makes_a_proposed_group(curator_client, world):
    mentee, mentor = a_mentee(world.school), a_mentor(world.school)
    response = curator_client.post(
        candidates_url(world, mentee), {"mentor": mentor.pk, "mentoring_form": world.form.pk}
    )
    group = Group.objects.get(mentor=mentor)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:group_detail", args=[world.school.slug, group.pk]
    )
    assert group.status == Group.Status.PROPOSED
    assert list(group.mentees.all()) == [mentee]
    mentee.refresh_from_db()
    assert mentee.status == MenteeEntry.Status.PAIRED


def test_a_mentor_of_another_school_cannot_be_posted_as_a_candidate(curator_client, world):
    mentee, mine = a_mentee(world.school), a_mentor(world.school)
    stranger = a_mentor(world.other_school)
    response = curator_client.post(
        candidates_url(world, mentee), {"mentor": stranger.pk, "mentoring_form": world.form.pk}
    )
    assert response.status_code == 200
    assert "Этого наставника нет среди кандидатов" in response.content.decode()
    assert not Group.objects.filter(mentor__in=[mine, stranger]).exists()


def test_a_mentee_already_in_a_pair_gets_no_new_one(curator_client, world):
    mentor = a_mentor(world.school)
    response = curator_client.post(
        candidates_url(world, world.mentee_entry),
        {"mentor": mentor.pk, "mentoring_form": world.form.pk},
    )
    assert response.status_code == 200
    assert "уже в паре или группе" in response.content.decode()
    assert not Group.objects.filter(mentor=mentor).exists()


def test_another_schools_mentee_is_not_found(curator_client, world):
    stranger = a_mentee(world.other_school)
    assert curator_client.get(candidates_url(world, stranger)).status_code == 404


def test_the_proposal_beats_the_one_by_one_pick_and_says_so(curator_client, world, contest):
    first, second, orlova, sokolova = (
        contest.first,
        contest.second,
        contest.orlova,
        contest.sokolova,
    )
    response = curator_client.get(proposal_url(world))
    proposal = response.context["proposal"]
    assert chosen(response) == {first.pk: sokolova.pk, second.pk: orlova.pk}
    assert (proposal.optimal.matched, proposal.greedy.matched) == (2, 1)
    assert "Поочерёдный" in response.content.decode()


def test_accepting_the_proposal_forms_proposed_pairs_and_pairs_the_mentees(
    curator_client, world, contest
):
    first, second, orlova, sokolova = (
        contest.first,
        contest.second,
        contest.orlova,
        contest.sokolova,
    )
    formset = curator_client.get(proposal_url(world)).context["formset"]
    response = curator_client.post(
        proposal_url(world), posted(formset, action="accept", form=world.form)
    )
    assert response.status_code == 302
    groups = Group.objects.filter(mentor__in=[orlova, sokolova])
    assert {(group.mentor_id, group.mentees.get().pk) for group in groups} == {
        (sokolova.pk, first.pk),
        (orlova.pk, second.pk),
    }
    assert {group.status for group in groups} == {Group.Status.PROPOSED}
    assert set(
        MenteeEntry.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {MenteeEntry.Status.PAIRED}


def test_a_locked_pair_survives_recomputing(curator_client, world, contest):
    first, second, orlova = contest.first, contest.second, contest.orlova
    formset = curator_client.get(proposal_url(world)).context["formset"]
    # Give Алексеева to Орлова and lock it: Борисова is left without a mentor.
    data = posted(formset, changes={first.pk: {"mentor": orlova.pk, "locked": True}})
    response = curator_client.post(proposal_url(world), data)
    assert chosen(response) == {first.pk: orlova.pk, second.pk: None}
    rows = {row.mentee.pk: row for row in response.context["proposal"].rows}
    assert rows[first.pk].locked


def test_choosing_another_mentor_locks_the_row_by_itself(curator_client, world, contest):
    first, orlova = contest.first, contest.orlova
    formset = curator_client.get(proposal_url(world)).context["formset"]
    data = posted(formset, changes={first.pk: {"mentor": orlova.pk}})
    response = curator_client.post(proposal_url(world), data)
    assert chosen(response)[first.pk] == orlova.pk


def test_a_removed_mentee_stays_unmatched_and_frees_the_place(curator_client, world, contest):
    first, second, orlova = contest.first, contest.second, contest.orlova
    formset = curator_client.get(proposal_url(world)).context["formset"]
    response = curator_client.post(
        proposal_url(world), posted(formset, changes={second.pk: {"removed": True}})
    )
    assert chosen(response) == {first.pk: orlova.pk, second.pk: None}
    response = curator_client.post(
        proposal_url(world),
        posted(response.context["formset"], action="accept", form=world.form),
    )
    assert response.status_code == 302
    assert Group.objects.get(mentor=orlova).mentees.get() == first
    assert not Group.objects.filter(mentees=second).exists()


def test_a_tampered_mentor_of_another_school_is_refused(curator_client, world, contest):
    first, orlova, sokolova = contest.first, contest.orlova, contest.sokolova
    stranger = a_mentor(world.other_school)
    formset = curator_client.get(proposal_url(world)).context["formset"]
    data = posted(
        formset, changes={first.pk: {"mentor": stranger.pk, "locked": True}}, action="accept"
    )
    data["mentoring_form"] = world.form.pk
    response = curator_client.post(proposal_url(world), data)
    assert response.status_code == 200
    assert "Этого наставника нельзя назначить этому наставляемому" in response.content.decode()
    assert not Group.objects.filter(mentor__in=[orlova, sokolova, stranger]).exists()


def test_a_tampered_mentee_of_another_school_is_refused(curator_client, world, contest):
    stranger = a_mentee(world.other_school)
    formset = curator_client.get(proposal_url(world)).context["formset"]
    data = posted(formset, action="accept", form=world.form)
    data["rows-0-mentee"] = str(stranger.pk)
    response = curator_client.post(proposal_url(world), data)
    assert response.status_code == 200
    assert "не ждёт наставника в вашей организации" in response.content.decode()
    assert not Group.objects.filter(mentees=stranger).exists()
    assert Group.objects.count() == 2  # the world's own


def test_locking_more_pairs_than_a_mentor_has_places_is_an_error(curator_client, world, contest):
    first, second, orlova = contest.first, contest.second, contest.orlova
    formset = curator_client.get(proposal_url(world)).context["formset"]
    data = posted(
        formset,
        changes={
            first.pk: {"mentor": orlova.pk, "locked": True},
            second.pk: {"mentor": orlova.pk, "locked": True},
        },
    )
    response = curator_client.post(proposal_url(world), data)
    assert "а свободных мест: 1" in response.content.decode()


def test_accepting_creates_nothing_when_a_pair_breaks_a_rule(curator_client, world, topics):
    first = a_mentee(world.school, topics=topics, last_name="Алексеева")
    second = a_mentee(world.school, topics=topics, last_name="Борисова")
    mentor = a_mentor(world.school, topics=topics, capacity=2, last_name="Орлова")
    formset = curator_client.get(proposal_url(world)).context["formset"]
    # Meanwhile someone else takes one of Орлова's places.
    other = a_mentee(world.school, last_name="Григорьева")
    Group.objects.create(organisation=world.school, mentor=mentor, form=world.form).mentees.set(
        [other]
    )
    response = curator_client.post(
        proposal_url(world), posted(formset, action="accept", form=world.form)
    )
    assert response.status_code == 200
    assert "Пары не сформированы" in response.content.decode()
    assert Group.objects.filter(mentor=mentor).count() == 1
    assert set(
        MenteeEntry.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {MenteeEntry.Status.WAITING}


def test_the_proposal_says_when_nobody_waits(curator_client, world):
    response = curator_client.get(proposal_url(world))
    assert "никто не ждёт наставника" in response.content.decode()


def test_the_proposal_says_when_no_mentor_is_free(curator_client, world):
    a_mentee(world.school)
    response = curator_client.get(proposal_url(world))
    assert "свободных наставников нет" in response.content.decode()


def test_the_default_form_is_the_traditional_one(curator_client, world, contest):
    MentoringForm.objects.update(is_active=False)
    MentoringFormFactory(organisation=world.school, name="Групповая", is_group=True)
    traditional = MentoringFormFactory(organisation=None, name="Традиционная (один на один)")
    response = curator_client.get(proposal_url(world))
    assert response.context["accept"].fields["mentoring_form"].initial == traditional


def test_the_proposal_page_costs_the_same_queries_for_5_and_30_mentees(
    curator_client, world, topics
):
    def grow(count):
        for n in range(count):
            a_mentee(world.school, topics=topics[n % 2 :], last_name="Алексеева")
            a_mentor(world.school, topics=topics[: n % 2 + 1], capacity=2)

    grow(5)
    with CaptureQueriesContext(connection) as few:
        assert curator_client.get(proposal_url(world)).status_code == 200
    grow(25)
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(proposal_url(world))
    assert len(response.context["proposal"].rows) == 30
    assert len(many) == len(few)


def test_a_mentor_status_change_between_pages_is_caught(curator_client, world, contest):
    orlova, sokolova = contest.orlova, contest.sokolova
    formset = curator_client.get(proposal_url(world)).context["formset"]
    MentorEntry.objects.filter(pk=orlova.pk).update(status=MentorEntry.Status.LEFT)
    response = curator_client.post(
        proposal_url(world), posted(formset, action="accept", form=world.form)
    )
    assert response.status_code == 200
    assert not Group.objects.filter(mentor__in=[orlova, sokolova]).exists()
