"""A private, revocable calendar link per user: the deadlines of the roadmap activities they
manage or answer for, and of the programme plans they work on, in any calendar application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from programmes.models import Group, PlanItem, Programme
from registry.access import Can, access_for
from roadmap import ical
from roadmap.models import Activity, CalendarFeed


def _feed_url(token: str) -> str:
    return ical.absolute_url(reverse("calendar:feed", args=[token]))


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    feeds = CalendarFeed.objects.active().filter(user=request.user)
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            _feed, token = CalendarFeed.issue(request.user)
            # The token is stored only as a hash: this response is the one chance to copy it.
            new_url = _feed_url(token)
        elif action == "revoke":
            if feeds.update(revoked_at=timezone.now()):
                messages.success(
                    request, _("Ссылка на календарь отозвана: она больше не работает.")
                )
            else:
                messages.info(request, _("Действующей ссылки на календарь не было."))
            return redirect("calendar:settings")
        else:
            messages.error(request, _("Выберите действие: создать или отозвать ссылку."))
            return redirect("calendar:settings")
    response = render(
        request,
        "roadmap/calendar/settings.html",
        {"feed": feeds.first(), "new_url": new_url},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _activity_events(user, access):
    """Open activities with a deadline: every one of the roadmaps the user manages, and those
    the user answers for in organisations the user still belongs to."""
    activities = (
        Activity.objects.open()
        .filter(due_on__isnull=False)
        .filter(
            Q(stage__roadmap__organisation_id__in=access.organisation_ids(Can.MANAGE_ROADMAP))
            | Q(
                responsible_people__user=user,
                stage__roadmap__organisation_id__in=access.organisation_ids(Can.VIEW),
            )
        )
        .distinct()
        .select_related("stage__roadmap__organisation")
    )
    host = ical.site_host()
    for activity in activities:
        stage = activity.stage
        roadmap = stage.roadmap
        url = ical.absolute_url(f"{roadmap.get_absolute_url()}#activity-{activity.pk}")
        lines = [
            roadmap.title,
            _("Этап %(number)s. %(title)s") % {"number": stage.number, "title": stage.title},
        ]
        if activity.responsible_roles:
            lines.append(_("Ответственные: %(roles)s") % {"roles": activity.responsible_roles})
        yield ical.Event(
            uid=f"roadmap-activity-{activity.pk}@{host}",
            day=activity.due_on,
            summary=f"{stage.number}.{activity.number} {activity.text}",
            description="\n".join([*lines, url]),
            url=url,
        )


def _plan_events(user, access):
    """Plan items not yet done, with a deadline, of the programmes the user mentors or
    takes part in as a mentee."""
    groups = (Group.objects.of_mentor_user(user) | Group.objects.of_mentee_user(user)).filter(
        organisation_id__in=access.organisation_ids(Can.VIEW)
    )
    items = (
        PlanItem.objects.filter(programme__group__in=groups.values("pk"), deadline__isnull=False)
        .exclude(status__in=[PlanItem.Status.DONE, PlanItem.Status.CANCELLED])
        .exclude(programme__status=Programme.Status.COMPLETED)
        .select_related("programme__group__organisation")
    )
    host = ical.site_host()
    for item in items:
        programme = item.programme
        url = ical.absolute_url(f"{programme.get_absolute_url()}#item-{item.pk}")
        yield ical.Event(
            uid=f"plan-item-{item.pk}@{host}",
            day=item.deadline,
            summary=_("План программы: %(activity)s") % {"activity": item.activity},
            description=f"{programme.title}\n{url}",
            url=url,
        )


@require_http_methods(["GET"])
def calendar_feed(request, token):
    """The calendar itself: no login (calendar applications cannot log in), the secret link
    is the key. An unknown or revoked link answers 404."""
    feed = CalendarFeed.objects.by_token(token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    user = feed.user
    access = access_for(user)
    events = [*_activity_events(user, access), *_plan_events(user, access)]
    content = ical.calendar(events, name=_("Наставничество: сроки"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nastavnichestvo.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
