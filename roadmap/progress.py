"""The roadmap reports itself: live progress of each standard stage and the actual value of each
measurable target, computed from the organisation's data.

``RoadmapProgress`` loads each kind of data once, when first asked, with a fixed number of
queries whatever the number of people, groups or programmes: a page may show every stage and
target without paying per row.

Who counts as taking part is defined once, in ``Participation`` and ``Involvement``: the
roadmap's targets and the year's figures (roadmap/figures.py, for one school or all the
schools of an authority) read the same definitions, so their shares always agree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.templatetags.russian import plural
from programmes.models import Group, Practice, Programme
from programmes.models.monitoring import SurveyResponse
from registry.models import Consent, MenteeEntry, MentorEntry, Person
from registry.models.consents import has_valid_consent, required_personal_data_kind
from roadmap.models import (
    NormativeDocument,
    Order,
    Regulation,
    RegulationVersion,
    Roadmap,
    Stage,
    Target,
)

Standard = Stage.Standard
Metric = Target.Metric

# A pair or group is formed when an order fixes it; a proposal does not count yet.
FORMED = (Group.Status.FIXED, Group.Status.ACTIVE, Group.Status.FINISHED)
COUNTED = (Group.Status.PROPOSED, *FORMED)
CLOSED_GROUP = (Group.Status.FINISHED, Group.Status.DISSOLVED)

# A span of days, both ends included: a roadmap's term or a school year.
Period = tuple[datetime.date, datetime.date]

# A version is approved by a signed order of the product or by an order typed in by hand
# (the same rule as ApprovalMarks.approval, in SQL).
APPROVED_VERSION = Q(approved_order__status=Order.Status.SIGNED) | (
    Q(approved_on__isnull=False) & ~Q(approved_number="")
)


@dataclass(frozen=True)
class Measure:
    """One stage's progress: ``value`` of ``total`` (a share), or a count when total is None."""

    value: int
    total: int | None
    label: str
    parts: tuple[tuple[str, bool], ...] = ()  # a checklist, where the stage has one

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return round(100 * self.value / self.total)


@dataclass(frozen=True)
class TargetProgress:
    """A target beside what is achieved: ``actual`` in the target's unit, None while unknown."""

    target: Target
    actual: int | None
    label: str

    @property
    def achieved(self) -> bool:
        return self.actual is not None and self.actual >= self.target.value

    @property
    def scale(self) -> int:
        """The top of the target's meter: 100 for a share, otherwise what is larger."""
        if self.target.unit == Target.Unit.PERCENT:
            return 100
        return max(self.target.value, self.actual or 0, 1)


def _share(value: int, total: int, forms: tuple[str, str, str], tail: str, empty: str):
    """«12 из 20 наставляемых в банке с согласием»: ``forms`` agree with «из N»."""
    if not total:
        return Measure(0, 0, empty)
    label = _("%(value)s из %(total)s %(noun)s %(tail)s") % {
        "value": value,
        "total": total,
        "noun": plural(total, *forms),
        "tail": tail,
    }
    return Measure(value, total, label.strip())


# The words agreeing with «из N»: «из 7 педагогов».
FORMS = {
    "staff": ("педагога", "педагогов", "педагогов"),
    "students": ("обучающегося", "обучающихся", "обучающихся"),
    "young": ("молодого специалиста", "молодых специалистов", "молодых специалистов"),
    "mentees": ("наставляемого", "наставляемых", "наставляемых"),
    "mentors": ("наставника", "наставников", "наставников"),
}


def completed_within(period: Period) -> Q:
    """Programmes completed within ``period``: by the date of completion, or by the planned end
    where the date was not recorded."""
    return Q(status=Programme.Status.COMPLETED) & (
        Q(completed_on__range=period) | Q(completed_on__isnull=True, ends_on__range=period)
    )


def completed_within_flag(period: Period) -> ExpressionWrapper:
    """``completed_within`` as a column, for queries that read every programme once."""
    return ExpressionWrapper(completed_within(period), output_field=BooleanField())


@dataclass(frozen=True)
class GroupRow:
    """A pair or group as the figures read it: plain values, no model instance."""

    pk: int
    organisation_id: int
    status: str
    form: str
    mentor: int  # person ids
    co_mentor: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    changed_on: datetime.date | None
    created_on: datetime.date

    def works_in(self, period: Period) -> bool:
        """Begun by the period's end and not finished or dissolved before its start. A date
        nobody recorded never leaves a group out."""
        first, last = period
        if (self.starts_on or self.created_on) > last:
            return False
        if self.status in CLOSED_GROUP:
            ended = self.changed_on or self.ends_on
            return ended is None or ended >= first
        return True

    @property
    def is_formed(self) -> bool:
        return self.status in FORMED


