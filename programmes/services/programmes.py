"""Personalised programmes: writing one (empty, from a template or from a best practice), the
plan's progress, meetings, comments, amendments, completion, the library of templates, and the
printed programme and a mentor's workload sheet."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring_site.documents import Document, render_pdf, render_xlsx
from mentoring_site.school_year import SchoolYear
from mentoring_site.templatetags.russian import plural, ru_date
from mentoring_site.uploads import EXTENSIONS
from programmes.models import (
    Amendment,
    Comment,
    Group,
    Meeting,
    PlanItem,
    Practice,
    Programme,
    ProgrammeTemplate,
    TemplateItem,
)
from programmes.models.programmes import MAX_MONTHS, add_months, months_between
from programmes.services.groups import group_set_status
from registry.models import AnswerStatus, MentorEntry, ProfessionalRequest

PLAN_FIELDS = ("direction", "activity", "form", "expected_result", "report_form")
OPEN_ITEM_STATUSES = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)


def duration_text(minutes: int) -> str:
    """Minutes as «12 ч 30 мин», «45 мин», «3 ч»; «0 ч» for none."""
    hours, rest = divmod(minutes or 0, 60)
    parts = [f"{hours} ч"] if hours or not rest else []
    if rest:
        parts.append(f"{rest} мин")
    return " ".join(parts)


def months_text(months: int) -> str:
    return f"{months} {plural(months, 'месяц', 'месяца', 'месяцев')}"


def term_text(starts_on, ends_on) -> str:
    """«с 1 сентября 2026 г. по 31 мая 2027 г.»."""
    if not starts_on or not ends_on:
        return ""
    return _("с %(start)s по %(end)s") % {"start": ru_date(starts_on), "end": ru_date(ends_on)}


def mentee_requests(group: Group):
    """The group's mentees' professional requests a programme may address (not rejected)."""
    return (
        ProfessionalRequest.objects.filter(person__mentee_entry__in=group.mentees.all())
        .exclude(status=AnswerStatus.REJECTED)
        .select_related("person")
    )


def templates_for(organisation):
    """The library: the shipped templates and the organisation's own, with their plans."""
    return ProgrammeTemplate.objects.shipped_or_own(organisation).prefetch_related("items")


def best_practices_for(organisation):
    return (
        Programme.objects.filter(group__organisation=organisation, is_best_practice=True)
        .prefetch_related("items", "forms")
        .order_by("title", "pk")
    )


def _plan_from_template(template: ProgrammeTemplate, starts_on: datetime.date) -> list[dict]:
    return [
        {
            **{name: getattr(item, name) for name in PLAN_FIELDS},
            "order": number,
            "deadline": starts_on + datetime.timedelta(weeks=item.week - 1),
        }
        for number, item in enumerate(template.items.all(), start=1)
    ]


def _plan_from_programme(model: Programme, starts_on: datetime.date) -> list[dict]:
    shift = starts_on - model.starts_on
    return [
        {
            **{name: getattr(item, name) for name in PLAN_FIELDS},
            "order": number,
            "deadline": item.deadline + shift if item.deadline else None,
        }
        for number, item in enumerate(model.items.all(), start=1)
    ]


