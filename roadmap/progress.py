"""The roadmap reports itself: live progress of each standard stage and the actual value of each
measurable target, computed from the organisation's data.

``RoadmapProgress`` loads each kind of data once, when first asked, with a fixed number of
queries whatever the number of people, groups or programmes: a page may show every stage and
target without paying per row.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.templatetags.russian import plural
from programmes.models import Group, Practice, Programme
from programmes.models.monitoring import SurveyResponse
from registry.models import MenteeEntry, MentorEntry, Person
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
            Standard.PAIRS: self._pairs,
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
        mentees = self._mentees
        return _share(
            self._with_consent(mentees),
            len(mentees),
            ("наставляемого", "наставляемых", "наставляемых"),
            _("в банке с согласием на обработку данных"),
            _("В банке пока нет наставляемых"),
        )

    def _mentor_bank(self) -> Measure:
        mentors = self._mentors
        return _share(
            self._with_consent(mentors),
            len(mentors),
            ("наставника", "наставников", "наставников"),
            _("в банке с согласием на обработку данных"),
            _("В банке пока нет наставников"),
        )

    def _selection(self) -> Measure:
        mentors = self._mentors
        return _share(
            self._trained,
            len(mentors),
            ("наставника", "наставников", "наставников"),
            _("с пройденным обучением"),
            _("В банке пока нет наставников"),
        )

    def _pairs(self) -> Measure:
        formed, counted = self._paired_mentees
        return _share(
            len(formed),
            len(counted),
            ("наставляемого", "наставляемых", "наставляемых"),
            _("в парах и группах, закреплённых приказом"),
            _("Нет наставляемых, ждущих наставника или работающих в парах"),
        )

    def _completion(self) -> Measure:
        with_monitoring = Exists(SurveyResponse.objects.filter(programme=OuterRef("pk")))
        completed = Q(status=Programme.Status.COMPLETED) & (
            Q(completed_on__isnull=True) | Q(completed_on__range=self._period)
        )
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
        measure = self._metric(target.metric)
        if target.unit == Target.Unit.PERCENT and measure.total is not None:
            actual = measure.percent
            label = _("нет данных") if actual is None else f"{actual} % ({measure.label})"
        else:
            actual = measure.value
            label = f"{actual} {unit}"
        return TargetProgress(target, actual, label)

    def _metric(self, metric: str) -> Measure:
        if metric == Metric.STUDENTS_INVOLVED:
            return self._involved(
                Person.Kind.STUDENT, ("обучающегося", "обучающихся", "обучающихся")
            )
        if metric == Metric.STAFF_INVOLVED:
            return self._involved(Person.Kind.STAFF, ("педагога", "педагогов", "педагогов"))
        if metric == Metric.YOUNG_SPECIALISTS:
            formed, _counted = self._paired_mentees
            young = [
                entry.pk
                for entry in self._mentees
                if entry.category == MenteeEntry.Category.YOUNG_SPECIALIST
            ]
            return _share(
                sum(pk in formed for pk in young),
                len(young),
                ("молодого специалиста", "молодых специалистов", "молодых специалистов"),
                _("с наставником"),
                "",
            )
        if metric == Metric.MENTEES_PAIRED:
            return self._pairs()
        if metric == Metric.MENTORS_TRAINED:
            return Measure(self._trained, None, "")
        if metric == Metric.PROGRAMMES_FINISHED:
            finished = Programme.objects.filter(
                Q(completed_on__isnull=True) | Q(completed_on__range=self._period),
                group__organisation_id=self.organisation_id,
                status=Programme.Status.COMPLETED,
            ).count()
            return Measure(finished, None, "")
        raise ValueError(metric)

    def _involved(self, kind: str, forms: tuple[str, str, str]) -> Measure:
        involved = self._formed_people
        people = [pk for pk, person_kind in self._people if person_kind == kind]
        return _share(sum(pk in involved for pk in people), len(people), forms, "", "")

    # Data, loaded once each

    @property
    def _period(self) -> tuple[datetime.date, datetime.date]:
        """Programmes count for the roadmap they were completed under."""
        return self.roadmap.starts_on, self.roadmap.ends_on

    @cached_property
    def _mentees(self) -> list[MenteeEntry]:
        return list(
            MenteeEntry.objects.filter(person__organisation_id=self.organisation_id)
            .exclude(status=MenteeEntry.Status.LEFT)
            .select_related("person")
            .prefetch_related("person__consents")
        )

    @cached_property
    def _mentors(self) -> list[MentorEntry]:
        return list(
            MentorEntry.objects.filter(person__organisation_id=self.organisation_id)
            .exclude(status=MentorEntry.Status.LEFT)
            .select_related("person")
            .prefetch_related("person__consents")
            .annotate(trainings=Count("person__training_sessions", distinct=True))
        )

    @cached_property
    def _trained(self) -> int:
        return sum(entry.trainings > 0 for entry in self._mentors)

    @cached_property
    def _group_mentees(self) -> list[tuple[str, int, int]]:
        """(group status, mentee entry id, person id) for every counted group."""
        return list(
            Group.mentees.through.objects.filter(
                group__organisation_id=self.organisation_id, group__status__in=COUNTED
            ).values_list("group__status", "menteeentry_id", "menteeentry__person_id")
        )

    @cached_property
    def _paired_mentees(self) -> tuple[set[int], set[int]]:
        """Mentee entries (not left) in formed groups, and those waiting or in any counted
        group: the numerator and denominator of «mentees paired»."""
        listed = {entry.pk: entry for entry in self._mentees}
        in_groups = {entry_id for _status, entry_id, _person in self._group_mentees}
        formed = {
            entry_id
            for status, entry_id, _person in self._group_mentees
            if status in FORMED and entry_id in listed
        }
        counted = {
            pk
            for pk, entry in listed.items()
            if pk in in_groups or entry.status == MenteeEntry.Status.WAITING
        }
        return formed, counted

    @cached_property
    def _formed_people(self) -> set[int]:
        """People who are mentees, mentors or co-mentors in a formed group."""
        people = {
            person_id for status, _entry, person_id in self._group_mentees if status in FORMED
        }
        for mentor_id, co_mentor_id in Group.objects.filter(
            organisation_id=self.organisation_id, status__in=FORMED
        ).values_list("mentor__person_id", "co_mentor__person_id"):
            people.update(pk for pk in (mentor_id, co_mentor_id) if pk)
        return people

    @cached_property
    def _people(self) -> list[tuple[int, str]]:
        return list(
            Person.objects.filter(organisation_id=self.organisation_id)
            .identified()
            .values_list("pk", "kind")
        )
