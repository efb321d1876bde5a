"""The figures of a school year: what the annual analytical report, the statistics page and an
authority's table of its schools print.

``figures_for`` reads each kind of data once for all the organisations it is given and folds
the rows in Python, so the number of queries is the same for one school or fifty, for ten
people or three hundred. Who counts as taking part is defined in roadmap/progress.py, which the
roadmap's targets read too: a share in the report is the share the roadmap measures.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Meeting, PlanItem, Practice, Programme
from programmes.models.monitoring import SurveyResponse
from programmes.models.programmes import months_between
from programmes.services.monitoring import SurveyTable, monitoring_tables
from registry.models import MenteeEntry, MentorEntry, Organisation, Person
from registry.models.consents import has_valid_consent, required_personal_data_kind
from roadmap.charts import Row
from roadmap.models import Activity, AnnualReport, Target
from roadmap.progress import (
    Involvement,
    Measure,
    Participation,
    RoadmapProgress,
    TargetProgress,
    by_organisation,
    completed_within_flag,
)

Metric = Target.Metric

# The first school year a report may be asked for; later ones up to the next school year.
NOTHING = Measure(0, 0, "")  # a share of nobody


@dataclass
class Programmes:
    """Programmes of the year: begun, in work, completed and how, their plans."""

    running: int = 0  # in work at some time during the year
    started: int = 0
    completed: int = 0
    by_reason: list[tuple[str, int]] = field(default_factory=list)
    average_months: float | None = None  # of the completed ones
    plan_items: int = 0  # not cancelled
    plan_done: int = 0

    @property
    def active(self) -> int:
        """Still in work at the end of the year (or today)."""
        return self.running - self.completed

    @property
    def plan_percent(self) -> int | None:
        return round(100 * self.plan_done / self.plan_items) if self.plan_items else None


@dataclass(frozen=True)
class FormUse:
    """A form of mentoring and the formed pairs and groups that work in it."""

    name: str
    pairs: int
    groups: int

    @property
    def total(self) -> int:
        return self.pairs + self.groups


@dataclass(frozen=True)
class Share:
    """A headline share beside the roadmap's target for the same metric, if there is one."""

    metric: str
    label: str
    measure: Measure
    target: Target | None = None

    @property
    def percent(self) -> int | None:
        return self.measure.percent

    @property
    def shown(self) -> str:
        return _("нет данных") if self.percent is None else f"{self.percent} %"

    @property
    def goal(self) -> int | None:
        """The target's value when it is a percentage, comparable with the share."""
        if self.target and self.target.unit == Target.Unit.PERCENT:
            return self.target.value
        return None

    @property
    def goal_text(self) -> str:
        return "" if self.goal is None else _("не менее %(value)s %%") % {"value": self.goal}

    @property
    def text(self) -> str:
        """«45 % — 5 из 11 молодых специалистов с наставником»."""
        return self.shown if self.percent is None else f"{self.shown} — {self.measure.label}"

    @property
    def achieved(self) -> bool:
        return None not in (self.goal, self.percent) and self.percent >= self.goal

    @property
    def row(self) -> Row:
        """The share's bar, with its goal as the tick."""
        return Row(self.label, self.percent or 0, 100, self.goal, self.shown)

    @property
    def verdict(self) -> str:
        """Whether the target is reached, in words: the table never says it by colour alone."""
        if self.goal is None or self.percent is None:
            return ""
        return _("достигнуто") if self.achieved else _("не достигнуто")


# The three headline shares, in the order pages print them: (metric, attribute, label).
HEADLINE = (
    (Metric.STAFF_INVOLVED, "staff", gettext_lazy("Педагоги в наставничестве")),
    (
        Metric.YOUNG_SPECIALISTS,
        "young_specialists",
        gettext_lazy("Молодые специалисты с наставником"),
    ),
    (Metric.STUDENTS_INVOLVED, "students", gettext_lazy("Обучающиеся в наставничестве")),
)


