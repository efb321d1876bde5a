"""The roadmap (дорожная карта): the list, a new roadmap from a template, the page that reports
its own progress, editing stages and activities, the timeline and the printed annex.

Every member reads the roadmap; the curator and the working group change it."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response
from mentoring_site.uploads import EXTENSIONS, private_file_response
from registry.access import Can, access_for, get_organisation
from roadmap.access import get_activity, get_roadmap, get_stage
from roadmap.forms.roadmaps import (
    ActivityForm,
    RoadmapCreateForm,
    RoadmapForm,
    StageForm,
    TargetFormSet,
    target_helper,
)
from roadmap.models import Activity, Roadmap, Stage
from roadmap.models.roadmaps import MONTHS_NOMINATIVE
from roadmap.progress import RoadmapProgress
from roadmap.services import roadmaps as services

CLOSED = (Activity.Status.DONE, Activity.Status.CANCELLED)


def _can_manage(request, organisation) -> bool:
    return access_for(request.user).can(organisation, Can.MANAGE_ROADMAP)


@login_required
@require_http_methods(["GET"])
def roadmap_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    today = timezone.localdate()
    overdue = Q(stages__activities__due_on__lt=today) & ~Q(stages__activities__status__in=CLOSED)
    roadmaps = (
        Roadmap.objects.filter(organisation=organisation)
        .select_related("organisation", "approved_order")
        .annotate(
            activity_count=Count("stages__activities"),
            overdue_count=Count("stages__activities", filter=overdue),
        )
    )
    return render(
        request,
        "roadmap/roadmaps/roadmap_list.html",
        {
            "organisation": organisation,
            "roadmaps": roadmaps,
            "can_manage": _can_manage(request, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_ROADMAP)
    form = RoadmapCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            roadmap = services.roadmap_create_from_template(
                organisation=organisation,
                model=data["model"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                title=data["title"],
                created_by=request.user,
                empty=data["empty"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Дорожная карта создана."))
            return redirect(roadmap)
    return render(
        request,
        "roadmap/roadmaps/roadmap_create.html",
        {"organisation": organisation, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def roadmap_detail(request, org, pk):
    roadmap = get_roadmap(request, org, pk)
    today = timezone.localdate()
    progress = RoadmapProgress(roadmap, today)
    stages = services.roadmap_stages(roadmap, today)
    for stage in stages:
        stage.progress = progress.stage(stage.standard)
    overdue = sum(activity.overdue for stage in stages for activity in stage.activity_list)
    return render(
        request,
        "roadmap/roadmaps/roadmap_detail.html",
        {
            "organisation": roadmap.organisation,
            "roadmap": roadmap,
            "stages": stages,
            "targets": [progress.target(target) for target in roadmap.targets.all()],
            "overdue": overdue,
            "can_manage": _can_manage(request, roadmap.organisation),
            "statuses": Activity.Status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_edit(request, org, pk):
    roadmap = get_roadmap(request, org, pk, Can.MANAGE_ROADMAP)
    form = RoadmapForm(request.POST or None, instance=roadmap)
    targets = TargetFormSet(request.POST or None, instance=roadmap, prefix="targets")
    # Both are validated, so the targets' errors show even when the roadmap's fields have some.
    valid = request.method == "POST" and all([form.is_valid(), targets.is_valid()])
    if valid:
        try:
            services.roadmap_update(roadmap=form.save(commit=False), targets=targets)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(roadmap)
    return render(
        request,
        "roadmap/roadmaps/roadmap_edit.html",
        {
            "organisation": roadmap.organisation,
            "roadmap": roadmap,
            "form": form,
            "targets": targets,
            "target_helper": target_helper(),
        },
    )


def _form_page(request, roadmap, form, title):
    return render(
        request,
        "roadmap/roadmaps/form.html",
        {"organisation": roadmap.organisation, "roadmap": roadmap, "form": form, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request, org, pk):
    roadmap = get_roadmap(request, org, pk, Can.MANAGE_ROADMAP)
    stage = Stage(roadmap=roadmap, number=services.next_stage_number(roadmap))
    return _stage_page(request, roadmap, stage, _("Новый этап"))


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request, org, pk):
    stage = get_stage(request, org, pk)
    return _stage_page(
        request, stage.roadmap, stage, _("Этап %(number)s") % {"number": stage.number}
    )


def _stage_page(request, roadmap, stage, title):
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        stage = form.save()
        messages.success(request, _("Этап сохранён."))
        return redirect(f"{roadmap.get_absolute_url()}#stage-{stage.pk}")
    return _form_page(request, roadmap, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, org, pk):
    stage = get_stage(request, org, pk)
    activity = Activity(stage=stage, number=services.next_activity_number(stage))
    title = _("Новое мероприятие этапа %(number)s") % {"number": stage.number}
    return _activity_page(request, stage, activity, title)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, org, pk):
    activity = get_activity(request, org, pk)
    title = _("Мероприятие %(number)s") % {"number": _number(activity)}
    return _activity_page(request, activity.stage, activity, title)


def _number(activity: Activity) -> str:
    return f"{activity.stage.number}.{activity.number}"


def _activity_page(request, stage, activity, title):
    roadmap = stage.roadmap
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        instance=activity,
        organisation=roadmap.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(
                activity=form.save(commit=False),
                responsible_people=form.cleaned_data["responsible_people"],
                upload=form.cleaned_data.get("upload"),
                upload_content_type=form.upload_content_type,
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Мероприятие сохранено."))
            return redirect(f"{roadmap.get_absolute_url()}#activity-{activity.pk}")
    return _form_page(request, roadmap, form, title)


@login_required
@require_http_methods(["POST"])
def activity_status(request, org, pk):
    activity = get_activity(request, org, pk)
    back = f"{activity.stage.roadmap.get_absolute_url()}#activity-{activity.pk}"
    status = request.POST.get("status", "")
    if status not in Activity.Status.values:
        messages.error(request, _("Выберите статус мероприятия."))
        return redirect(back)
    services.activity_set_status(activity=activity, status=status)
    messages.success(
        request,
        _("Мероприятие %(number)s: %(status)s.")
        % {"number": _number(activity), "status": activity.get_status_display().lower()},
    )
    return redirect(back)


@login_required
@require_http_methods(["GET"])
def activity_evidence(request, org, pk):
    activity = get_activity(request, org, pk, Can.VIEW)
    extension = EXTENSIONS.get(activity.evidence_content_type, "bin")
    return private_file_response(
        activity.evidence_file,
        content_type=activity.evidence_content_type,
        filename=f"podtverzhdenie-{activity.stage.number}-{activity.number}.{extension}",
    )


# The timeline

# «сен», «окт»…: the first three letters are the usual Russian abbreviation of every month.
MONTHS_SHORT = tuple(name[:3] for name in MONTHS_NOMINATIVE)

# How a bar looks and what it says to a screen reader.
BAR_STATES = {
    "done": gettext_lazy("выполнено"),
    "overdue": gettext_lazy("просрочено"),
    "planned": gettext_lazy("запланировано"),
    "in_progress": gettext_lazy("выполняется"),
    "cancelled": gettext_lazy("отменено"),
    "as_needed": gettext_lazy("по мере необходимости"),
}


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    is_current: bool

    @property
    def short(self) -> str:
        return MONTHS_SHORT[self.first_day.month]

    @property
    def name(self) -> str:
        return f"{MONTHS_NOMINATIVE[self.first_day.month]} {self.first_day.year} г."


@dataclass(frozen=True)
class Cell:
    span: int
    state: str = ""  # a key of BAR_STATES; empty for no bar
    text: str = ""
    is_now: bool = False  # an empty cell of the current month


def _months(roadmap: Roadmap, today: datetime.date) -> list[Month]:
    """Every month of the period, counted rather than stepped past its end: December 9999 has
    no next month."""
    start, end = roadmap.starts_on, roadmap.ends_on
    this_month = today.replace(day=1)
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    days = (datetime.date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1))
    return [Month(day, day == this_month) for day in days]


def _occupied(activity: Activity, months: list[Month]) -> set[int]:
    """The indices of the months an activity's bar covers."""
    kind, deadline = activity.deadline_kind, activity.deadline
    everything = set(range(len(months)))
    if kind in (Activity.Deadline.DURING_YEAR, Activity.Deadline.AS_NEEDED):
        return everything
    if kind == Activity.Deadline.ANNUALLY:
        if deadline is None:
            return everything
        return {i for i, month in enumerate(months) if month.first_day.month == deadline.month}
    if deadline is None:
        return set()
    return {i for i, month in enumerate(months) if month.first_day == deadline.replace(day=1)}


