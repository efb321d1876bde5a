"""What needs attention: built from hand-made data, for the school and for one participant."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.models import Comment, Group, Meeting, PlanItem, Programme
from registry.models import Consent, MenteeEntry, Person
from roadmap.attention import STALLED_AFTER, organisation_attention, personal_attention
from roadmap.models import Activity, Order, Roadmap, Stage
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)


def attention(world, organisation=None, on=None):
    organisation = organisation or world.school
    return organisation_attention([organisation], on)[organisation.pk]


def keys(world, section, organisation=None, on=None):
    return {item.key for item in attention(world, organisation, on).section(section).items}


def days_ago(number):
    return timezone.localdate() - datetime.timedelta(days=number)


def programme(world, organisation=None, *, started=60, ends_in=200, **fields):
    """An active programme of a new active pair, started ``started`` days ago, with no plan,
    meetings or comments yet."""
    organisation = organisation or world.school
    group = GroupFactory(
        organisation=organisation,
        mentor=MentorEntryFactory(person=PersonFactory(organisation=organisation)),
        mentees=[MenteeEntryFactory(person=PersonFactory(organisation=organisation))],
        form=world.form,
    )
    return ProgrammeFactory(
        group=group,
        starts_on=days_ago(started),
        ends_on=timezone.localdate() + datetime.timedelta(days=ends_in),
        **fields,
    )


def stalled(world, on=None):
    return {item.pk for item in attention(world, on=on).section("stalled_programmes").items}


# Stalled programmes


def test_a_programme_started_22_days_ago_with_nothing_done_is_stalled(world):
    assert programme(world, started=22).pk in stalled(world)


def test_a_programme_started_20_days_ago_is_not_stalled_yet(world):
    assert programme(world, started=20).pk not in stalled(world)


def test_a_plan_item_updated_22_days_ago_leaves_the_programme_stalled(world):
    subject = programme(world)
    item = PlanItemFactory(programme=subject)
    PlanItem.objects.filter(pk=item.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=22)
    )
    assert subject.pk in stalled(world)
    note = attention(world).section("stalled_programmes").items[0].note
    assert note.startswith("нет движения 22 дня")


def test_a_plan_item_updated_20_days_ago_is_progress(world):
    subject = programme(world)
    item = PlanItemFactory(programme=subject)
    PlanItem.objects.filter(pk=item.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=20)
    )
    assert subject.pk not in stalled(world)


def test_a_meeting_20_days_ago_is_progress_and_one_22_days_ago_is_not(world):
    subject = programme(world)
    meeting = Meeting.objects.create(programme=subject, date=days_ago(22), minutes=45, topic="x")
    assert subject.pk in stalled(world)
    Meeting.objects.filter(pk=meeting.pk).update(date=days_ago(20))
    assert subject.pk not in stalled(world)


def test_a_comment_is_progress(world):
    subject = programme(world)
    comment = Comment.objects.create(
        programme=subject, author=world.user("mentor"), text="Как дела?"
    )
    assert subject.pk not in stalled(world)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=22)
    )
    assert subject.pk in stalled(world)


def test_a_plan_item_done_recently_is_progress(world):
    subject = programme(world)
    item = PlanItemFactory(programme=subject, status=PlanItem.Status.DONE, done_on=days_ago(3))
    PlanItem.objects.filter(pk=item.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    assert subject.pk not in stalled(world)


def test_the_stall_is_counted_from_the_given_day(world):
    subject = programme(world, started=10)
    assert subject.pk not in stalled(world)
    later = timezone.localdate() + STALLED_AFTER
    assert subject.pk in stalled(world, on=later)


def test_a_completed_programme_is_never_stalled(public_world):
    world = public_world
    subject = programme(world, started=100, status=Programme.Status.COMPLETED)
    assert subject.pk not in stalled(world)
    assert world.finished_programme.pk not in stalled(world)


def test_a_draft_or_not_yet_started_programme_is_not_stalled(world):
    draft = programme(world, started=100, status=Programme.Status.DRAFT)
    future = programme(world, started=-5)
    assert not {draft.pk, future.pk} & stalled(world)


def test_another_schools_programmes_never_appear(world):
    theirs = programme(world, world.other_school, started=100)
    assert theirs.pk not in stalled(world)
    assert theirs.pk in {
        item.pk for item in attention(world, world.other_school).section("stalled_programmes").items
    }


# Programme ends


def test_programmes_ending_within_30_days_and_past_their_end(world):
    ending = programme(world, ends_in=12)
    later = programme(world, ends_in=45)
    late = programme(world, ends_in=-3)
    found = attention(world)
    assert [item.pk for item in found.section("ending_programmes").items] == [ending.pk]
    assert later.pk not in {item.pk for item in found.section("ending_programmes").items}
    (past,) = found.section("past_end_programmes").items
    assert past.pk == late.pk
    assert past.note.startswith("срок истёк")
    assert past.action_url.endswith(f"/programmes/{late.pk}/complete/")


def test_a_dissolved_groups_programme_is_left_out(world):
    subject = programme(world, ends_in=-3)
    Group.objects.filter(pk=subject.group_id).update(status=Group.Status.DISSOLVED)
    assert not attention(world).section("past_end_programmes").items


# Roadmap activities


def activity(world, due_in, *, roadmap=None, **fields):
    stage = world.stage if roadmap is None else roadmap.stages.get()
    return Activity.objects.create(
        stage=stage,
        number=stage.activities.count() + 1,
        text=f"Мероприятие со сроком {due_in}",
        deadline_kind=Activity.Deadline.DATE,
        deadline=timezone.localdate() + datetime.timedelta(days=due_in),
        **fields,
    )


def other_roadmap(world):
    roadmap = Roadmap.objects.create(
        organisation=world.other_school,
        title="Их дорожная карта",
        starts_on=world.roadmap.starts_on,
        ends_on=world.roadmap.ends_on,
    )
    Stage.objects.create(roadmap=roadmap, number=1, title="Этап")
    return roadmap


def test_overdue_activities_and_those_due_within_7_days(world):
    Activity.objects.filter(pk=world.activity.pk).update(status=Activity.Status.DONE)
    late = activity(world, -3)
    soon = activity(world, 5)
    activity(world, 10)
    activity(world, -10, status=Activity.Status.CANCELLED)
    found = attention(world)
    (overdue,) = found.section("overdue_activities").items
    assert overdue.pk == late.pk
    assert overdue.note.startswith("просрочено на 3 дня")
    assert overdue.url.endswith(f"/roadmaps/{world.roadmap.pk}/#activity-{late.pk}")
    assert [item.pk for item in found.section("due_activities").items] == [soon.pk]
    assert "через 5 дней" in found.section("due_activities").items[0].note


def test_another_schools_activities_never_appear(world):
    theirs = activity(world, -3, roadmap=other_roadmap(world))
    assert f"activity:{theirs.pk}:overdue" not in keys(world, "overdue_activities")


# Consents


def test_a_person_in_a_bank_without_a_consent_is_listed(world):
    person = PersonFactory(organisation=world.school, last_name="Орлова")
    MenteeEntryFactory(person=person)
    (item,) = [i for i in attention(world).section("missing_consents").items if i.pk == person.pk]
    assert item.state == Consent.State.MISSING
    assert "нет согласия «обработка персональных данных»" in item.note
    assert item.action_url.endswith(f"/people/{person.pk}/consents/new/?kind=personal_data")


def test_a_minor_needs_the_representatives_consent(world):
    student = PersonFactory(
        organisation=world.school, kind=Person.Kind.STUDENT, birth_date=days_ago(12 * 365)
    )
    give_consent(student)  # the student's own consent does not count
    MenteeEntryFactory(person=student, category=MenteeEntry.Category.STUDENT)
    assert f"consent.representative:{student.pk}:missing" in keys(world, "missing_consents")


def test_expired_and_revoked_consents_are_listed_with_their_state(world):
    expired, revoked = (PersonFactory(organisation=world.school) for _ in range(2))
    give_consent(expired, given_on=days_ago(400), valid_until=days_ago(1))
    give_consent(revoked, revoked_on=days_ago(2))
    for person in (expired, revoked):
        MenteeEntryFactory(person=person)
    found = keys(world, "missing_consents")
    assert f"consent.personal_data:{expired.pk}:expired" in found
    assert f"consent.personal_data:{revoked.pk}:revoked" in found


def test_people_who_left_the_bank_are_not_listed(world):
    person = PersonFactory(organisation=world.school)
    MenteeEntryFactory(person=person, status=MenteeEntry.Status.LEFT)
    assert not any(f":{person.pk}:" in key for key in keys(world, "missing_consents"))


def test_consents_ending_within_30_days_are_listed_soonest_first(world):
    later, sooner = (PersonFactory(organisation=world.school) for _ in range(2))
    give_consent(later, valid_until=timezone.localdate() + datetime.timedelta(days=25))
    give_consent(sooner, valid_until=timezone.localdate() + datetime.timedelta(days=10))
    give_consent(PersonFactory(organisation=world.school), valid_until=days_ago(-40))
    for person in (later, sooner):
        MenteeEntryFactory(person=person)
    items = attention(world).section("expiring_consents").items
    assert [item.pk for item in items] == [sooner.pk, later.pk]
    assert "через 10 дней" in items[0].note


def test_a_mentor_of_an_open_group_without_a_duties_consent_is_listed(world):
    group = GroupFactory(
        organisation=world.school,
        mentor=MentorEntryFactory(person=PersonFactory(organisation=world.school)),
        form=world.form,
        status=Group.Status.PROPOSED,
    )
    mentor = group.mentor.person
    give_consent(mentor)
    found = keys(world, "duties_consents")
    assert f"consent.duties:{mentor.pk}:missing" in found
    # The mentor persona has agreed to the duties.
    assert not any(f":{world.people['mentor'].pk}:" in key for key in found)
    Group.objects.filter(pk=group.pk).update(status=Group.Status.DISSOLVED)
    assert f"consent.duties:{mentor.pk}:missing" not in keys(world, "duties_consents")


def test_another_schools_people_never_appear(world):
    theirs = PersonFactory(organisation=world.other_school)
    MenteeEntryFactory(person=theirs)
    assert not any(f":{theirs.pk}:" in key for key in keys(world, "missing_consents"))


# Waiting mentees and orders


def test_waiting_mentees_with_how_long_they_wait(world):
    person = PersonFactory(organisation=world.school, last_name="Ждущева")
    entry = MenteeEntryFactory(person=person, entered_on=days_ago(12))
    MenteeEntryFactory(
        person=PersonFactory(organisation=world.school), status=MenteeEntry.Status.PAIRED
    )
    items = attention(world).section("waiting_mentees").items
    (item,) = [item for item in items if item.pk == entry.pk]
    assert item.note.startswith("ждёт наставника 12 дней")
    assert item.text.startswith("Ждущева")
    assert item.action_url.endswith(f"/mentees/{entry.pk}/candidates/")
    assert all(i.pk != MenteeEntry.objects.get(status="paired").pk for i in items)


def test_orders_awaiting_signature(world):
    items = attention(world).section("awaiting_orders").items
    assert [item.pk for item in items] == [world.sent_order.pk]
    Order.objects.filter(pk=world.sent_order.pk).update(status=Order.Status.RETURNED)
    assert not attention(world).section("awaiting_orders").items


# Query counts


def fill_school(world, count):
    for number in range(count):
        subject = programme(world, started=30 + number)
        PlanItemFactory(programme=subject)
        MenteeEntryFactory(person=PersonFactory(organisation=world.school))
        activity(world, -number - 1)
        Order.objects.create(
            organisation=world.school,
            kind=Order.Kind.FREE,
            status=Order.Status.SENT,
            heading=f"О приказе {number}",
            items="Пункт.",
        )


def test_the_organisation_lists_pay_no_query_per_row(world, django_assert_num_queries):
    fill_school(world, 2)
    with CaptureQueriesContext(connection) as few:
        organisation_attention([world.school])
    fill_school(world, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        found = organisation_attention([world.school, world.other_school])
    assert found[world.school.pk].total > 20


def test_the_personal_lists_pay_no_query_per_row(world, django_assert_num_queries):
    mentor = world.user("mentor")
    with CaptureQueriesContext(connection) as few:
        personal_attention(mentor, world.school)
    for _number in range(4):
        group = GroupFactory(
            organisation=world.school,
            mentor=world.mentor_entry,
            mentees=[MenteeEntryFactory(person=PersonFactory(organisation=world.school))],
            form=world.form,
        )
        PlanItemFactory(programme=ProgrammeFactory(group=group), deadline=days_ago(1))
    with django_assert_num_queries(len(few.captured_queries)):
        found = personal_attention(mentor, world.school)
    assert len(found.groups) == 6


# A participant


def test_a_mentor_sees_their_groups_deadlines_and_hours(world):
    mentor = world.user("mentor")
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=days_ago(2))
    PlanItemFactory(programme=world.programme, deadline=days_ago(-20))
    Meeting.objects.create(
        programme=world.programme, date=timezone.localdate(), minutes=45, topic="a"
    )
    Meeting.objects.create(
        programme=world.programme, date=timezone.localdate(), minutes=60, topic="b"
    )
    Meeting.objects.create(
        programme=world.programme, date=days_ago(400), minutes=90, topic="прошлый год"
    )
    responsible = activity(world, 3)
    responsible.responsible_people.add(world.people["mentor"])
    found = personal_attention(mentor, world.school)
    assert {row.group.pk for row in found.groups} == {world.group.pk, world.new_group.pk}
    assert {row.role for row in found.groups} == {"наставник"}
    assert [item.pk for item in found.plan_items] == [world.item.pk]
    assert found.plan_items[0].state == "overdue"
    assert [item.pk for item in found.activities] == [responsible.pk]
    assert (found.meetings, found.minutes, found.hours) == (2, 105, "1,8")


def test_a_mentee_sees_their_pair_but_not_other_pairs(world):
    other = programme(world)
    PlanItemFactory(programme=other, deadline=days_ago(1))
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=days_ago(-3))
    found = personal_attention(world.user("mentee"), world.school)
    assert [row.group.pk for row in found.groups] == [world.group.pk]
    assert found.groups[0].role == "наставляемый"
    assert [item.pk for item in found.plan_items] == [world.item.pk]


def test_someone_outside_every_pair_has_nothing(world):
    found = personal_attention(world.user("director"), world.school)
    assert found.is_empty


@pytest.mark.parametrize("status", [Programme.Status.DRAFT, Programme.Status.COMPLETED])
def test_plan_items_of_programmes_not_running_are_not_deadlines(world, status):
    Programme.objects.filter(pk=world.programme.pk).update(status=status)
    PlanItem.objects.filter(pk=world.item.pk).update(deadline=days_ago(2))
    assert not personal_attention(world.user("mentor"), world.school).plan_items