def headline_shares(measure_for, target_for=lambda metric: None) -> list[Share]:
    """The three headline shares: ``measure_for(metric)`` measures each (RoadmapProgress.metric,
    or ``measured_by(figures)``), ``target_for(metric)`` finds its target, if any."""
    return [
        Share(metric, str(label), measure_for(metric), target_for(metric))
        for metric, _attribute, label in HEADLINE
    ]


def measured_by(source):
    """The headline measures that ``source`` (Figures, or the authority's totals) holds."""
    attributes = {metric: attribute for metric, attribute, _label in HEADLINE}
    return lambda metric: getattr(source, attributes[metric])


@dataclass(frozen=True)
class Line:
    """One line of a table of figures; a ``part`` line («в том числе») is indented under the
    line above it."""

    label: str
    value: int | float | None
    note: str = ""
    part: bool = False
    number: str = ""

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",")
        return str(self.value)


@dataclass
class Figures:
    """One organisation's school year in numbers. Bank figures are as at the year's end (or
    today); groups, programmes, meetings and answers are those of the year."""

    organisation: Organisation
    year: SchoolYear
    # Participants
    mentors: int = 0
    mentors_trained: int = 0
    mentors_by_kind: list[tuple[str, int]] = field(default_factory=list)
    mentees: int = 0
    mentees_by_category: list[tuple[str, int]] = field(default_factory=list)
    mentee_teachers: int = 0
    mentee_students: int = 0
    people_involved: int = 0
    staff: Measure = NOTHING
    young_specialists: Measure = NOTHING
    students: Measure = NOTHING
    # Pairs and groups
    groups_by_status: list[tuple[str, int]] = field(default_factory=list)
    forms: list[FormUse] = field(default_factory=list)
    # Programmes and meetings
    programmes: Programmes = field(default_factory=Programmes)
    meetings: int = 0
    minutes: int = 0
    # Monitoring: one table per questionnaire (empty unless asked for)
    monitoring: list[SurveyTable] = field(default_factory=list)
    # Best practices: titles of the programmes marked best and of the practices published
    best_programmes: list[str] = field(default_factory=list)
    published_practices: list[str] = field(default_factory=list)
    # The targets of the year's roadmaps; with their actuals only from figures()
    targets: list[Target] = field(default_factory=list)
    target_progress: list[TargetProgress] = field(default_factory=list)
    # What needs attention
    overdue_activities: int = 0
    consents_missing: int = 0

    @property
    def pairs(self) -> int:
        return sum(form.pairs for form in self.forms)

    @property
    def groups(self) -> int:
        """Formed groups of more than one mentee."""
        return sum(form.groups for form in self.forms)

    @property
    def formed(self) -> int:
        return self.pairs + self.groups

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def responses(self) -> int:
        return sum(table.count for table in self.monitoring)

    @property
    def has_data(self) -> bool:
        """Anything at all happened in the year: otherwise a page says «нет данных»."""
        return bool(
            self.mentors or self.mentees or self.formed or self.programmes.running or self.minutes
        )

    def target_for(self, metric: str) -> Target | None:
        """The year's target for ``metric``, if a roadmap sets one (the first one found)."""
        return next((target for target in self.targets if target.metric == metric), None)

    @property
    def shares(self) -> list[Share]:
        """The three headline shares, each beside its target."""
        return headline_shares(measured_by(self), self.target_for)

    # The figures as lines of a table: the report page, the PDF and the XLSX print the same.

    def participant_lines(self) -> list[Line]:
        return [
            Line(_("Наставников в банке"), self.mentors),
            Line(_("прошли обучение"), self.mentors_trained, part=True),
            *(
                Line(str(label).lower(), count, part=True)
                for label, count in self.mentors_by_kind
                if count and count != self.mentors
            ),
            Line(_("Наставляемых в банке"), self.mentees),
            *(
                Line(str(label).lower(), count, part=True)
                for label, count in self.mentees_by_category
                if count
            ),
            Line(
                _("Участников пар и групп, закреплённых приказом"),
                self.people_involved,
                _("наставники, вторые наставники и наставляемые"),
            ),
        ]

    def programme_lines(self) -> list[Line]:
        programmes = self.programmes
        return [
            Line(_("Программ выполнялось в течение года"), programmes.running),
            Line(_("начаты в этом учебном году"), programmes.started, part=True),
            Line(_("завершены"), programmes.completed, part=True),
            Line(_("продолжают выполняться"), programmes.active, part=True),
            Line(
                _("Средняя продолжительность завершённых программ, мес."),
                programmes.average_months,
            ),
            Line(
                _("Выполнено пунктов планов, %"),
                programmes.plan_percent,
                _("%(done)s из %(total)s")
                % {"done": programmes.plan_done, "total": programmes.plan_items},
            ),
            Line(_("Встреч наставников с наставляемыми"), self.meetings),
            Line(_("Часов встреч"), self.hours),
        ]

    def statistics_lines(self) -> list[Line]:
        """The numbers a statistical form asks for, numbered as on the page."""
        young, shares = self.young_specialists, self.shares
        return [
            Line(_("Численность наставников, чел."), self.mentors, number="1"),
            Line(_("из них прошли обучение"), self.mentors_trained, part=True, number="1.1"),
            Line(_("Численность наставляемых, чел."), self.mentees, number="2"),
            Line(_("педагогических работников"), self.mentee_teachers, part=True, number="2.1"),
            Line(_("обучающихся"), self.mentee_students, part=True, number="2.2"),
            Line(_("Молодых специалистов в банке наставляемых, чел."), young.total, number="3"),
            Line(_("из них закреплены за наставником"), young.value, part=True, number="3.1"),
            Line(_("Наставнических пар, закреплённых приказом"), self.pairs, number="4"),
            Line(_("Наставнических групп, закреплённых приказом"), self.groups, number="5"),
            Line(
                _("Персонализированных программ завершено"), self.programmes.completed, number="6"
            ),
            *(
                Line(
                    _("Доля: %(share)s, %%") % {"share": share.label.lower()},
                    share.percent,
                    share.measure.label,
                    number=str(number),
                )
                for number, share in enumerate(shares, start=7)
            ),
        ]


