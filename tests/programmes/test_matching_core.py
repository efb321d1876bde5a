"""The pure core of matching: assign is optimal (count first, then total score) and keeps the
hard rules; greedy is the one-by-one pick it is compared with."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.matching import Outcome, assign, greedy, outcome


@st.composite
def instances(draw, max_mentees=5, max_mentors=4):
    mentees = draw(st.integers(0, max_mentees))
    mentors = draw(st.integers(0, max_mentors))
    cell = st.one_of(st.none(), st.integers(-20, 100).map(float), st.floats(-5, 5))
    scores = [[draw(cell) for _ in range(mentors)] for _ in range(mentees)]
    capacities = [draw(st.integers(0, 2)) for _ in range(mentors)]
    return scores, capacities


def respects_rules(scores, capacities, assignment):
    assert len(assignment) == len(scores)
    for i, j in enumerate(assignment):
        if j is not None:
            assert scores[i][j] is not None, "a forbidden pair was used"
    for j, capacity in enumerate(capacities):
        assert assignment.count(j) <= capacity, f"mentor {j} is over capacity"
    return True


def best_by_search(scores, capacities):
    """Every way to give each mentee one allowed mentor or none: the best (count, total)."""
    options = [[None, *(j for j, value in enumerate(row) if value is not None)] for row in scores]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        if all(choice.count(j) <= capacity for j, capacity in enumerate(capacities)):
            result = outcome(scores, list(choice))
            best = max(best, (result.matched, result.total))
    return best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_assign_is_optimal_first_by_count_then_by_total(instance):
    scores, capacities = instance
    assignment = assign(scores, capacities)
    assert respects_rules(scores, capacities, assignment)
    found = outcome(scores, assignment)
    matched, total = best_by_search(scores, capacities)
    assert found.matched == matched
    assert math.isclose(found.total, total, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=200, deadline=None)
@given(instances(max_mentees=8, max_mentors=5))
def test_greedy_keeps_the_rules_and_never_beats_assign(instance):
    scores, capacities = instance
    picked = greedy(scores, capacities)
    assert respects_rules(scores, capacities, picked)
    mine, theirs = outcome(scores, assign(scores, capacities)), outcome(scores, picked)
    assert (mine.matched, mine.total + 1e-6) >= (theirs.matched, theirs.total)


def test_greedy_can_leave_a_mentee_without_the_only_mentor_they_could_have():
    # The first mentee grabs mentor 0, the only one the second may have.
    scores = [[90.0, 80.0], [70.0, None]]
    assert greedy(scores, [1, 1]) == [0, None]
    assert assign(scores, [1, 1]) == [1, 0]
    assert outcome(scores, greedy(scores, [1, 1])) == Outcome(1, 90.0)
    assert outcome(scores, assign(scores, [1, 1])) == Outcome(2, 150.0)


def test_greedy_can_lose_score_with_everyone_matched():
    scores = [[10.0, 9.0], [10.0, 0.0]]
    assert outcome(scores, greedy(scores, [1, 1])).total == 10.0
    assert outcome(scores, assign(scores, [1, 1])).total == 19.0


def test_one_more_matched_mentee_outweighs_any_score():
    # Matching both gives 1 + 1; matching one gives 100: the count wins.
    scores = [[100.0, 1.0], [1.0, None]]
    assert assign(scores, [1, 1]) == [1, 0]


def test_a_mentee_with_one_allowed_mentor_gets_them_when_it_changes_the_count():
    # Mentee 1 may go only to mentor 0, whom mentee 0 likes best: mentee 0 moves on.
    scores = [[100.0, 60.0, None], [5.0, None, None], [None, 70.0, 80.0]]
    assert assign(scores, [1, 1, 1]) == [1, 0, 2]


def test_negative_scores_are_still_matched_rather_than_left_out():
    assert assign([[-30.0]], [1]) == [0]


def test_nobody_to_match():
    assert assign([], [1, 2]) == []
    assert greedy([], [1, 2]) == []


def test_no_mentors_leaves_everyone_unmatched():
    assert assign([[], []], []) == [None, None]
    assert greedy([[], []], []) == [None, None]


def test_all_pairs_forbidden():
    scores = [[None, None], [None, None]]
    assert assign(scores, [2, 2]) == [None, None]
    assert greedy(scores, [2, 2]) == [None, None]


def test_zero_capacities_match_nobody():
    assert assign([[5.0, 7.0]], [0, 0]) == [None]
    assert greedy([[5.0, 7.0]], [0, 0]) == [None]


def test_a_capacity_above_the_number_of_mentees_is_fine():
    assert assign([[1.0], [2.0]], [10]) == [0, 0]


@pytest.mark.parametrize("function", [assign, greedy])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinite_scores_are_refused(function, bad):
    with pytest.raises(ValueError):
        function([[1.0, bad]], [1, 1])


@pytest.mark.parametrize("function", [assign, greedy])
def test_ragged_rows_are_refused(function):
    with pytest.raises(ValueError, match="row 1"):
        function([[1.0, 2.0], [1.0]], [1, 1])


@pytest.mark.parametrize("function", [assign, greedy])
@pytest.mark.parametrize("capacity", [-1, 1.5, True])
def test_capacities_must_be_non_negative_ints(function, capacity):
    with pytest.raises(ValueError, match="capacity"):
        function([[1.0]], [capacity])


def test_outcome_refuses_an_assignment_that_uses_a_forbidden_pair():
    with pytest.raises(ValueError):
        outcome([[None]], [0])
