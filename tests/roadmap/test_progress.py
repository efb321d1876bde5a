"""The roadmap reports itself: every standard stage's live progress and every measured target,
from the organisation's data only, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.models import Group, Programme
from programmes.models.monitoring import SurveyResponse
from programmes.services.groups import group_set_status
from registry.models import Consent, MenteeEntry, MentorEntry, Person
from roadmap.models import Order, RegulationVersion, Stage, Target
from roadmap.progress import Measure, RoadmapProgress
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProgrammeFactory,
)

Standard = Stage.Standard


def stage(world, standard) -> Measure:
    return RoadmapProgress(world.roadmap).stage(standard)


def target(world, metric, unit=Target.Unit.PERCENT, value=50, **fields):
    row = Target.objects.create(
        roadmap=world.roadmap, text="Показатель", value=value, unit=unit, metric=metric, **fields
    )
    return RoadmapProgress(world.roadmap).target(row)


def test_a_stage_of_the_schools_own_has_no_live_progress(world):
    assert stage(world, Standard.NONE) is None


# Stage 1: preparation


def test_preparation_counts_the_three_documents(world):
    measure = stage(world, Standard.PREPARATION)
    assert (measure.value, measure.total, measure.percent) == (0, 3, 0)
    assert measure.label == "0 из 3 документов на месте"

    world.roadmap.approved_number, world.roadmap.approved_on = "90-од", datetime.date(2026, 8, 30)
    world.roadmap.save()
    assert stage(world, Standard.PREPARATION).value == 1

    world.version.approved_number, world.version.approved_on = "90-од", datetime.date(2026, 8, 30)
    world.version.save()
    assert stage(world, Standard.PREPARATION).value == 2

    Order.objects.create(
        organisation=world.school,
        kind=Order.Kind.APPROVE_SYSTEM,
        status=Order.Status.SIGNED,
        heading="О внедрении системы наставничества",
        items="Утвердить.",
        journal_year=2026,
        number=90,
        number_text="90-од",
        signed_on=datetime.date(2026, 8, 30),
    )
    measure = stage(world, Standard.PREPARATION)
    assert (measure.value, measure.percent) == (3, 100)
    assert all(ready for _label, ready in measure.parts)


def test_an_unsigned_approval_order_approves_nothing(world):
    world.version.approved_order = world.sent_order
    world.version.save()
    Order.objects.filter(pk=world.draft_order.pk).update(kind=Order.Kind.APPROVE_SYSTEM)
    assert stage(world, Standard.PREPARATION).value == 0


# Stages 2 and 3: the banks with consents


def test_the_mentee_bank_counts_entries_with_the_required_consent(world):
    measure = stage(world, Standard.MENTEE_BANK)
    assert (measure.value, measure.total) == (2, 2)
    assert measure.label == "2 из 2 наставляемых в банке с согласием на обработку данных"

    world.people["mentee"].consents.update(revoked_on=timezone.localdate())
    # A student is processed on the legal representative's consent, not on their own.
    student = PersonFactory(organisation=world.school, kind=Person.Kind.STUDENT)
    give_consent(student)
    MenteeEntryFactory(person=student, category=MenteeEntry.Category.STUDENT)
    measure = stage(world, Standard.MENTEE_BANK)
    assert (measure.value, measure.total, measure.percent) == (1, 3, 33)

    give_consent(student, Consent.Kind.REPRESENTATIVE)
    assert stage(world, Standard.MENTEE_BANK).value == 2


def test_the_banks_leave_out_those_who_left_and_other_schools(world):
    world.other_mentee.status = MenteeEntry.Status.LEFT
    world.other_mentee.save()
    MenteeEntryFactory(person=PersonFactory(organisation=world.other_school))
    MentorEntryFactory(person=PersonFactory(organisation=world.other_school))
    assert stage(world, Standard.MENTEE_BANK).total == 1
    assert stage(world, Standard.MENTOR_BANK).total == 1


def test_the_mentor_bank_and_an_empty_bank(world):
    measure = stage(world, Standard.MENTOR_BANK)
    assert (measure.value, measure.total) == (1, 1)
    assert measure.label == "1 из 1 наставника в банке с согласием на обработку данных"
    MentorEntry.objects.update(status=MentorEntry.Status.LEFT)
    measure = stage(world, Standard.MENTOR_BANK)
    assert (measure.total, measure.percent) == (0, None)
    assert measure.label == "В банке пока нет наставников"


# Stage 4: selection and training


def test_selection_counts_mentors_who_attended_a_training(world):
    untrained = MentorEntryFactory(person=PersonFactory(organisation=world.school))
    measure = stage(world, Standard.SELECTION)
    assert (measure.value, measure.total, measure.percent) == (1, 2, 50)
    assert measure.label == "1 из 2 наставников с пройденным обучением"
    world.training.attendees.add(untrained.person)
    assert stage(world, Standard.SELECTION).percent == 100


# Stage 5: pairs and groups


def test_signing_the_pairs_order_moves_stage_5(world):
    """The world's active group counts, the proposed one does not until an order fixes it."""
    before = stage(world, Standard.PAIRS)
    assert (before.value, before.total, before.percent) == (1, 2, 50)
    assert before.label == "1 из 2 наставляемых в парах и группах, закреплённых приказом"
    group_set_status(group=world.new_group, status=Group.Status.FIXED)
    after = stage(world, Standard.PAIRS)
    assert (after.value, after.total, after.percent) == (2, 2, 100)


