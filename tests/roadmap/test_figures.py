"""The year's figures of a school, checked against data counted by hand; the same shares as the
roadmap's targets; a fixed number of queries whatever the number of schools."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Meeting, PlanItem, Practice, Programme
from programmes.models.monitoring import SurveyResponse
from registry.models import MenteeEntry, Person
from roadmap.figures import figures, figures_for, years_with_data
from roadmap.models import AnnualReport, Roadmap, Target
from roadmap.progress import RoadmapProgress
from tests.conftest import give_consent
from tests.factories import (
    GroupFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    MentoringFormFactory,
    OrganisationFactory,
    PersonFactory,
    PlanItemFactory,
    ProgrammeFactory,
)

Metric = Target.Metric
Category = MenteeEntry.Category


@pytest.fixture
def year():
    return SchoolYear.current()


@pytest.fixture
def school(world):
    """A school of the world's authority with nothing in it yet."""
    return OrganisationFactory(parent=world.authority, short_name="МБОУ СОШ № 9")


def staff(school, count, **fields):
    return [PersonFactory(organisation=school, **fields) for _ in range(count)]


def pair(school, mentor, mentees, status=Group.Status.ACTIVE, **fields):
    """A group of ``mentor`` (a person) with ``mentees`` (people), both put in the banks."""
    mentor_entry = getattr(mentor, "mentor_entry", None) or MentorEntryFactory(person=mentor)
    entries = [
        getattr(person, "mentee_entry", None)
        or MenteeEntryFactory(
            person=person,
            category=Category.STUDENT if person.kind == Person.Kind.STUDENT else Category.OTHER,
        )
        for person in mentees
    ]
    return GroupFactory(
        organisation=school, mentor=mentor_entry, mentees=entries, status=status, **fields
    )


def of(school, year):
    return figures_for([school], year)[school.pk]


# Participants and the three shares


def test_ten_staff_of_whom_four_in_formed_groups_make_forty_per_cent(world, school, year):
    people = staff(school, 10)
    pair(school, people[0], [people[1]], Group.Status.FIXED)
    pair(school, people[2], [people[3]], Group.Status.ACTIVE)
    # A proposal is not formed yet; a dissolved group no longer is.
    pair(school, people[4], [people[5]], Group.Status.PROPOSED)
    pair(school, people[6], [people[7]], Group.Status.DISSOLVED)
    # Another school's pairs never count here.
    others = staff(world.other_school, 4)
    pair(world.other_school, others[0], [others[1]])

    result = of(school, year)
    assert (result.staff.value, result.staff.total, result.staff.percent) == (4, 10, 40)
    assert result.staff.label == "4 из 10 педагогов"
    assert result.people_involved == 4
    assert result.students.total == 0 and result.students.percent is None


def test_students_and_young_specialists_are_shares_of_their_own(school, year):
    teachers = staff(school, 3)
    students = staff(school, 4, kind=Person.Kind.STUDENT)
    young = [
        MenteeEntryFactory(person=person, category=Category.YOUNG_SPECIALIST)
        for person in teachers[1:]
    ]
    pair(school, teachers[0], [young[0].person])
    pair(school, students[0], [students[1]], Group.Status.FIXED)

    result = of(school, year)
    assert (result.young_specialists.value, result.young_specialists.total) == (1, 2)
    assert result.young_specialists.percent == 50
    assert (result.students.value, result.students.total, result.students.percent) == (2, 4, 50)
    assert (result.staff.value, result.staff.total) == (2, 3)


def test_a_group_finished_last_year_counts_for_last_year_only(school, year):
    people = staff(school, 4)
    last = SchoolYear(year.start - 1)
    pair(
        school,
        people[0],
        [people[1]],
        Group.Status.FINISHED,
        starts_on=last.starts_on,
        status_changed_on=last.ends_on - datetime.timedelta(days=60),
    )
    assert of(school, year).staff.value == 0
    assert of(school, last).staff.value == 2


def test_a_group_begun_after_the_year_does_not_count_for_it(school, year):
    people = staff(school, 2)
    pair(school, people[0], [people[1]], starts_on=year.starts_on)
    assert of(school, SchoolYear(year.start - 1)).formed == 0
    assert of(school, year).formed == 1


