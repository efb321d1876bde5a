"""The core of matching mentees with mentors: who goes to whom, given a score per pair.

Pure functions over plain lists, with no Django in them, so they are tested exhaustively and
timed on their own (tests/benchmarks/bench_matching.py). The scores come from
programmes.scoring; the pages that use them live in programmes.views.matching.

``scores[i][j]`` is how well mentor ``j`` suits mentee ``i`` (any finite number, higher is
better) or ``None`` when the pair is forbidden; ``capacities[j]`` is how many more mentees
mentor ``j`` may take. Both functions answer, per mentee, the column of the chosen mentor or
``None`` for a mentee left without one.
"""

import math
from dataclasses import dataclass
from numbers import Integral

import numpy as np

Assignment = list[int | None]


@dataclass(frozen=True)
class Outcome:
    """What an assignment achieves: how many mentees got a mentor and their total score."""

    matched: int
    total: float


def _validate(scores, capacities) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scores as a float64 matrix, the mask of allowed pairs and the capacities as ints.

    Raises ValueError for ragged rows, NaN or infinite scores and negative or non-integer
    capacities: a wrong matrix must fail loudly rather than give a plausible wrong answer.
    """
    width = len(capacities)
    for number, capacity in enumerate(capacities):
        if isinstance(capacity, bool) or not isinstance(capacity, Integral) or capacity < 0:
            raise ValueError(f"capacity {number} is {capacity!r}: a non-negative int is needed")
    for number, row in enumerate(scores):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} scores for {width} mentors")
    if not scores or not width:
        empty = np.zeros((len(scores), width))
        return empty, empty.astype(bool), np.asarray(capacities, dtype=np.int64)
    # NumPy turns None into NaN; the few NaN cells are then checked to be None, not NaN.
    matrix = np.array(scores, dtype=np.float64)
    forbidden = np.isnan(matrix)
    for i, j in zip(*np.nonzero(forbidden), strict=True):
        if scores[i][j] is not None:
            raise ValueError(f"score [{i}][{j}] is NaN: use None for a forbidden pair")
    if np.isinf(matrix).any():
        raise ValueError("scores must be finite")
    matrix[forbidden] = 0.0
    return matrix, ~forbidden, np.asarray(capacities, dtype=np.int64)


def assign(scores: list[list[float | None]], capacities: list[int]) -> Assignment:
    """The optimal assignment: as many mentees matched as possible, then the highest total.

    Solved exactly as a rectangular assignment problem (``linear_sum_assignment``): each mentor
    becomes ``capacity`` slot columns (never more than the mentees who may go to them), an
    allowed pair costs ``-(score + bonus)`` and a forbidden one costs 0, the same as staying
    unmatched, so it is dropped from the answer. The bonus per matched pair is larger than any
    difference the scores can make, ``2 × n × (max|score| + 1)``, so one more matched mentee
    always outweighs any gain in score: the order is lexicographic, count first.
    """
    matrix, allowed, capacities = _validate(scores, capacities)
    result: Assignment = [None] * len(scores)
    if not matrix.size:
        return result
    slots = np.minimum(capacities, allowed.sum(axis=0))
    slot_mentor = np.repeat(np.arange(len(capacities)), slots)
    rows = np.flatnonzero(allowed.any(axis=1))
    if not len(slot_mentor) or not len(rows):
        return result
    bonus = 2.0 * len(scores) * (float(np.abs(matrix).max()) + 1.0)
    sub_allowed = allowed[np.ix_(rows, slot_mentor)]
    cost = np.where(sub_allowed, -(matrix[np.ix_(rows, slot_mentor)] + bonus), 0.0)
    # SciPy is imported here, not at the top: it costs every worker's start-up half a second
    # of CPU, and only the assignment needs it.
    from scipy.optimize import linear_sum_assignment

    chosen_rows, chosen_slots = linear_sum_assignment(cost)
    for row, slot in zip(chosen_rows, chosen_slots, strict=True):
        if sub_allowed[row, slot]:
            result[int(rows[row])] = int(slot_mentor[slot])
    return result


def greedy(scores: list[list[float | None]], capacities: list[int]) -> Assignment:
    """The one-by-one pick, for comparison: each mentee in turn takes the best allowed mentor
    who still has a free place (the first column among equals). Fast and often good, but an
    early mentee may take the only mentor a later one could have had."""
    matrix, allowed, capacities = _validate(scores, capacities)
    free = capacities.copy()
    result: Assignment = [None] * len(scores)
    for i in range(len(scores)):
        options = np.flatnonzero(allowed[i] & (free > 0))
        if len(options):
            best = int(options[np.argmax(matrix[i, options])])
            result[i] = best
            free[best] -= 1
    return result


def outcome(scores: list[list[float | None]], assignment: Assignment) -> Outcome:
    """How many mentees the assignment matches and the sum of their scores."""
    chosen = [scores[i][j] for i, j in enumerate(assignment) if j is not None]
    if any(value is None or not math.isfinite(value) for value in chosen):
        raise ValueError("the assignment uses a forbidden pair")
    return Outcome(matched=len(chosen), total=float(sum(chosen)))