def test_pairs_leave_out_mentees_who_left_and_dissolved_groups(world):
    group_set_status(group=world.new_group, status=Group.Status.DISSOLVED, reason="Переезд")
    world.other_mentee.refresh_from_db()
    world.other_mentee.status = MenteeEntry.Status.LEFT
    world.other_mentee.save()
    measure = stage(world, Standard.PAIRS)
    assert (measure.value, measure.total) == (1, 1)


def test_a_finished_group_still_counts_as_formed(world):
    group_set_status(group=world.group, status=Group.Status.FINISHED)
    assert stage(world, Standard.PAIRS).value == 1


# Stage 6: completion with monitoring


def test_completion_needs_monitoring_of_completed_programmes(world, today):
    assert stage(world, Standard.COMPLETION).label == "Завершённых программ пока нет"
    Programme.objects.filter(pk=world.programme.pk).update(
        status=Programme.Status.COMPLETED, completed_on=today
    )
    late = ProgrammeFactory(
        group=GroupFactory(organisation=world.school, mentor=world.mentor_entry),
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=1),
    )
    measure = stage(world, Standard.COMPLETION)
    assert (measure.value, measure.total) == (0, 2)
    SurveyResponse.objects.create(
        programme=world.programme, respondent=world.people["mentee"], survey="mentee_quality"
    )
    measure = stage(world, Standard.COMPLETION)
    assert (measure.value, measure.total, measure.percent) == (1, 2, 50)
    assert measure.label == "1 из 2 завершённых программ с проведённым мониторингом"
    # A response to a programme still running does not count.
    SurveyResponse.objects.create(
        programme=late, respondent=world.people["mentee"], survey="mentee_quality"
    )
    assert stage(world, Standard.COMPLETION).value == 1


# Stage 7: information


def test_information_counts_what_is_published(world):
    measure = stage(world, Standard.INFORMATION)
    # The normative document is published; the practice is not, the Положение not approved.
    assert (measure.value, measure.total, measure.percent) == (1, None, None)
    world.practice.is_published = True
    world.practice.save()
    world.version.approved_number, world.version.approved_on = "90-од", datetime.date(2026, 8, 30)
    world.version.save()
    RegulationVersion.objects.create(regulation=world.regulation, number=2, text="Черновик.")
    measure = stage(world, Standard.INFORMATION)
    assert measure.value == 3
    assert measure.label == (
        "На сайте 3 публикации: 1 материал копилки, 1 нормативный документ, 1 локальный акт"
    )
    world.regulation.is_published = False
    world.regulation.save()
    assert stage(world, Standard.INFORMATION).value == 2


