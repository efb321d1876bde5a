"""Scoring a mentor for a mentee: the hard rules exclude, the weights rank, the reasons say why."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.scoring import WEIGHTS, exclusion, score
from programmes.services.matching import board_build, mentee_candidates
from registry.models import (
    Consent,
    MenteeEntry,
    MentorEntry,
    MethodicalAssociation,
    Person,
)
from tests.conftest import give_consent
from tests.factories import (
    MenteeEntryFactory,
    MentorEntryFactory,
    PersonFactory,
    ProfessionalRequestFactory,
    TopicFactory,
)

TODAY = timezone.localdate()


def years_ago(years):
    return datetime.date(TODAY.year - years, TODAY.month, min(TODAY.day, 28))


def a_mentee(world, *, topics=(), consent=True, preferences="", wishes="", **person):
    entry = MenteeEntryFactory(
        person=PersonFactory(organisation=world.school, **person), preferences=preferences
    )
    if consent:
        give_consent(entry.person, given_on=TODAY - datetime.timedelta(days=30))
    if topics or wishes:
        request = ProfessionalRequestFactory(person=entry.person, wishes=wishes)
        request.topics.set(topics)
    return MenteeEntry.objects.listed(world.school).get(pk=entry.pk)


def a_mentor(world, *, topics=(), consent=True, capacity=2, status="ready", **person):
    entry = MentorEntryFactory(
        person=PersonFactory(organisation=world.school, **person), capacity=capacity, status=status
    )
    entry.competencies.set(topics)
    if consent:
        give_consent(entry.person, given_on=TODAY - datetime.timedelta(days=30))
    return MentorEntry.objects.listed(world.school).get(pk=entry.pk)


@pytest.fixture
def topics(world):
    return [TopicFactory(organisation=world.school, name=name) for name in ("А", "Б", "В")]


def test_covering_the_requested_topics_raises_the_score_and_says_which(world, topics):
    mentee = a_mentee(world, topics=topics)
    two = a_mentor(world, topics=topics[:2])
    none = a_mentor(world, topics=[])
    best, worst = score(mentee, two, load=0, on=TODAY), score(mentee, none, load=0, on=TODAY)
    assert best.score - worst.score == pytest.approx(WEIGHTS["topics"] * 2 / 3, abs=0.1)
    assert "покрывает 2 из 3 запросов: А, Б" in best.reasons
    assert "не покрывает запросы наставляемого (0 из 3)" in worst.reasons


def test_one_request_reads_in_the_singular(world, topics):
    mentee = a_mentee(world, topics=topics[:1])
    candidate = score(mentee, a_mentor(world, topics=topics[:1]), load=0, on=TODAY)
    assert "покрывает 1 из 1 запроса: А" in candidate.reasons


def test_a_mentor_without_consent_is_excluded(world):
    mentee, mentor = a_mentee(world), a_mentor(world, consent=False)
    assert score(mentee, mentor, load=0, on=TODAY) is None
    assert "у наставника нет действующего согласия" in exclusion(mentee, mentor, load=0, on=TODAY)


def test_a_mentee_without_consent_is_excluded(world):
    mentee, mentor = a_mentee(world, consent=False), a_mentor(world)
    assert score(mentee, mentor, load=0, on=TODAY) is None
    assert "у наставляемого нет" in exclusion(mentee, mentor, load=0, on=TODAY)


def test_a_minor_needs_the_representatives_consent_not_their_own(world):
    minor = a_mentee(world, kind=Person.Kind.STUDENT, birth_date=years_ago(14))
    mentor = a_mentor(world)
    assert score(minor, mentor, load=0, on=TODAY) is None
    give_consent(minor.person, kind=Consent.Kind.REPRESENTATIVE, given_on=years_ago(0))
    minor = MenteeEntry.objects.listed(world.school).get(pk=minor.pk)
    assert score(minor, mentor, load=0, on=TODAY) is not None


def test_a_candidate_mentor_is_excluded(world):
    mentee, mentor = a_mentee(world), a_mentor(world, status=MentorEntry.Status.CANDIDATE)
    assert score(mentee, mentor, load=0, on=TODAY) is None
    assert "«Кандидат»" in exclusion(mentee, mentor, load=0, on=TODAY)


def test_a_full_mentor_is_excluded(world):
    mentee, mentor = a_mentee(world), a_mentor(world, capacity=2)
    assert score(mentee, mentor, load=2, on=TODAY) is None
    assert exclusion(mentee, mentor, load=2, on=TODAY) == "нет свободных мест: занято 2 из 2"
    assert "свободно мест: 1 из 2" in score(mentee, mentor, load=1, on=TODAY).reasons


def test_nobody_is_their_own_mentor(world):
    mentor = a_mentor(world)
    himself = MenteeEntryFactory(person=mentor.person)
    himself = MenteeEntry.objects.listed(world.school).get(pk=himself.pk)
    assert exclusion(himself, mentor, load=0, on=TODAY) == "это тот же человек"


def test_a_common_subject_counts_with_yo_folded(world):
    mentee = a_mentee(world, subjects="Счёт и письмо, химия")
    mentor = a_mentor(world, subjects="счет и письмо")
    stranger = a_mentor(world, subjects="физика")
    candidate = score(mentee, mentor, load=0, on=TODAY)
    assert "тот же предмет: счет и письмо" in candidate.reasons
    assert candidate.score - score(mentee, stranger, load=0, on=TODAY).score == pytest.approx(
        WEIGHTS["subject"], abs=0.1
    )


def test_the_same_methodical_association_counts_when_no_subject_is_shared(world):
    association = MethodicalAssociation.objects.create(
        organisation=world.school, name="МО учителей начальных классов"
    )
    mentee = a_mentee(world, methodical_association=association)
    mentor = a_mentor(world, methodical_association=association)
    assert (
        "то же МО: МО учителей начальных классов" in score(mentee, mentor, load=0, on=TODAY).reasons
    )


def test_experience_helps_up_to_a_point_and_a_novice_mentor_is_penalised(world):
    mentee = a_mentee(world, experience_start=years_ago(1))
    veteran = a_mentor(world, experience_start=years_ago(26))
    seasoned = a_mentor(world, experience_start=years_ago(15))
    novice = a_mentor(world, experience_start=years_ago(2))
    scores = {
        name: score(mentee, mentor, load=0, on=TODAY)
        for name, mentor in [("veteran", veteran), ("seasoned", seasoned), ("novice", novice)]
    }
    assert "стаж наставника 26 лет" in scores["veteran"].reasons
    assert scores["veteran"].score == scores["seasoned"].score
    assert "стаж наставника всего 2 года" in scores["novice"].reasons
    assert scores["novice"].score < scores["seasoned"].score - 10


def test_a_strong_qualification_is_a_plus(world):
    mentee = a_mentee(world)
    plain = score(mentee, a_mentor(world), load=0, on=TODAY)
    strong = score(
        mentee, a_mentor(world, qualification=Person.Qualification.MENTOR), load=0, on=TODAY
    )
    assert "педагог-наставник" in strong.reasons
    assert strong.score - plain.score == pytest.approx(WEIGHTS["qualification"])


def test_a_mention_in_the_wishes_counts_whatever_the_case(world):
    association = MethodicalAssociation.objects.create(
        organisation=world.school, name="МО учителей иностранных языков"
    )
    mentee = a_mentee(
        world,
        preferences="Хотелось бы к Беловой, она ведёт математику.",
        wishes="Можно кого-то из МО иностранных языков.",
    )
    belova = a_mentor(world, last_name="Белова", subjects="математика, физика")
    linguist = a_mentor(world, last_name="Орлова", methodical_association=association)
    other = a_mentor(world, last_name="Белых", subjects="история")
    assert "упомянут в пожеланиях наставляемого: Белова, математика" in (
        score(mentee, belova, load=0, on=TODAY).reasons
    )
    assert "упомянут в пожеланиях наставляемого: МО учителей иностранных языков" in (
        score(mentee, linguist, load=0, on=TODAY).reasons
    )
    assert not any("пожелания" in reason for reason in score(mentee, other, load=0).reasons)


def test_the_mentors_own_wishes_count_too(world):
    mentee = a_mentee(world, subjects="русский язык")
    mentor = a_mentor(world)
    MentorEntry.objects.filter(pk=mentor.pk).update(
        preferences="Готова взять молодого учителя русского языка."
    )
    mentor.refresh_from_db()
    candidate = score(mentee, mentor, load=0, on=TODAY)
    assert "подходит под пожелания наставника: русский язык" in candidate.reasons


def test_training_attended_is_a_small_plus(world):
    mentee = a_mentee(world)
    trained = MentorEntry.objects.listed(world.school).get(pk=world.mentor_entry.pk)
    candidate = score(mentee, trained, load=0, on=TODAY)
    assert "обучение наставников: 1 занятие" in candidate.reasons


def test_a_mentee_sees_candidates_best_first_and_the_excluded_with_the_rule(world, topics):
    mentee = a_mentee(world, topics=topics)
    good = a_mentor(world, topics=topics)
    fair = a_mentor(world, topics=topics[:1])
    left_out = a_mentor(world, status=MentorEntry.Status.CANDIDATE)
    candidates, excluded = mentee_candidates(mentee, world.school)
    ranked = [candidate.mentor for candidate in candidates]
    assert ranked.index(good) < ranked.index(fair)
    assert world.mentor_entry not in ranked  # full: two mentees in open groups
    assert {item.mentor for item in excluded} >= {left_out, world.mentor_entry}


def test_scoring_the_whole_board_costs_the_same_queries_for_more_people(
    world, topics, django_assert_max_num_queries
):
    def grow(count):
        for _ in range(count):
            a_mentee(world, topics=topics[:2], wishes="Хочу к Орловой")
            a_mentor(world, topics=topics[1:], last_name="Орлова")

    grow(3)
    with CaptureQueriesContext(connection) as small:
        board_build(world.school)
    grow(20)
    with django_assert_max_num_queries(len(small)):
        board = board_build(world.school)
    assert len(board.mentees) == 23  # the world's own mentees are in open groups