def figures_for(organisations, year: SchoolYear, *, monitoring: bool = False) -> dict[int, Figures]:
    """The figures of every organisation in ``organisations`` for ``year``, by organisation id.
    ``monitoring`` adds the questionnaires' results (the report needs them, a table does not)."""
    organisations = list(organisations)
    ids = [organisation.pk for organisation in organisations]
    participation = Participation(ids, year.period)
    loaded = _Loaded(ids, year, monitoring=monitoring)
    return {
        organisation.pk: _fold(organisation, year, participation.of(organisation.pk), loaded)
        for organisation in organisations
    }


def figures(organisation: Organisation, year: SchoolYear) -> Figures:
    """One organisation's figures for the annual report: with monitoring, and each target of
    the year's roadmaps beside what is achieved."""
    result = figures_for([organisation], year, monitoring=True)[organisation.pk]
    roadmaps = {}
    for target in result.targets:
        roadmaps.setdefault(target.roadmap_id, RoadmapProgress(target.roadmap, year.on()))
    result.target_progress = [
        roadmaps[target.roadmap_id].target(target) for target in result.targets
    ]
    return result


def years_with_data(organisation: Organisation) -> list[SchoolYear]:
    """The school years in which the organisation kept banks, groups, programmes, meetings,
    answers or a report, and the current one: newest first."""
    days = [
        *MenteeEntry.objects.filter(person__organisation=organisation).dates("entered_on", "month"),
        *MentorEntry.objects.filter(person__organisation=organisation).dates("entered_on", "month"),
        *Programme.objects.filter(group__organisation=organisation).dates("starts_on", "month"),
        *Meeting.objects.filter(programme__group__organisation=organisation).dates("date", "month"),
    ]
    moments = [
        *Group.objects.filter(organisation=organisation).datetimes("created_at", "month"),
        *SurveyResponse.objects.filter(programme__group__organisation=organisation).datetimes(
            "submitted_at", "month"
        ),
    ]
    years = {SchoolYear.of(day) for day in days}
    years.update(SchoolYear.of(timezone.localdate(moment)) for moment in moments)
    years.update(
        SchoolYear(start)
        for start in AnnualReport.objects.filter(organisation=organisation).values_list(
            "year", flat=True
        )
    )
    years.add(SchoolYear.current())
    return sorted((year for year in years if year.is_allowed()), reverse=True)


