"""Writing roadmaps: creating one from a template, changing its dates and targets, and keeping
activities' files and statuses straight."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring_site.documents import Document, render_pdf
from programmes.models.programmes import add_months
from roadmap.models import Activity, Roadmap, Stage, Target
from roadmap.roadmap_templates import TEMPLATES, RoadmapTemplate

# How a roadmap names itself in lists and in print, by model.
TITLE_STEMS = {
    Roadmap.Model.TEACHERS: gettext_lazy(
        "Дорожная карта (план мероприятий) по реализации Положения о системе наставничества "
        "педагогических работников"
    ),
    Roadmap.Model.STUDENTS: gettext_lazy(
        "Дорожная карта внедрения целевой модели наставничества обучающихся"
    ),
}


def period_words(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """The period as a title says it: «на 2026/2027 учебный год», «на 2020–2024 годы»."""
    return _("на %(period)s") % {
        "period": Roadmap(starts_on=starts_on, ends_on=ends_on).period_label
    }


def default_title(model: str, starts_on: datetime.date, ends_on: datetime.date) -> str:
    return f"{TITLE_STEMS[model]} {period_words(starts_on, ends_on)}"


def document_title(roadmap: Roadmap) -> str:
    """The heading of the printed roadmap: the stem, the organisation and the period."""
    organisation = roadmap.organisation.short_name or roadmap.organisation.name
    period = period_words(roadmap.starts_on, roadmap.ends_on)
    return f"{TITLE_STEMS[roadmap.model]} {organisation} {period}"


def _month(starts_on: datetime.date, ends_on: datetime.date, offset: int) -> datetime.date:
    """The first day of the month ``offset`` months after the start, kept within the period."""
    day = add_months(starts_on.replace(day=1), offset)
    return min(day, ends_on.replace(day=1))


def _first_year_end(starts_on: datetime.date, ends_on: datetime.date) -> datetime.date:
    return min(add_months(starts_on, 12) - datetime.timedelta(days=1), ends_on)


def _fill(roadmap: Roadmap, template: RoadmapTemplate) -> None:
    roadmap.goal = template.goal
    roadmap.save(update_fields=["goal"])
    start, end = roadmap.starts_on, roadmap.ends_on
    Target.objects.bulk_create(
        Target(
            roadmap=roadmap,
            text=target.text,
            value=target.value,
            unit=target.unit,
            metric=target.metric,
            due_on=_first_year_end(start, end) if target.first_year else end,
            position=position,
        )
        for position, target in enumerate(template.targets, start=1)
    )
    for number, stage_template in enumerate(template.stages, start=1):
        stage = Stage.objects.create(
            roadmap=roadmap,
            number=number,
            title=stage_template.title,
            task=stage_template.task,
            result=stage_template.result,
            standard=stage_template.standard,
        )
        # One by one: Activity.save() computes the due date.
        for activity_number, item in enumerate(stage_template.activities, start=1):
            Activity(
                stage=stage,
                number=activity_number,
                text=item.text,
                deadline_kind=item.deadline,
                deadline=None if item.month is None else _month(start, end, item.month),
                responsible_roles=item.roles,
            ).save()


@transaction.atomic
def roadmap_create_from_template(
    *,
    organisation,
    model: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    title: str = "",
    created_by=None,
    empty: bool = False,
) -> Roadmap:
    """A new roadmap for the period, filled with the model's stages, activities, goal and
    targets (``empty``: with none of them, to be written by hand)."""
    roadmap = Roadmap(
        organisation=organisation,
        model=model,
        starts_on=starts_on,
        ends_on=ends_on,
        title=title.strip() or default_title(model, starts_on, ends_on),
        created_by=created_by,
    )
    roadmap.full_clean()
    roadmap.save()
    if not empty:
        _fill(roadmap, TEMPLATES[model])
    return roadmap


@transaction.atomic
def roadmap_update(*, roadmap: Roadmap, targets=None) -> Roadmap:
    """Save the roadmap (and its targets' formset, when given). When the dates moved, the
    activities due «в течение года» move with the end."""
    dates_changed = (
        Roadmap.objects.filter(pk=roadmap.pk)
        .exclude(starts_on=roadmap.starts_on, ends_on=roadmap.ends_on)
        .exists()
    )
    roadmap.save()
    if targets is not None:
        targets.instance = roadmap
        targets.save()
    if dates_changed:
        roadmap.refresh_due_dates()
    return roadmap


def next_stage_number(roadmap: Roadmap) -> int:
    numbers = list(roadmap.stages.values_list("number", flat=True))
    return max(numbers, default=0) + 1


def next_activity_number(stage: Stage) -> int:
    numbers = list(stage.activities.values_list("number", flat=True))
    return max(numbers, default=0) + 1


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    responsible_people=None,
    upload=None,
    upload_content_type: str = "",
    remove_file: bool = False,
) -> Activity:
    """Save an activity with its responsible people and evidence file. A new file replaces the
    old one; the stored name is made from the activity, never from the upload's name."""
    old_file = activity.evidence_file.name if activity.pk and activity.evidence_file else ""
    if remove_file and not upload:
        activity.evidence_file = ""
        activity.evidence_content_type = ""
    activity.save()
    if responsible_people is not None:
        activity.responsible_people.set(responsible_people)
    if upload:
        # The path needs the activity's id, so the file is stored after the row.
        activity.evidence_content_type = upload_content_type
        activity.evidence_file.save(upload.name, upload, save=False)
        activity.save(update_fields=["evidence_file", "evidence_content_type", "updated_at"])
    if old_file and old_file != activity.evidence_file.name:
        storage = activity.evidence_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return activity


def activity_set_status(*, activity: Activity, status: str) -> Activity:
    """Mark the activity planned, in progress, done or cancelled; Activity.save() dates a
    newly done activity today and clears the date of one that is no longer done."""
    if status not in Activity.Status.values:
        raise ValidationError(_("Неизвестный статус мероприятия."))
    activity.status = status
    activity.save(update_fields=["status", "done_on", "updated_at"])
    return activity


def roadmap_stages(roadmap: Roadmap, today: datetime.date | None = None) -> list[Stage]:
    """The roadmap's stages, each with ``activity_list`` and every activity marked ``overdue``:
    three queries, whatever the number of activities."""
    today = today or timezone.localdate()
    activities = Activity.objects.prefetch_related("responsible_people")
    stages = list(roadmap.stages.prefetch_related(Prefetch("activities", activities)))
    for stage in stages:
        stage.activity_list = list(stage.activities.all())
        for activity in stage.activity_list:
            activity.overdue = activity.is_overdue(today)
    return stages


def pdf_filename(roadmap: Roadmap) -> str:
    """«dorozhnaya-karta-2026-2027.pdf»: ASCII, so every browser saves it as named."""
    first, last = roadmap.starts_on.year, roadmap.ends_on.year
    years = f"{first}-{last}" if last > first else f"{first}"
    return f"dorozhnaya-karta-{years}.pdf"


def render_roadmap(roadmap: Roadmap) -> Document:
    """The roadmap as printed: the annex to the approving order, in seed 004's layout."""
    stages = roadmap_stages(roadmap)
    for stage in stages:
        for activity in stage.activity_list:
            # «Сентябрь 2026 г.» with «г.» kept on the year's line.
            activity.deadline_text = capfirst(activity.deadline_label).replace(" г.", "\u00a0г.")
    return render_pdf(
        "documents/roadmap.html",
        {
            "roadmap": roadmap,
            "organisation": roadmap.organisation,
            "title": document_title(roadmap),
            "targets": roadmap.targets.all(),
            "stages": stages,
        },
        filename=pdf_filename(roadmap),
    )
