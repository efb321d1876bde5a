"""Forming pairs by profile and mutual interest (stage 5 of the roadmap).

The board scores every waiting mentee against every mentor of the organisation in a constant
number of queries; a proposal assigns them (programmes.matching.assign, with the pairs the
curator locked kept and the rows removed left out) beside the one-by-one pick for comparison;
accepting a proposal forms the pairs through programmes.services.groups.group_create, all or
none.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.matching import Outcome, assign, greedy, outcome
from programmes.models import Group, MentoringForm
from programmes.scoring import Candidate, exclusion, free_places, score
from programmes.services.groups import group_create
from registry.models import MenteeEntry, MentorEntry, fold


def mentor_loads(organisation) -> Counter:
    """Mentor entry id → mentees in the mentor's open groups: programmes.services.groups's
    mentor_load for every mentor at once, in one query."""
    pairs = set(
        Group.objects.open().filter(organisation=organisation).values_list("mentor_id", "mentees")
    )
    return Counter(mentor for mentor, mentee in pairs if mentee is not None)


def waiting_mentees(organisation):
    """Mentees who wait for a mentor and are in no open group, with what scoring reads."""
    return (
        MenteeEntry.objects.listed(organisation)
        .filter(status=MenteeEntry.Status.WAITING)
        .exclude(groups__status__in=Group.OPEN_STATUSES)
    )


def default_form(organisation) -> MentoringForm | None:
    """The form a new pair gets unless the curator picks another: the traditional one-to-one
    form when the catalogue has it, else the first form that is not a group one."""
    forms = list(MentoringForm.objects.for_organisation(organisation))
    for form in forms:
        if fold(form.name).startswith("традиционн"):
            return form
    return next((form for form in forms if not form.is_group), forms[0] if forms else None)


@dataclass
class Excluded:
    mentor: MentorEntry
    reason: str


def mentee_candidates(mentee: MenteeEntry, organisation, *, on: datetime.date | None = None):
    """Every mentor of the organisation but those who left, as (candidates best first,
    excluded with the hard rule that excludes them)."""
    on = on or timezone.localdate()
    loads = mentor_loads(organisation)
    candidates, excluded = [], []
    mentors = MentorEntry.objects.listed(organisation).exclude(status=MentorEntry.Status.LEFT)
    for mentor in mentors:
        load = loads[mentor.pk]
        if reason := exclusion(mentee, mentor, load=load, on=on):
            excluded.append(Excluded(mentor, reason))
        else:
            candidates.append(score(mentee, mentor, load=load, on=on))
    candidates.sort(key=lambda candidate: -candidate.score)
    return candidates, excluded


@dataclass
class Board:
    """Waiting mentees × mentors who are ready and have a free place, and the candidate (or
    None for a forbidden pair) in each cell."""

    mentees: list[MenteeEntry]
    mentors: list[MentorEntry]
    free: list[int]
    cells: list[list[Candidate | None]]

    def __post_init__(self):
        self.mentee_index = {mentee.pk: i for i, mentee in enumerate(self.mentees)}
        self.mentor_index = {mentor.pk: j for j, mentor in enumerate(self.mentors)}

    def options(self, i: int) -> list[Candidate]:
        """The mentors mentee ``i`` may go to, best first."""
        return sorted(filter(None, self.cells[i]), key=lambda candidate: -candidate.score)

    def scores(self, rows: list[int]) -> list[list[float | None]]:
        return [[cell and cell.score for cell in self.cells[i]] for i in rows]


def board_build(organisation, *, on: datetime.date | None = None) -> Board:
    on = on or timezone.localdate()
    loads = mentor_loads(organisation)
    ready = MentorEntry.objects.listed(organisation).filter(
        status__in=[MentorEntry.Status.READY, MentorEntry.Status.ACTIVE]
    )
    mentors = [mentor for mentor in ready if free_places(mentor, loads[mentor.pk])]
    mentees = list(waiting_mentees(organisation).order_by("entered_on", "pk"))
    cells = [
        [score(mentee, mentor, load=loads[mentor.pk], on=on) for mentor in mentors]
        for mentee in mentees
    ]
    free = [free_places(mentor, loads[mentor.pk]) for mentor in mentors]
    return Board(mentees=mentees, mentors=mentors, free=free, cells=cells)


@dataclass
class Row:
    mentee: MenteeEntry
    chosen: Candidate | None  # the proposed (or locked) mentor
    greedy: Candidate | None  # whom the one-by-one pick would give
    locked: bool = False
    removed: bool = False
    options: list[Candidate] = field(default_factory=list)

    @property
    def greedy_differs(self) -> bool:
        mine = self.chosen.mentor.pk if self.chosen else None
        theirs = self.greedy.mentor.pk if self.greedy else None
        return not (self.locked or self.removed) and mine != theirs


@dataclass
class Proposal:
    rows: list[Row]
    optimal: Outcome
    greedy: Outcome


def proposal_make(
    board: Board, *, locked: dict[int, int] | None = None, removed: set[int] | None = None
) -> Proposal:
    """Assign the board's mentees: ``locked`` (mentee id → mentor id) pairs are kept as they
    are and take their places first, ``removed`` mentee ids stay without a mentor, the rest go
    to ``assign`` — and, for comparison, to ``greedy`` — with the places that remain."""
    locked, removed = locked or {}, removed or set()
    capacities = list(board.free)
    fixed = {}
    for mentee_id, mentor_id in locked.items():
        i, j = board.mentee_index[mentee_id], board.mentor_index[mentor_id]
        if board.cells[i][j] is None:
            raise ValidationError(_("Эту пару составить нельзя."))
        capacities[j] -= 1
        fixed[i] = board.cells[i][j]
    if any(capacity < 0 for capacity in capacities):
        raise ValidationError(_("Закреплено больше пар, чем у наставника свободных мест."))
    free_rows = [
        i for i, mentee in enumerate(board.mentees) if i not in fixed and mentee.pk not in removed
    ]
    scores = board.scores(free_rows)
    best, one_by_one = assign(scores, capacities), greedy(scores, capacities)
    proposed = {i: best[n] for n, i in enumerate(free_rows)}
    greedily = {i: one_by_one[n] for n, i in enumerate(free_rows)}
    rows = []
    for i, mentee in enumerate(board.mentees):
        j, g = proposed.get(i), greedily.get(i)
        chosen = fixed.get(i) or (board.cells[i][j] if j is not None else None)
        rows.append(
            Row(
                mentee=mentee,
                chosen=chosen,
                greedy=fixed.get(i) or (board.cells[i][g] if g is not None else None),
                locked=i in fixed,
                removed=mentee.pk in removed,
                options=board.options(i),
            )
        )
    fixed_total = sum(candidate.score for candidate in fixed.values())
    optimal, picked = outcome(scores, best), outcome(scores, one_by_one)
    return Proposal(
        rows=rows,
        optimal=Outcome(optimal.matched + len(fixed), optimal.total + fixed_total),
        greedy=Outcome(picked.matched + len(fixed), picked.total + fixed_total),
    )


@transaction.atomic
def proposal_accept(
    *, organisation, pairs: list[tuple[MenteeEntry, MentorEntry]], form, created_by
) -> list[Group]:
    """Form a proposed pair for each (mentee, mentor), all in one transaction: when any pair
    breaks a rule of programmes.services.groups, none is formed and ValidationError lists
    every problem, each with the pair it concerns."""
    if not pairs:
        raise ValidationError(_("В предложении нет ни одной пары."))
    groups, problems = [], []
    for mentee, mentor in pairs:
        try:
            groups.append(
                group_create(
                    organisation=organisation,
                    mentor=mentor,
                    mentees=[mentee],
                    form=form,
                    created_by=created_by,
                )
            )
        except ValidationError as error:
            pair = f"{mentee.person.short_name} — {mentor.person.short_name}"
            problems += [f"{pair}: {message}" for message in error.messages]
    if problems:
        raise ValidationError(problems)
    return groups