class _Loaded:
    """Everything besides the participants, each kind in one query for all organisations."""

    def __init__(self, ids: list[int], year: SchoolYear, *, monitoring: bool):
        first, last = year.period
        in_year = (
            Programme.objects.filter(group__organisation_id__in=ids, starts_on__lte=last)
            .exclude(status=Programme.Status.DRAFT)
            .exclude(
                Q(status=Programme.Status.COMPLETED)
                & (Q(completed_on__lt=first) | Q(completed_on__isnull=True, ends_on__lt=first))
            )
        )
        self.programmes = by_organisation(
            in_year.annotate(
                organisation_id=F("group__organisation_id"),
                completed=completed_within_flag(year.period),
            ).values_list(
                "organisation_id",
                "starts_on",
                "ends_on",
                "completed_on",
                "completed",
                "completion_reason",
                "is_best_practice",
                "title",
            )
        )
        self.plans = {
            row["organisation_id"]: row
            for row in PlanItem.objects.filter(programme__in=in_year.values("pk"))
            .values(organisation_id=F("programme__group__organisation_id"))
            .annotate(
                total=Count("pk", filter=~Q(status=PlanItem.Status.CANCELLED)),
                done=Count("pk", filter=Q(status=PlanItem.Status.DONE)),
            )
        }
        self.meetings = {
            row["organisation_id"]: row
            for row in Meeting.objects.filter(
                programme__group__organisation_id__in=ids, date__range=year.period
            )
            .values(organisation_id=F("programme__group__organisation_id"))
            .annotate(count=Count("pk"), minutes=Sum("minutes"))
        }
        start, end = year.bounds
        self.practices = by_organisation(
            Practice.objects.filter(organisation_id__in=ids, is_published=True)
            .filter(
                Q(published_on__range=year.period)
                | Q(published_on__isnull=True, created_at__gte=start, created_at__lt=end)
            )
            .order_by("title", "pk")
            .values_list("organisation_id", "title")
        )
        self.targets = by_organisation(
            Target.objects.filter(
                roadmap__organisation_id__in=ids,
                roadmap__starts_on__lte=last,
                roadmap__ends_on__gte=first,
            )
            .select_related("roadmap")
            .order_by("roadmap__starts_on", "roadmap_id", "position", "pk"),
            key=lambda target: target.roadmap.organisation_id,
        )
        self.overdue = dict(
            Activity.objects.overdue()
            .filter(
                stage__roadmap__organisation_id__in=ids,
                stage__roadmap__starts_on__lte=last,
                stage__roadmap__ends_on__gte=first,
            )
            .values_list("stage__roadmap__organisation_id")
            .annotate(count=Count("pk"))
        )
        self.responses = None
        if monitoring:
            self.responses = by_organisation(
                SurveyResponse.objects.filter(
                    programme__group__organisation_id__in=ids,
                    submitted_at__gte=start,
                    submitted_at__lt=end,
                )
                .select_related("programme")
                .annotate(organisation_id=F("programme__group__organisation_id"))
                .order_by("programme__title", "programme_id", "submitted_at", "pk"),
                lambda response: response.organisation_id,
            )