def test_the_banks_by_category_kind_and_training(world, school, year):
    people = staff(school, 6)
    student = PersonFactory(organisation=school, kind=Person.Kind.STUDENT)
    for person, category in [
        (people[0], Category.YOUNG_SPECIALIST),
        (people[1], Category.YOUNG_SPECIALIST),
        (people[2], Category.NEWLY_HIRED),
        (student, Category.STUDENT),
    ]:
        MenteeEntryFactory(person=person, category=category)
    MenteeEntryFactory(person=people[3], status=MenteeEntry.Status.LEFT, left_on=year.starts_on)
    trained = MentorEntryFactory(person=people[4])
    MentorEntryFactory(person=people[5])
    world.training.attendees.add(trained.person)  # another school's session: still a training

    result = of(school, year)
    assert result.mentees == 4
    assert dict(result.mentees_by_category) == {
        **{str(label): 0 for label in Category.labels},
        "Молодой специалист": 2,
        "Впервые принятый в организацию": 1,
        "Обучающийся": 1,
    }
    assert (result.mentee_teachers, result.mentee_students) == (3, 1)
    assert (result.mentors, result.mentors_trained) == (2, 1)


def test_someone_who_left_after_the_year_was_in_its_bank(school, year):
    last = SchoolYear(year.start - 1)
    person = PersonFactory(organisation=school)
    MenteeEntryFactory(
        person=person,
        status=MenteeEntry.Status.LEFT,
        entered_on=last.starts_on,
        left_on=year.starts_on + datetime.timedelta(days=10),
    )
    assert of(school, last).mentees == 1
    assert of(school, year).mentees == 0


def test_consents_missing_counts_each_bank_person_once(school, year):
    with_consent, without, both = staff(school, 3)
    give_consent(with_consent)
    MentorEntryFactory(person=with_consent)
    MenteeEntryFactory(person=without)
    # A mentor who is also a mentee needs one consent and is counted once.
    MentorEntryFactory(person=both)
    MenteeEntryFactory(person=both)
    give_consent(both, revoked_on=timezone.localdate() - datetime.timedelta(days=1))
    assert of(school, year).consents_missing == 2


# Shares are the roadmap's


@pytest.mark.parametrize(
    ("metric", "attribute"),
    [
        (Metric.STAFF_INVOLVED, "staff"),
        (Metric.YOUNG_SPECIALISTS, "young_specialists"),
        (Metric.STUDENTS_INVOLVED, "students"),
    ],
)
def test_the_shares_are_those_the_roadmap_measures(public_world, metric, attribute):
    world = public_world
    students = staff(world.school, 3, kind=Person.Kind.STUDENT)
    pair(world.school, students[0], [students[1]])
    year = SchoolYear(world.year)
    assert world.roadmap.starts_on == year.starts_on and world.roadmap.ends_on == year.ends_on
    measured = RoadmapProgress(world.roadmap).metric(metric)
    assert getattr(of(world.school, year), attribute) == measured
    assert measured.total


def test_the_report_puts_each_target_beside_what_is_achieved(public_world):
    world = public_world
    Target.objects.create(
        roadmap=world.roadmap,
        text="Педагоги в наставничестве",
        value=20,
        metric=Metric.STAFF_INVOLVED,
    )
    Target.objects.create(
        roadmap=world.roadmap,
        text="Проведено семинаров",
        value=4,
        unit=Target.Unit.ITEMS,
        actual=5,
    )
    # A roadmap of another period sets nothing for this year.
    Roadmap.objects.create(
        organisation=world.school,
        title="Прошлая карта",
        starts_on=world.roadmap.starts_on.replace(year=world.year - 3),
        ends_on=world.roadmap.ends_on.replace(year=world.year - 2),
    ).targets.create(text="Старая цель", value=1, metric=Metric.STAFF_INVOLVED)

    result = figures(world.school, SchoolYear(world.year))
    assert [item.target.text for item in result.target_progress] == [
        "Педагоги в наставничестве",
        "Проведено семинаров",
    ]
    staff_target, manual = result.target_progress
    assert staff_target.actual == result.staff.percent and staff_target.achieved
    assert (manual.actual, manual.achieved) == (5, True)
    share = result.shares[0]
    assert (share.goal, share.verdict) == (20, "достигнуто")


# Forms, groups, programmes, meetings