@transaction.atomic
def programme_create(
    *,
    group: Group,
    created_by,
    title: str,
    goal: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    tasks: str = "",
    strengths: str = "",
    difficulties=(),
    forms=(),
    activate: bool = False,
    approved_on: datetime.date | None = None,
    template: ProgrammeTemplate | None = None,
    model: Programme | None = None,
) -> Programme:
    """Write the group's programme, empty or with the plan of a ``template`` (weeks become
    deadlines from the start) or of a best-practice ``model`` (deadlines shifted to the new
    start; its goal, tasks, strengths and forms fill what was left empty)."""
    if Programme.objects.filter(group=group).exists():
        raise ValidationError(_("У этой пары или группы уже есть программа."))
    if not group.is_open:
        raise ValidationError(
            _("Группа в статусе «%(status)s»: новую программу для неё составить нельзя.")
            % {"status": group.get_status_display()}
        )
    if template and model:
        raise ValidationError(_("Выберите что-то одно: шаблон или лучшую практику."))
    source = template or model
    programme = Programme(
        group=group,
        title=title or (source.title if source else ""),
        goal=goal or (source.goal if source else ""),
        tasks=tasks or (source.tasks if source else ""),
        strengths=strengths or (model.strengths if model else ""),
        starts_on=starts_on,
        ends_on=ends_on,
        status=Programme.Status.ACTIVE if activate else Programme.Status.DRAFT,
        approved_on=approved_on if activate else None,
        created_by=created_by,
    )
    programme.full_clean()
    programme.save()
    programme.difficulties.set(difficulties)
    programme.forms.set(forms or (model.forms.all() if model else []))
    if template:
        plan = _plan_from_template(template, starts_on)
    elif model:
        plan = _plan_from_programme(model, starts_on)
    else:
        plan = []
    PlanItem.objects.bulk_create(PlanItem(programme=programme, **row) for row in plan)
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, difficulties=None, forms=None, activate=False, **fields
) -> Programme:
    """Change the text, term or forms of a programme that is not completed; ``activate``
    starts a draft."""
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError(_("Завершённую программу изменить нельзя."))
    for name, value in fields.items():
        setattr(programme, name, value)
    if activate and programme.status == Programme.Status.DRAFT:
        programme.status = Programme.Status.ACTIVE
    if programme.status == Programme.Status.DRAFT:
        programme.approved_on = None
    programme.full_clean()
    programme.save()
    if difficulties is not None:
        programme.difficulties.set(difficulties)
    if forms is not None:
        programme.forms.set(forms)
    return programme


def _check_not_completed(programme: Programme) -> None:
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError(_("Программа завершена: её план больше не меняется."))