def _fold(organisation, year: SchoolYear, involvement: Involvement, loaded: _Loaded) -> Figures:
    pk = organisation.pk
    result = Figures(organisation, year)
    _participants(result, involvement, year)
    _groups(result, involvement)
    result.programmes = _programmes(loaded.programmes.get(pk, []), loaded.plans.get(pk), year)
    result.best_programmes = sorted(
        title for *_row, is_best, title in loaded.programmes.get(pk, []) if is_best
    )
    meetings = loaded.meetings.get(pk) or {"count": 0, "minutes": 0}
    result.meetings, result.minutes = meetings["count"], meetings["minutes"] or 0
    result.published_practices = [title for _pk, title in loaded.practices.get(pk, [])]
    result.targets = loaded.targets.get(pk, [])
    result.overdue_activities = loaded.overdue.get(pk, 0)
    if loaded.responses is not None:
        result.monitoring = monitoring_tables(loaded.responses.get(pk, []), with_names=False)
    return result


def _participants(result: Figures, involvement: Involvement, year: SchoolYear) -> None:
    mentors, mentees = involvement.mentors, involvement.mentees
    result.mentors = len(mentors)
    result.mentors_trained = involvement.trained
    result.mentors_by_kind = _counted(
        Counter(entry.person.kind for entry in mentors), Person.Kind.choices
    )
    result.mentees = len(mentees)
    result.mentees_by_category = _counted(
        Counter(entry.category for entry in mentees), MenteeEntry.Category.choices
    )
    kinds = Counter(entry.person.kind for entry in mentees)
    result.mentee_teachers = kinds[Person.Kind.STAFF]
    result.mentee_students = kinds[Person.Kind.STUDENT]
    result.people_involved = len(involvement.formed_people)
    result.staff = involvement.measure(Metric.STAFF_INVOLVED)
    result.young_specialists = involvement.measure(Metric.YOUNG_SPECIALISTS)
    result.students = involvement.measure(Metric.STUDENTS_INVOLVED)
    # Someone both in the mentor and the mentee bank needs one consent, counted once.
    people = {entry.person.pk: entry.person for entry in [*mentors, *mentees]}
    on = year.on()
    result.consents_missing = sum(
        not has_valid_consent(person, required_personal_data_kind(person), on)
        for person in people.values()
    )


def _counted(counts: Counter, choices) -> list[tuple[str, int]]:
    """Every choice in its order with its count, zeros included."""
    return [(str(label), counts[value]) for value, label in choices]


def _groups(result: Figures, involvement: Involvement) -> None:
    groups = involvement.groups
    result.groups_by_status = _counted(
        Counter(group.status for group in groups), Group.Status.choices
    )
    sizes = Counter(group.pk for group, _entry, _person in involvement.members)
    pairs, larger = Counter(), Counter()
    for group in groups:
        if group.is_formed:
            (larger if sizes[group.pk] > 1 else pairs)[group.form] += 1
    names = sorted(set(pairs) | set(larger), key=lambda name: (-pairs[name] - larger[name], name))
    result.forms = [FormUse(name, pairs[name], larger[name]) for name in names]


def _programmes(rows, plan, year: SchoolYear) -> Programmes:
    result = Programmes(running=len(rows))
    reasons = Counter()
    lengths = []
    for _org, starts_on, ends_on, completed_on, completed, reason, _best, _title in rows:
        result.started += starts_on >= year.starts_on
        if completed:
            reasons[reason] += 1
            lengths.append(months_between(starts_on, completed_on or ends_on))
    result.completed = sum(reasons.values())
    result.by_reason = _counted(reasons, Programme.CompletionReason.choices)
    result.average_months = round(fmean(lengths), 1) if lengths else None
    if plan:
        result.plan_items, result.plan_done = plan["total"], plan["done"]
    return result