def test_forms_split_formed_pairs_from_groups(school, year):
    people = staff(school, 9)
    traditional = MentoringFormFactory(name="Традиционная")
    group_form = MentoringFormFactory(name="Групповая")
    pair(school, people[0], [people[1]], form=traditional)
    pair(school, people[2], [people[3]], Group.Status.FIXED, form=traditional)
    pair(school, people[4], [people[5], people[6]], form=group_form)
    pair(school, people[7], [people[8]], Group.Status.PROPOSED, form=group_form)

    result = of(school, year)
    assert [(form.name, form.pairs, form.groups) for form in result.forms] == [
        ("Традиционная", 2, 0),
        ("Групповая", 0, 1),
    ]
    assert (result.pairs, result.groups, result.formed) == (2, 1, 3)
    assert dict(result.groups_by_status) == {
        "Предложена": 1,
        "Закреплена приказом": 1,
        "Работает": 2,
        "Завершила работу": 0,
        "Расформирована": 0,
    }


def test_programmes_of_the_year_and_how_they_ended(school, year):
    people = staff(school, 8)
    first = year.starts_on

    def programme(mentor, mentee, **fields):
        return ProgrammeFactory(group=pair(school, mentor, [mentee]), **fields)

    running = programme(
        people[0], people[1], starts_on=first + datetime.timedelta(days=10),
        ends_on=first + datetime.timedelta(days=250),
    )  # fmt: skip
    for status in ["done", "done", "cancelled", "planned"]:
        PlanItemFactory(programme=running, status=status)
    # Begun last year, completed early in this one: 6 months long.
    programme(
        people[2],
        people[3],
        starts_on=datetime.date(year.start, 4, 15),
        ends_on=datetime.date(year.start + 1, 1, 15),
        status=Programme.Status.COMPLETED,
        completion_reason=Programme.CompletionReason.EARLY,
        completed_on=datetime.date(year.start, 10, 15),
    )
    # Completed before the year began, and a draft: neither is of this year.
    programme(
        people[4],
        people[5],
        starts_on=first - datetime.timedelta(days=300),
        ends_on=first - datetime.timedelta(days=30),
        status=Programme.Status.COMPLETED,
        completion_reason=Programme.CompletionReason.DONE,
        completed_on=first - datetime.timedelta(days=30),
    )
    programme(people[6], people[7], status=Programme.Status.DRAFT)
    Meeting.objects.create(programme=running, date=first, minutes=90, topic="Знакомство")
    Meeting.objects.create(
        programme=running, date=first + datetime.timedelta(days=20), minutes=30, topic="Урок"
    )
    Meeting.objects.create(
        programme=running, date=first - datetime.timedelta(days=1), minutes=600, topic="Рано"
    )

    result = of(school, year).programmes
    assert (result.running, result.started, result.completed, result.active) == (2, 1, 1, 1)
    assert dict(result.by_reason) == {
        "Программа выполнена в полном объёме": 0,
        str(Programme.CompletionReason.EARLY.label): 1,
        "Досрочно по решению куратора: ненадлежащее выполнение": 0,
    }
    assert result.average_months == 6.0
    # The running programme's plan: 2 of 3 done, the cancelled item left out; the world's
    # factory plan item of the completed one is not there (it has none).
    assert (result.plan_done, result.plan_items, result.plan_percent) == (2, 3, 67)
    whole = of(school, year)
    assert (whole.meetings, whole.minutes, whole.hours) == (2, 120, 2.0)


def test_monitoring_averages_each_scale_of_the_years_answers(world, school, year):
    people = staff(school, 4)
    programme = ProgrammeFactory(group=pair(school, people[0], [people[1], people[2]]))
    for person, usefulness in [(people[1], 8), (people[2], 5)]:
        SurveyResponse.objects.create(
            programme=programme,
            respondent=person,
            survey="mentee_quality",
            answers={"usefulness": usefulness, "regularity": 9, "goals": 10, "relationship": 7},
        )
    SurveyResponse.objects.create(
        programme=programme,
        respondent=people[0],
        survey="mentor_growth",
        answers={"support": {"before": 4, "after": 8}, "feedback": {"before": 5, "after": 6}},
    )
    # Last year's answer and another school's are not this year's.
    old = SurveyResponse.objects.create(
        programme=programme, respondent=people[3], survey="mentee_quality", answers={}
    )
    SurveyResponse.objects.filter(pk=old.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(year.start, 8, 31, 12))
    )
    SurveyResponse.objects.create(
        programme=world.programme, respondent=world.people["mentee"], survey="mentee_quality"
    )

    tables = {table.key: table for table in figures(school, year).monitoring}
    quality = tables["mentee_quality"]
    assert quality.count == 2
    assert {cell.question.key: cell.average for cell in quality.total} == {
        "usefulness": 6.5,
        "regularity": 9.0,
        "goals": 10.0,
        "relationship": 7.0,
    }
    growth = {cell.question.key: cell for cell in tables["mentor_growth"].total}
    assert (growth["support"].before, growth["support"].after, growth["support"].growth) == (
        4.0,
        8.0,
        4.0,
    )
    assert tables["mentor_quality"].count == 0
    # The authority's table does not read the answers at all.
    assert of(school, year).monitoring == []