# Targets


def test_staff_and_students_involved(world):
    staff = target(world, Target.Metric.STAFF_INVOLVED)
    # Seven staff in the school; the mentor and the mentee of the active group take part.
    assert staff.actual == round(100 * 2 / 7)
    assert staff.label.startswith("29 % (2 из 7 педагогов")
    assert target(world, Target.Metric.STUDENTS_INVOLVED).actual is None

    students = [
        PersonFactory(organisation=world.school, kind=Person.Kind.STUDENT) for _ in range(4)
    ]
    entry = MenteeEntryFactory(person=students[0], category=MenteeEntry.Category.STUDENT)
    group = GroupFactory(
        organisation=world.school,
        mentor=MentorEntryFactory(person=students[1]),
        mentees=[entry],
        status=Group.Status.PROPOSED,
    )
    assert target(world, Target.Metric.STUDENTS_INVOLVED).actual == 0
    group_set_status(group=group, status=Group.Status.FIXED)
    involved = target(world, Target.Metric.STUDENTS_INVOLVED)
    assert involved.actual == 50
    assert involved.achieved


def test_young_specialists_and_mentees_paired(world):
    young = target(world, Target.Metric.YOUNG_SPECIALISTS)
    assert (young.actual, young.achieved) == (50, True)
    paired = target(world, Target.Metric.MENTEES_PAIRED, value=90)
    assert (paired.actual, paired.achieved) == (50, False)


def test_mentors_trained_and_programmes_finished_are_counts(world, today):
    trained = target(world, Target.Metric.MENTORS_TRAINED, unit=Target.Unit.PEOPLE)
    assert (trained.actual, trained.label, trained.scale) == (1, "1 чел.", 50)
    finished = target(world, Target.Metric.PROGRAMMES_FINISHED, unit=Target.Unit.ITEMS)
    assert finished.actual == 0
    Programme.objects.filter(pk=world.programme.pk).update(
        status=Programme.Status.COMPLETED, completed_on=today
    )
    assert target(world, Target.Metric.PROGRAMMES_FINISHED, unit=Target.Unit.ITEMS).actual == 1


def test_a_manual_target_shows_what_was_typed_in(world):
    assert target(world, Target.Metric.MANUAL).label == "не внесено"
    typed = target(world, Target.Metric.MANUAL, unit=Target.Unit.ITEMS, actual=60)
    assert (typed.actual, typed.label, typed.achieved, typed.scale) == (60, "60 шт.", True, 60)


@pytest.mark.parametrize(("total", "word"), [(1, "наставляемого"), (5, "наставляемых")])
def test_labels_agree_with_the_number(world, total, word):
    MenteeEntry.objects.all().delete()
    for _ in range(total):
        MenteeEntryFactory(person=PersonFactory(organisation=world.school))
    assert f"0 из {total} {word} " in stage(world, Standard.MENTEE_BANK).label


def test_all_progress_takes_a_fixed_number_of_queries(world):
    for metric in Target.Metric.values:
        Target.objects.create(roadmap=world.roadmap, text=metric, value=1, metric=metric)

    def everything():
        progress = RoadmapProgress(world.roadmap)
        with CaptureQueriesContext(connection) as queries:
            for standard in Standard.values:
                progress.stage(standard)
            for row in world.roadmap.targets.all():
                progress.target(row)
        return len(queries)

    few = everything()
    for _ in range(10):
        person = PersonFactory(organisation=world.school)
        give_consent(person)
        mentee = MenteeEntryFactory(person=person)
        mentor = MentorEntryFactory(person=PersonFactory(organisation=world.school))
        world.training.attendees.add(mentor.person)
        group = GroupFactory(organisation=world.school, mentor=mentor, mentees=[mentee])
        ProgrammeFactory(group=group)
    assert everything() == few
