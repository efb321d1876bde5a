import pytest
from django.core.exceptions import ValidationError

from programmes.access import Need, allowed, groups_visible_to
from programmes.models import Group
from programmes.services.groups import group_create, group_set_status, mentor_load
from registry.models import MenteeEntry, MentorEntry
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    UserFactory,
)


def waiting_mentee(world, **person):
    entry = MenteeEntryFactory(person=PersonFactory(organisation=world.school, **person))
    give_consent(entry.person)
    return entry


def ready_mentor(world, capacity=1):
    entry = MentorEntryFactory(person=PersonFactory(organisation=world.school), capacity=capacity)
    give_consent(entry.person)
    return entry


def create(world, mentor, mentees):
    return group_create(
        organisation=world.school, mentor=mentor, mentees=mentees, form=world.form, created_by=None
    )


def test_a_group_is_proposed_and_its_mentees_are_paired(world):
    mentor, mentee = ready_mentor(world), waiting_mentee(world)
    group = create(world, mentor, [mentee])
    mentee.refresh_from_db()
    assert group.status == Group.Status.PROPOSED
    assert mentee.status == MenteeEntry.Status.PAIRED


def test_a_mentor_takes_no_more_mentees_than_their_capacity(world):
    mentor = ready_mentor(world, capacity=1)
    create(world, mentor, [waiting_mentee(world)])
    with pytest.raises(ValidationError, match="свободных мест 0"):
        create(world, mentor, [waiting_mentee(world)])
    assert mentor_load(mentor) == 1


def test_a_dissolved_group_frees_the_place_and_the_mentee_waits_again(world):
    mentor, mentee = ready_mentor(world), waiting_mentee(world)
    group = create(world, mentor, [mentee])
    group_set_status(group=group, status=Group.Status.DISSOLVED, reason="Переезд")
    mentee.refresh_from_db()
    assert mentee.status == MenteeEntry.Status.WAITING
    assert mentor_load(mentor) == 0
    create(world, mentor, [mentee])


def test_every_problem_is_named_at_once(world):
    mentor = ready_mentor(world)
    mentor.status = MentorEntry.Status.CANDIDATE
    no_consent = MenteeEntryFactory(person=PersonFactory(organisation=world.school))
    busy = world.mentee_entry  # already in world.group
    with pytest.raises(ValidationError) as error:
        create(world, mentor, [no_consent, busy])
    text = " ".join(error.value.messages)
    assert "ещё не готов" in text
    assert "уже состоит в другой паре" in text
    assert "нет действующего согласия" in text
    assert "свободных мест" in text


def test_nobody_mentors_themself(world):
    mentor = ready_mentor(world, capacity=2)
    himself = MenteeEntryFactory(person=mentor.person)
    with pytest.raises(ValidationError, match="своей же группе"):
        create(world, mentor, [himself])


def test_statuses_move_only_forward_and_dissolving_needs_a_reason(world):
    group = create(world, ready_mentor(world), [waiting_mentee(world)])
    with pytest.raises(ValidationError, match="нельзя перейти"):
        group_set_status(group=group, status=Group.Status.FINISHED)
    with pytest.raises(ValidationError, match="причину"):
        group_set_status(group=group, status=Group.Status.DISSOLVED)
    group_set_status(group=group, status=Group.Status.ACTIVE)
    group.mentor.refresh_from_db()
    assert group.mentor.status == MentorEntry.Status.ACTIVE
    group_set_status(group=group, status=Group.Status.FINISHED)
    assert group.mentees.get().status == MenteeEntry.Status.FINISHED


def test_participants_act_on_their_own_group_only(world):
    mentor, mentee = world.user("mentor"), world.user("mentee")
    assert allowed(mentor, world.group, Need.WORK)
    assert not allowed(mentee, world.group, Need.WORK)
    assert allowed(mentee, world.group, Need.COMMENT)
    stranger_group = GroupFactory(
        organisation=world.school, mentor=ready_mentor(world), mentees=[waiting_mentee(world)]
    )
    assert not allowed(mentor, stranger_group, Need.VIEW)
    assert allowed(world.user("director"), stranger_group, Need.VIEW)
    assert not allowed(world.user("director"), stranger_group, Need.WORK)
    assert allowed(world.user("curator"), stranger_group, Need.MANAGE)


def test_a_mentor_sees_only_their_groups_in_lists(world):
    GroupFactory(
        organisation=world.school, mentor=ready_mentor(world), mentees=[waiting_mentee(world)]
    )
    own = set(groups_visible_to(world.user("mentor"), world.school))
    assert own == {world.group, world.new_group}
    everyone = groups_visible_to(world.user("director"), world.school)
    assert everyone.count() == 3
    assert not groups_visible_to(UserFactory(), world.school).exists()