def test_best_practices_and_practices_published_this_year(school, year):
    people = staff(school, 4)
    best = ProgrammeFactory(
        group=pair(school, people[0], [people[1]]),
        title="Первый год у доски",
        is_best_practice=True,
    )
    ProgrammeFactory(group=pair(school, people[2], [people[3]]), title="Обычная программа")
    for title, published, on in [
        ("Кейс: родительское собрание", True, year.starts_on + datetime.timedelta(days=30)),
        ("Черновик кейса", False, None),
        ("Давний материал", True, year.starts_on - datetime.timedelta(days=30)),
    ]:
        Practice.objects.create(
            organisation=school,
            title=title,
            summary="Описание.",
            programme=best,
            is_published=published,
            published_on=on,
        )
    result = of(school, year)
    assert result.best_programmes == ["Первый год у доски"]
    assert result.published_practices == ["Кейс: родительское собрание"]


def test_overdue_activities_of_the_years_roadmaps(world, year):
    assert of(world.school, year).overdue_activities == (1 if world.activity.is_overdue() else 0)
    world.activity.deadline = timezone.localdate() - datetime.timedelta(days=400)
    world.activity.save()
    assert of(world.school, year).overdue_activities == 1


# School years


def test_a_school_year_runs_from_september_to_august():
    assert SchoolYear.of(datetime.date(2027, 3, 15)) == SchoolYear(2026)
    assert SchoolYear.of(datetime.date(2026, 9, 1)) == SchoolYear(2026)
    year = SchoolYear(2026)
    assert year.period == (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert year.label == "2026/2027 учебный год"
    assert year.slug == "2026-2027"


def test_reports_exist_from_2000_to_next_school_year(year):
    assert SchoolYear(2000).is_allowed() and SchoolYear(year.start + 1).is_allowed()
    assert not SchoolYear(1999).is_allowed() and not SchoolYear(year.start + 2).is_allowed()


def test_years_with_data_and_the_current_one(school, year):
    assert years_with_data(school) == [year]
    people = staff(school, 2)
    ProgrammeFactory(
        group=pair(school, people[0], [people[1]]),
        starts_on=datetime.date(year.start - 2, 10, 1),
        ends_on=datetime.date(year.start - 1, 5, 31),
    )
    AnnualReport.objects.create(organisation=school, year=year.start - 3, conclusions="Итоги.")
    assert [found.start for found in years_with_data(school)] == [
        year.start,
        year.start - 2,
        year.start - 3,
    ]


# Queries


def _busy_school(authority, number):
    """A school with a little of everything: people, banks, groups, a programme, a meeting,
    an answer, a published practice."""
    school = OrganisationFactory(parent=authority, short_name=f"Школа № {number}")
    people = staff(school, 5)
    give_consent(people[0])
    group = pair(school, people[0], [people[1], people[2]])
    pair(school, people[3], [people[4]], Group.Status.PROPOSED)
    programme = ProgrammeFactory(group=group, is_best_practice=True)
    PlanItemFactory(programme=programme, status=PlanItem.Status.DONE)
    Meeting.objects.create(programme=programme, date=timezone.localdate(), minutes=45, topic="1")
    SurveyResponse.objects.create(
        programme=programme, respondent=people[1], survey="mentee_quality", answers={}
    )
    Practice.objects.create(organisation=school, title="Кейс", summary=".", is_published=True)
    return school


def test_figures_of_many_schools_take_a_fixed_number_of_queries(world, year):
    def count(schools):
        with CaptureQueriesContext(connection) as queries:
            result = figures_for(schools, year, monitoring=True)
        assert all(row.formed == 1 and row.responses == 1 for row in result.values())
        return len(queries)

    schools = [_busy_school(world.authority, number) for number in range(8)]
    assert count(schools[:2]) == count(schools)