def by_organisation(rows, key=lambda row: row[0]) -> dict[int, list]:
    """Rows grouped by the organisation id ``key`` finds in each (the first value by default)."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


# What the figures read of a bank entry, its person and their consents. An authority's page
# loads every bank entry of all its schools (10,000 for 200 schools): whole rows made it
# several times slower, so only these columns are loaded.
_ENTRY_FIELDS = (
    "status",
    "entered_on",
    "person__organisation_id",
    "person__kind",
    "person__birth_date",
)
_CONSENTS = Prefetch(
    "person__consents",
    queryset=Consent.objects.only("person_id", "kind", "given_on", "valid_until", "revoked_on"),
)


class Participation:
    """Who takes part in mentoring in one or many organisations during ``period``: the banks,
    the pairs and groups with their members, and the people. Each kind is loaded once for all
    the organisations, so the number of queries does not grow with schools, people or groups.

    A bank entry counts when it was in the bank at the period's end; a group when it worked
    during the period (``GroupRow.works_in``)."""

    def __init__(self, organisation_ids, period: Period):
        self.organisation_ids = list(organisation_ids)
        self.period = period

    def of(self, organisation_id: int) -> "Involvement":
        return Involvement(self, organisation_id)

    @cached_property
    def mentees(self) -> dict[int, list[MenteeEntry]]:
        last = self.period[1]
        entries = (
            MenteeEntry.objects.filter(
                person__organisation_id__in=self.organisation_ids, entered_on__lte=last
            )
            .filter(~Q(status=MenteeEntry.Status.LEFT) | Q(left_on__gt=last))
            .select_related("person")
            .only(*_ENTRY_FIELDS, "category", "left_on")
            .prefetch_related(_CONSENTS)
        )
        return by_organisation(entries, lambda entry: entry.person.organisation_id)

    @cached_property
    def mentors(self) -> dict[int, list[MentorEntry]]:
        entries = (
            MentorEntry.objects.filter(
                person__organisation_id__in=self.organisation_ids,
                entered_on__lte=self.period[1],
            )
            .exclude(status=MentorEntry.Status.LEFT)
            .select_related("person")
            .only(*_ENTRY_FIELDS)
            .prefetch_related(_CONSENTS)
            .annotate(trainings=Count("person__training_sessions", distinct=True))
        )
        return by_organisation(entries, lambda entry: entry.person.organisation_id)

    @cached_property
    def groups(self) -> dict[int, list[GroupRow]]:
        """Every group that worked during the period, whatever its status."""
        rows = Group.objects.filter(organisation_id__in=self.organisation_ids).values_list(
            "pk",
            "organisation_id",
            "status",
            "form__name",
            "mentor__person_id",
            "co_mentor__person_id",
            "starts_on",
            "ends_on",
            "status_changed_on",
            "created_at",
        )
        groups = (
            GroupRow(*values, created_on=timezone.localdate(created_at))
            for *values, created_at in rows
        )
        return by_organisation(
            (group for group in groups if group.works_in(self.period)),
            lambda group: group.organisation_id,
        )

    @cached_property
    def members(self) -> dict[int, list[tuple[int, int, int]]]:
        """(organisation id, group id, mentee entry id, person id) of the mentees of proposed
        and formed groups."""
        rows = Group.mentees.through.objects.filter(
            group__organisation_id__in=self.organisation_ids, group__status__in=COUNTED
        ).values_list(
            "group__organisation_id", "group_id", "menteeentry_id", "menteeentry__person_id"
        )
        return by_organisation(rows)

    @cached_property
    def people(self) -> dict[int, list[tuple[int, int, str]]]:
        """(organisation id, person id, kind) of everyone not anonymised."""
        rows = (
            Person.objects.filter(organisation_id__in=self.organisation_ids)
            .identified()
            .values_list("organisation_id", "pk", "kind")
        )
        return by_organisation(rows)


class Involvement:
    """One organisation's part of a ``Participation``: the definitions of «mentees paired» and
    of the shares of teachers, young specialists and students involved."""

    def __init__(self, participation: Participation, organisation_id: int):
        self.participation = participation
        self.organisation_id = organisation_id

    @property
    def mentees(self) -> list[MenteeEntry]:
        return self.participation.mentees.get(self.organisation_id, [])

    @property
    def mentors(self) -> list[MentorEntry]:
        return self.participation.mentors.get(self.organisation_id, [])

    @property
    def groups(self) -> list[GroupRow]:
        return self.participation.groups.get(self.organisation_id, [])

    @property
    def people(self) -> list[tuple[int, int, str]]:
        return self.participation.people.get(self.organisation_id, [])

    @cached_property
    def trained(self) -> int:
        """Mentors in the bank who attended at least one training session."""
        return sum(entry.trainings > 0 for entry in self.mentors)

    @cached_property
    def members(self) -> list[tuple[GroupRow, int, int]]:
        """(group, mentee entry id, person id) for the proposed and formed groups of the
        period."""
        groups = {group.pk: group for group in self.groups if group.status in COUNTED}
        return [
            (groups[group_id], entry_id, person_id)
            for _organisation, group_id, entry_id, person_id in self.participation.members.get(
                self.organisation_id, []
            )
            if group_id in groups
        ]

    @cached_property
    def paired_mentees(self) -> tuple[set[int], set[int]]:
        """Mentee entries in the bank that are in formed groups, and those waiting or in any
        counted group: the numerator and denominator of «mentees paired»."""
        listed = {entry.pk: entry for entry in self.mentees}
        in_groups = {entry_id for _group, entry_id, _person in self.members}
        formed = {
            entry_id
            for group, entry_id, _person in self.members
            if group.is_formed and entry_id in listed
        }
        counted = {
            pk
            for pk, entry in listed.items()
            if pk in in_groups or entry.status == MenteeEntry.Status.WAITING
        }
        return formed, counted

    @cached_property
    def formed_people(self) -> set[int]:
        """People who are mentees, mentors or co-mentors in a formed group of the period."""
        people = {person_id for group, _entry, person_id in self.members if group.is_formed}
        for group in self.groups:
            if group.is_formed:
                people.update(pk for pk in (group.mentor, group.co_mentor) if pk)
        return people

    def involved(self, kind: str) -> tuple[int, int]:
        """People of ``kind`` (Person.Kind) involved in formed groups, of all of that kind."""
        involved = self.formed_people
        people = [pk for _organisation, pk, person_kind in self.people if person_kind == kind]
        return sum(pk in involved for pk in people), len(people)

    def young_specialists(self) -> tuple[int, int]:
        """Young specialists of the mentee bank with a mentor, of all in the bank."""
        formed, _counted = self.paired_mentees
        young = [
            entry.pk
            for entry in self.mentees
            if entry.category == MenteeEntry.Category.YOUNG_SPECIALIST
        ]
        return sum(pk in formed for pk in young), len(young)

    def measure(self, metric: str) -> Measure:
        """The share a Target.Metric asks for, worded for a page."""
        if metric == Metric.STAFF_INVOLVED:
            return _share(*self.involved(Person.Kind.STAFF), FORMS["staff"], "", "")
        if metric == Metric.STUDENTS_INVOLVED:
            return _share(*self.involved(Person.Kind.STUDENT), FORMS["students"], "", "")
        if metric == Metric.YOUNG_SPECIALISTS:
            return _share(*self.young_specialists(), FORMS["young"], _("с наставником"), "")
        if metric == Metric.MENTEES_PAIRED:
            formed, counted = self.paired_mentees
            return _share(
                len(formed),
                len(counted),
                FORMS["mentees"],
                _("в парах и группах, закреплённых приказом"),
                _("Нет наставляемых, ждущих наставника или работающих в парах"),
            )
        if metric == Metric.MENTORS_TRAINED:
            return Measure(self.trained, None, "")
        raise ValueError(metric)


class RoadmapProgress:
    def __init__(self, roadmap: Roadmap, on: datetime.date | None = None):
        self.roadmap = roadmap
        self.organisation_id = roadmap.organisation_id
        self.on = on or timezone.localdate()

    # Stages

    def stage(self, standard: str) -> Measure | None:
        """The live progress of a standard stage; None for a stage of the school's own."""
        compute = {
            Standard.PREPARATION: self._preparation,
            Standard.MENTEE_BANK: self._mentee_bank,
            Standard.MENTOR_BANK: self._mentor_bank,
            Standard.SELECTION: self._selection,
            Standard.PAIRS: lambda: self._involvement.measure(Metric.MENTEES_PAIRED),
            Standard.COMPLETION: self._completion,
            Standard.INFORMATION: self._information,
        }.get(standard)
        return compute() if compute else None

    def _preparation(self) -> Measure:
        organisation_id = self.organisation_id
        polozhenie = (
            RegulationVersion.objects.filter(
                regulation__organisation_id=organisation_id,
                regulation__kind=Regulation.Kind.POLOZHENIE,
            )
            .filter(APPROVED_VERSION)
            .exists()
        )
        order = Order.objects.filter(
            organisation_id=organisation_id,
            kind=Order.Kind.APPROVE_SYSTEM,
            status=Order.Status.SIGNED,
        ).exists()
        parts = (
            (_("Положение о системе наставничества, утверждённое приказом"), polozhenie),
            (_("Дорожная карта, утверждённая приказом"), self.roadmap.is_approved),
            (_("Подписанный приказ о внедрении системы наставничества"), order),
        )
        done = sum(ready for _label, ready in parts)
        label = _("%(done)s из %(total)s документов на месте") % {"done": done, "total": len(parts)}
        return Measure(done, len(parts), label, parts)

    def _with_consent(self, entries) -> int:
        return sum(
            has_valid_consent(entry.person, required_personal_data_kind(entry.person), self.on)
            for entry in entries
        )

    def _mentee_bank(self) -> Measure:
        mentees = self._involvement.mentees
        return _share(
            self._with_consent(mentees),
            len(mentees),
            FORMS["mentees"],
            _("в банке с согласием на обработку данных"),
            _("В банке пока нет наставляемых"),
        )

    def _mentor_bank(self) -> Measure:
        mentors = self._involvement.mentors
        return _share(
            self._with_consent(mentors),
            len(mentors),
            FORMS["mentors"],
            _("в банке с согласием на обработку данных"),
            _("В банке пока нет наставников"),
        )

    def _selection(self) -> Measure:
        return _share(
            self._involvement.trained,
            len(self._involvement.mentors),
            FORMS["mentors"],
            _("с пройденным обучением"),
            _("В банке пока нет наставников"),
        )

    def _completion(self) -> Measure:
        with_monitoring = Exists(SurveyResponse.objects.filter(programme=OuterRef("pk")))
        completed = completed_within(self._period)
        overdue = ~Q(status=Programme.Status.COMPLETED) & Q(ends_on__lt=self.on)
        counts = (
            Programme.objects.filter(group__organisation_id=self.organisation_id)
            .filter(completed | overdue)
            .annotate(monitored=with_monitoring)
            .aggregate(
                total=Count("pk"),
                done=Count("pk", filter=completed & Q(monitored=True)),
            )
        )
        return _share(
            counts["done"],
            counts["total"],
            ("завершённой программы", "завершённых программ", "завершённых программ"),
            _("с проведённым мониторингом"),
            _("Завершённых программ пока нет"),
        )

    def _information(self) -> Measure:
        organisation_id = self.organisation_id
        practices = Practice.objects.filter(
            organisation_id=organisation_id, is_published=True
        ).count()
        documents = NormativeDocument.objects.filter(
            organisation_id=organisation_id, is_published=True
        ).count()
        approved = RegulationVersion.objects.filter(APPROVED_VERSION, regulation=OuterRef("pk"))
        acts = Regulation.objects.filter(
            Exists(approved), organisation_id=organisation_id, is_published=True
        ).count()
        total = practices + documents + acts
        if not total:
            return Measure(0, None, _("На сайте пока ничего не опубликовано"))
        details = ", ".join(
            f"{count} {plural(count, *forms)}"
            for count, forms in (
                (practices, ("материал копилки", "материала копилки", "материалов копилки")),
                (
                    documents,
                    ("нормативный документ", "нормативных документа", "нормативных документов"),
                ),
                (acts, ("локальный акт", "локальных акта", "локальных актов")),
            )
            if count
        )
        label = _("На сайте %(count)s %(noun)s: %(details)s") % {
            "count": total,
            "noun": plural(total, "публикация", "публикации", "публикаций"),
            "details": details,
        }
        return Measure(total, None, label)

    # Targets

    def target(self, target: Target) -> TargetProgress:
        unit = target.get_unit_display()
        if target.metric == Metric.MANUAL:
            actual = target.actual
            label = _("не внесено") if actual is None else f"{actual} {unit}"
            return TargetProgress(target, actual, label)
        measure = self.metric(target.metric)
        if target.unit == Target.Unit.PERCENT and measure.total is not None:
            actual = measure.percent
            label = _("нет данных") if actual is None else f"{actual} % ({measure.label})"
        else:
            actual = measure.value
            label = f"{actual} {unit}"
        return TargetProgress(target, actual, label)

    def metric(self, metric: str) -> Measure:
        """The measured value of ``metric`` (a Target.Metric other than MANUAL), with or without
        a target that asks for it."""
        if metric == Metric.PROGRAMMES_FINISHED:
            finished = Programme.objects.filter(
                completed_within(self._period), group__organisation_id=self.organisation_id
            ).count()
            return Measure(finished, None, "")
        return self._involvement.measure(metric)

    # Data, loaded once each

    @property
    def _period(self) -> Period:
        """Programmes and groups count for the roadmap they worked under."""
        return self.roadmap.starts_on, self.roadmap.ends_on

    @cached_property
    def _involvement(self) -> Involvement:
        return Participation([self.organisation_id], self._period).of(self.organisation_id)
