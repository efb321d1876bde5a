"""The dashboard (сводка): what needs attention now and the year's figures against the roadmap's
targets, for those who see the organisation's reports; a participant's own pairs, deadlines
and hours for everyone else. Charts are SVG drawn on the server, so the page prints as is."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.school_year import SchoolYear
from programmes.models import Group, Programme
from registry.access import Can, access_for, get_organisation
from roadmap import charts
from roadmap.attention import organisation_attention, personal_attention
from roadmap.figures import headline_shares
from roadmap.models import Roadmap, Target
from roadmap.progress import RoadmapProgress

# How many entries of a list the dashboard shows; the rest are one click away.
SHOWN = 10
# Where the whole of each list lives.
FULL_LISTS = {
    "overdue_activities": "roadmap:roadmap_list",
    "due_activities": "roadmap:roadmap_list",
    "missing_consents": "registry:consent_list",
    "duties_consents": "registry:consent_list",
    "expiring_consents": "registry:consent_list",
    "waiting_mentees": "programmes:waiting_list",
    "past_end_programmes": "programmes:programme_list",
    "stalled_programmes": "programmes:programme_list",
    "ending_programmes": "programmes:programme_list",
    "awaiting_orders": "roadmap:order_list",
}


@login_required
@require_http_methods(["GET"])
def dashboard(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    if organisation.is_authority:
        return redirect("roadmap:authority_overview", organisation.slug)
    today = timezone.localdate()
    access = access_for(request.user)
    context = {
        "organisation": organisation,
        "today": today,
        "personal": personal_attention(request.user, organisation, today),
        "school_year": SchoolYear.of(today).start,
        "sees_reports": access.can(organisation, Can.VIEW_REPORTS),
    }
    if context["sees_reports"]:
        context.update(_attention(organisation, access, today))
        context.update(_figures(organisation, today))
    return render(request, "roadmap/dashboard/dashboard.html", context)


def _attention(organisation, access, today) -> dict:
    attention = organisation_attention([organisation], today)[organisation.pk]
    for section in attention.sections:
        # Directors and coordinators read the lists; only those who may act get the buttons.
        section.actionable = section.capability is not None and access.can(
            organisation, section.capability
        )
        section.shown = section.items[:SHOWN]
        section.more_url = reverse(FULL_LISTS[section.key], args=[organisation.slug])
    return {"attention": attention}


def current_roadmap(organisation, today: datetime.date) -> Roadmap:
    """The roadmap whose period holds today; an unsaved one for the school year, with no targets
    or stages, when there is none, so the year's figures are still measured."""
    roadmap = (
        Roadmap.objects.filter(organisation=organisation, starts_on__lte=today, ends_on__gte=today)
        .select_related("approved_order")
        .prefetch_related("targets", "stages")
        .first()
    )
    if roadmap is None:
        starts_on, ends_on = SchoolYear.of(today).period
        roadmap = Roadmap(organisation=organisation, starts_on=starts_on, ends_on=ends_on)
    roadmap.organisation = organisation
    return roadmap


def _figures(organisation, today) -> dict:
    roadmap = current_roadmap(organisation, today)
    progress = RoadmapProgress(roadmap, today)
    targets = list(roadmap.targets.all()) if roadmap.pk else []
    percent_targets = [target for target in targets if target.unit == Target.Unit.PERCENT]
    headlines = headline_shares(
        progress.metric,
        lambda metric: next((t for t in percent_targets if t.metric == metric), None),
    )
    target_progress = [progress.target(target) for target in targets]
    stages = []
    if roadmap.pk:
        for stage in roadmap.stages.all():
            measure = progress.stage(stage.standard)
            if measure is not None:
                stages.append((stage, measure))
    return {
        "roadmap": roadmap,
        "headlines": headlines,
        "headline_chart": charts.bar_chart(
            [headline.row for headline in headlines],
            title=_("Доля вовлечённых в наставничество, %"),
        ),
        "targets": target_progress,
        "target_chart": charts.bar_chart(
            [
                charts.Row(
                    item.target.text,
                    item.actual or 0,
                    scale=item.scale,
                    target=item.target.value,
                    text=(
                        _("нет данных")
                        if item.actual is None
                        else f"{item.actual} {item.target.get_unit_display()}"
                    ),
                )
                for item in target_progress
            ],
            title=_("Целевые показатели дорожной карты: достигнуто и цель"),
        ),
        "stages": stages,
        "stage_chart": charts.bar_chart(
            [
                charts.Row(
                    f"{stage.number}. {stage.title}",
                    measure.percent,
                    scale=100,
                    text=f"{measure.percent} %",
                )
                for stage, measure in stages
                if measure.percent is not None
            ],
            title=_("Выполнение этапов дорожной карты по данным системы, %"),
        ),
        **_status_shares(organisation),
    }


def _status_shares(organisation) -> dict:
    """Groups and programmes by status: a chart each and the same counts as text."""
    shares = {}
    for key, model, lookup, statuses, title in [
        (
            "groups",
            Group,
            "organisation",
            Group.Status,
            _("Пары и группы по состоянию"),
        ),
        (
            "programmes",
            Programme,
            "group__organisation",
            Programme.Status,
            _("Программы по состоянию"),
        ),
    ]:
        counts = dict(
            model.objects.filter(**{lookup: organisation})
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        parts = [(status.label, counts.get(status.value, 0)) for status in statuses]
        shares[f"{key}_by_status"] = [part for part in parts if part[1]]
        shares[f"{key}_chart"] = charts.share_chart(parts, title=title)
    return shares