def _bar_state(activity: Activity) -> str:
    if activity.deadline_kind == Activity.Deadline.AS_NEEDED and activity.status not in CLOSED:
        return "as_needed"
    if activity.overdue:
        return "overdue"
    return activity.status


def _cells(activity: Activity, months: list[Month]) -> list[Cell]:
    """The row as runs of empty months and bars, each run one table cell. An empty current
    month is a cell of its own, so the column can be marked."""
    occupied = _occupied(activity, months)
    current = next((i for i, month in enumerate(months) if month.is_current), None)
    state = _bar_state(activity)

    def boundary(index):
        if (index in occupied) != (index - 1 in occupied):
            return True
        return index not in occupied and current in (index, index - 1)

    cells, start = [], 0
    for index in range(1, len(months) + 1):
        if index < len(months) and not boundary(index):
            continue
        if start in occupied:
            period = months[start].name
            if index - 1 > start:
                period = f"{period} — {months[index - 1].name}"
            cells.append(Cell(index - start, state, f"{BAR_STATES[state]}: {period}"))
        else:
            cells.append(Cell(index - start, is_now=start == current))
        start = index
    return cells


def _years(months: list[Month]) -> list[tuple[int, int]]:
    years: dict[int, int] = {}
    for month in months:
        years[month.first_day.year] = years.get(month.first_day.year, 0) + 1
    return list(years.items())


@login_required
@require_http_methods(["GET"])
def roadmap_timeline(request, org, pk):
    roadmap = get_roadmap(request, org, pk)
    today = timezone.localdate()
    months = _months(roadmap, today)
    stages = services.roadmap_stages(roadmap, today)
    for stage in stages:
        for activity in stage.activity_list:
            activity.cells = _cells(activity, months)
    return render(
        request,
        "roadmap/roadmaps/roadmap_timeline.html",
        {
            "organisation": roadmap.organisation,
            "roadmap": roadmap,
            "months": months,
            "years": _years(months),
            "stages": stages,
            "states": BAR_STATES,
        },
    )


# The printed annex


@login_required
@require_http_methods(["GET"])
def roadmap_pdf(request, org, pk):
    roadmap = get_roadmap(request, org, pk)
    return document_response(services.render_roadmap(roadmap), inline=True)