@transaction.atomic
def item_create(*, programme: Programme, activity: str, **fields) -> PlanItem:
    """Add a line at the end of the plan."""
    _check_not_completed(programme)
    last = programme.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = PlanItem(programme=programme, activity=activity, order=last + 1, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(
    *,
    item: PlanItem,
    status: str,
    done_on: datetime.date | None = None,
    mentor_note: str = "",
    evidence=None,
    evidence_content_type: str = "",
    evidence_url: str = "",
) -> PlanItem:
    """Record progress on a plan item. A done item gets a done date (today when none is
    given); any other status has none. A new evidence file replaces the old one."""
    _check_not_completed(item.programme)
    if status == PlanItem.Status.DONE:
        item.done_on = done_on or item.done_on or timezone.localdate()
    else:
        item.done_on = None
    item.status = status
    item.mentor_note = mentor_note
    item.evidence_url = evidence_url
    replaced = ""
    if evidence is not None:
        replaced = item.evidence.name
        # Stored under a name of our own: the uploader's may be too long for the file system.
        extension = EXTENSIONS.get(evidence_content_type, "bin")
        item.evidence = File(evidence, name=f"item-{item.pk}.{extension}")
        item.evidence_content_type = evidence_content_type
    item.full_clean()
    item.save()
    if replaced:
        # The old file goes only once the new one is safely recorded.
        storage = item.evidence.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return item


@transaction.atomic
def meeting_create(*, programme: Programme, created_by, **fields) -> Meeting:
    meeting = Meeting(programme=programme, created_by=created_by, **fields)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def comment_create(*, programme: Programme, author, text: str) -> Comment:
    comment = Comment(programme=programme, author=author, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def amendment_create(
    *,
    programme: Programme,
    created_by,
    kind: str,
    reason: str,
    date: datetime.date | None = None,
    details: str = "",
    new_ends_on: datetime.date | None = None,
) -> Amendment:
    """Record a change agreed by the mentor and the mentee. An extension moves the end of the
    programme (and of its group, when they ended together), at most 12 months from the start."""
    if programme.status != Programme.Status.ACTIVE:
        raise ValidationError(_("Изменения вносят только в выполняемую программу."))
    amendment = Amendment(
        programme=programme,
        kind=kind,
        date=date or timezone.localdate(),
        reason=reason.strip(),
        details=details,
        created_by=created_by,
    )
    if kind == Amendment.Kind.EXTEND:
        if not new_ends_on:
            raise ValidationError({"new_ends_on": _("Укажите новую дату окончания.")})
        if new_ends_on <= programme.ends_on:
            raise ValidationError(
                {
                    "new_ends_on": _("Новая дата окончания должна быть позже %(end)s.")
                    % {"end": ru_date(programme.ends_on)}
                }
            )
        if round(months_between(programme.starts_on, new_ends_on), 1) > MAX_MONTHS:
            raise ValidationError(
                {
                    "new_ends_on": _(
                        "Вместе с продлением программа не может длиться больше 12 месяцев: "
                        "последний возможный день — %(last)s."
                    )
                    % {"last": ru_date(add_months(programme.starts_on, MAX_MONTHS))}
                }
            )
        amendment.new_ends_on = new_ends_on
        amendment.previous_ends_on = programme.ends_on
    amendment.full_clean()
    amendment.save()
    if kind == Amendment.Kind.EXTEND:
        group = programme.group
        if group.ends_on == programme.ends_on:
            group.ends_on = new_ends_on
            group.save(update_fields=["ends_on"])
        programme.ends_on = new_ends_on
        programme.full_clean()
        programme.save(update_fields=["ends_on", "updated_at"])
    return amendment


@transaction.atomic
def programme_complete(
    *,
    programme: Programme,
    reason: str,
    curator_conclusion: str,
    completed_on: datetime.date | None = None,
) -> Programme:
    """Complete the programme on one of the three grounds of the Положение. Its group finishes
    work whatever the ground (the programme has ended), and the mentees' bank entries follow."""
    if programme.status == Programme.Status.DRAFT:
        raise ValidationError(_("Черновик программы завершить нельзя: он ещё не начат."))
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError(_("Программа уже завершена."))
    if reason not in Programme.CompletionReason.values:
        raise ValidationError({"completion_reason": _("Выберите основание завершения.")})
    if not curator_conclusion.strip():
        raise ValidationError({"curator_conclusion": _("Напишите заключение куратора.")})
    completed_on = completed_on or timezone.localdate()
    programme.status = Programme.Status.COMPLETED
    programme.completion_reason = reason
    programme.completed_on = completed_on
    programme.curator_conclusion = curator_conclusion.strip()
    programme.full_clean()
    programme.save()
    group = programme.group
    if group.status in (Group.Status.PROPOSED, Group.Status.FIXED):
        # A group that ran its programme without being marked active: it worked, then finished.
        group_set_status(group=group, status=Group.Status.ACTIVE, on=programme.starts_on)
    if group.status == Group.Status.ACTIVE:
        group_set_status(group=group, status=Group.Status.FINISHED, on=completed_on)
    return programme


@transaction.atomic
def programme_set_results(*, programme: Programme, **fields) -> Programme:
    """Save the parts of the results the user may write (self-assessment, review)."""
    for name, value in fields.items():
        setattr(programme, name, value.strip())
    programme.save(update_fields=[*fields, "updated_at"])
    return programme


@transaction.atomic
def programme_mark_best_practice(*, programme: Programme, created_by) -> Practice:
    """Mark a completed programme a best practice and put it into the methodical bank (not
    published: publishing is decided in the bank)."""
    if programme.status != Programme.Status.COMPLETED:
        raise ValidationError(_("Лучшей практикой отмечают только завершённую программу."))
    if programme.is_best_practice:
        raise ValidationError(_("Программа уже отмечена как лучшая практика."))
    programme.is_best_practice = True
    programme.save(update_fields=["is_best_practice", "updated_at"])
    summary = programme.goal.strip()
    if programme.curator_conclusion:
        summary += "\n\n" + _("Заключение куратора: %(text)s") % {
            "text": programme.curator_conclusion.strip()
        }
    practice = Practice(
        organisation=programme.group.organisation,
        kind=Practice.Kind.PRACTICE,
        title=programme.title,
        summary=summary,
        programme=programme,
        created_by=created_by,
    )
    practice.full_clean()
    practice.save()
    practice.authors.set([programme.group.mentor.person])
    return practice


@transaction.atomic
def programme_save_template(*, programme: Programme) -> ProgrammeTemplate:
    """The programme's plan as the organisation's own template: deadlines become weeks from
    the start."""
    group = programme.group
    template = ProgrammeTemplate(
        organisation=group.organisation,
        title=programme.title,
        description=_("Составлен по программе «%(title)s» (%(term)s).")
        % {"title": programme.title, "term": term_text(programme.starts_on, programme.ends_on)},
        goal=programme.goal,
        tasks=programme.tasks,
        months=max(1, round(months_between(programme.starts_on, programme.ends_on))),
        audience=group.form.audience,
    )
    template.full_clean()
    template.save()
    TemplateItem.objects.bulk_create(
        TemplateItem(
            template=template,
            order=number,
            week=max(1, (item.deadline - programme.starts_on).days // 7 + 1)
            if item.deadline
            else 1,
            **{name: getattr(item, name) for name in PLAN_FIELDS},
        )
        for number, item in enumerate(
            programme.items.exclude(status=PlanItem.Status.CANCELLED), start=1
        )
    )
    return template


def programme_list_queryset(groups):
    """Programmes of ``groups`` with what the list shows, in a fixed number of queries."""
    today = timezone.localdate()
    return (
        Programme.objects.filter(group__in=groups)
        .select_related("group__mentor__person", "group__form")
        .prefetch_related("items", "group__mentees__person")
        .annotate(
            overdue=Count(
                "items",
                filter=Q(items__deadline__lt=today, items__status__in=OPEN_ITEM_STATUSES)
                & ~Q(status=Programme.Status.COMPLETED),
            )
        )
        .order_by("-starts_on", "-pk")
    )


# Documents


def programme_document(programme: Programme) -> Document:
    """The programme to sign: approval block, participants, term, goal, tasks and plan."""
    group = programme.group
    organisation = group.organisation
    director = organisation.director
    mentees = [entry.person for entry in group.mentees.all()]
    context = {
        "organisation": organisation,
        "programme": programme,
        "group": group,
        "director": director,
        "director_signature": director.signature_name if director else "",
        "mentor": group.mentor.person,
        "co_mentor": group.co_mentor.person if group.co_mentor_id else None,
        "mentees": mentees,
        "forms": programme.forms.all(),
        "term": term_text(programme.starts_on, programme.ends_on),
        "difficulties": programme.difficulties.all(),
        "items": programme.items.all(),
        "signers": [
            (_("Наставник"), group.mentor.person),
            *((_("Наставляемый"), person) for person in mentees),
        ],
    }
    return render_pdf("documents/programme.html", context, filename=f"programma-{programme.pk}.pdf")


@dataclass
class WorkloadRow:
    group: Group
    role: str
    is_main: bool  # the main mentor, not a co-mentor or substitute
    mentees: str
    form: str
    term: str
    status: str
    progress: int | None
    meetings: int
    minutes: int
    outcome: str

    @property
    def hours(self) -> str:
        return duration_text(self.minutes)


@dataclass
class YearTotals:
    year: int
    groups: int = 0
    mentees: int = 0
    meetings: int = 0
    minutes: int = 0
    completed: dict = field(default_factory=dict)  # completion reason label → count

    @property
    def label(self) -> str:
        return SchoolYear(self.year).short

    @property
    def hours(self) -> str:
        return duration_text(self.minutes)

    @property
    def outcomes(self) -> str:
        return "; ".join(f"{label}: {count}" for label, count in self.completed.items())


@dataclass
class Workload:
    mentor: MentorEntry
    rows: list[WorkloadRow]
    years: list[YearTotals]

    @property
    def total_meetings(self) -> int:
        return sum(row.meetings for row in self.rows)

    @property
    def total_hours(self) -> str:
        return duration_text(sum(row.minutes for row in self.rows))


def mentor_workload(mentor: MentorEntry) -> Workload:
    """Every group the mentor led or co-led, with its programme's progress, meetings and
    outcome, and totals per academic year (1 September – 31 August)."""
    groups = (
        Group.objects.filter(Q(mentor=mentor) | Q(co_mentor=mentor))
        .select_related("form", "programme")
        .prefetch_related(
            "mentees__person",
            "programme__items",
            Prefetch("programme__meetings", Meeting.objects.order_by("date")),
        )
        .order_by("starts_on", "created_at", "pk")
        .distinct()
    )
    rows, years = [], {}

    def year(day):
        year = SchoolYear.of(day).start
        return years.setdefault(year, YearTotals(year))

    for group in groups:
        programme = getattr(group, "programme", None)
        meetings = list(programme.meetings.all()) if programme else []
        started = group.starts_on or (programme.starts_on if programme else None)
        started = started or timezone.localdate(group.created_at)
        totals = year(started)
        totals.groups += 1
        totals.mentees += len(group.mentees.all())
        for meeting in meetings:
            year(meeting.date).meetings += 1
            year(meeting.date).minutes += meeting.minutes
        outcome = ""
        if programme and programme.completion_reason:
            outcome = programme.get_completion_reason_display()
            completed = year(programme.completed_on or timezone.localdate()).completed
            completed[outcome] = completed.get(outcome, 0) + 1
        elif group.status == Group.Status.DISSOLVED:
            outcome = _("Расформирована: %(reason)s") % {"reason": group.dissolution_reason}
        rows.append(
            WorkloadRow(
                group=group,
                role=_("наставник")
                if group.mentor_id == mentor.pk
                else group.get_co_mentor_role_display().lower(),
                is_main=group.mentor_id == mentor.pk,
                mentees=", ".join(entry.person.short_name for entry in group.mentees.all()),
                form=group.form.name,
                term=term_text(
                    programme.starts_on if programme else group.starts_on,
                    programme.ends_on if programme else group.ends_on,
                ),
                status=group.get_status_display(),
                progress=programme.progress if programme else None,
                meetings=len(meetings),
                minutes=sum(meeting.minutes for meeting in meetings),
                outcome=outcome,
            )
        )
    return Workload(mentor=mentor, rows=rows, years=[years[key] for key in sorted(years)])


def workload_pdf(mentor: MentorEntry) -> Document:
    workload = mentor_workload(mentor)
    return render_pdf(
        "documents/workload.html",
        {
            "workload": workload,
            "person": mentor.person,
            "organisation": mentor.person.organisation,
            "today": timezone.localdate(),
        },
        filename=f"nagruzka-nastavnika-{mentor.pk}.pdf",
    )


def workload_xlsx(mentor: MentorEntry) -> Document:
    workload = mentor_workload(mentor)
    groups = (
        _("Наставляемые"),
        _("Роль"),
        _("Форма наставничества"),
        _("Срок"),
        _("Статус"),
        _("Выполнение плана, %"),
        _("Встреч"),
        _("Часов"),
        _("Итог"),
    )
    years = (
        _("Учебный год"),
        _("Пар и групп начато"),
        _("Наставляемых"),
        _("Встреч"),
        _("Часов"),
        _("Завершено программ"),
    )
    return render_xlsx(
        [
            (
                _("Группы"),
                groups,
                (
                    (
                        row.mentees,
                        row.role,
                        row.form,
                        row.term,
                        row.status,
                        row.progress,
                        row.meetings,
                        round(row.minutes / 60, 2),
                        row.outcome,
                    )
                    for row in workload.rows
                ),
            ),
            (
                _("По учебным годам"),
                years,
                (
                    (
                        total.label,
                        total.groups,
                        total.mentees,
                        total.meetings,
                        round(total.minutes / 60, 2),
                        total.outcomes,
                    )
                    for total in workload.years
                ),
            ),
        ],
        filename=f"nagruzka-nastavnika-{mentor.pk}.xlsx",
    )


def meetings_summary(programme: Programme) -> tuple[int, str]:
    """How many meetings and how long in all, «12 ч 30 мин»."""
    totals = programme.meetings.aggregate(count=Count("pk"), minutes=Sum("minutes"))
    return totals["count"], duration_text(totals["minutes"] or 0)
