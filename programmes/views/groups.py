"""Forms of mentoring, mentoring pairs and groups, and the mentees still waiting for a mentor."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mentoring_site.editing import owned_row_form
from mentoring_site.pagination import paginate
from mentoring_site.templatetags.russian import plural
from programmes.access import Need, allowed, get_group, get_mentoring_form, groups_visible_to
from programmes.forms.groups import (
    GroupFilter,
    GroupForm,
    GroupStatusForm,
    MentoringFormForm,
    waiting_mentees,
)
from programmes.models import Group, MentoringForm, Programme
from programmes.services import groups as services
from registry.access import Can, access_for, get_organisation
from registry.models import MenteeEntry


@login_required
@require_http_methods(["GET"])
def form_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    catalogue = MentoringForm.objects.filter(
        Q(organisation=None, is_active=True) | Q(organisation=organisation)
    )
    audiences = [
        (label, [form for form in catalogue if form.audience == value])
        for value, label in MentoringForm.Audience.choices
    ]
    return render(
        request,
        "programmes/form_list.html",
        {
            "organisation": organisation,
            "audiences": audiences,
            "can_manage": access_for(request.user).can(organisation, Can.MANAGE_PROGRAMMES),
        },
    )


mentoring_form_page = partial(
    owned_row_form,
    form_class=MentoringFormForm,
    saved=gettext_lazy("Форма наставничества сохранена."),
    back_to="programmes:form_list",
    back_label=gettext_lazy("Формы наставничества"),
)


@login_required
@require_http_methods(["GET", "POST"])
def form_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_PROGRAMMES)
    return mentoring_form_page(request, organisation, None, title=_("Новая форма наставничества"))


@login_required
@require_http_methods(["GET", "POST"])
def form_edit(request, org, pk):
    """Only the organisation's own forms: the shipped catalogue is edited in the admin."""
    instance = get_mentoring_form(request, org, pk)
    return mentoring_form_page(request, request.organisation, instance, title=instance.name)


@login_required
@require_http_methods(["GET"])
def group_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    groups = (
        groups_visible_to(request.user, organisation)
        .select_related("form", "mentor__person", "co_mentor__person", "programme")
        .prefetch_related("mentees__person", "programme__items")
    )
    found = GroupFilter(request.GET, queryset=groups, organisation=organisation)
    page, query = paginate(request, found.qs)
    return render(
        request,
        "programmes/group_list.html",
        {
            "organisation": organisation,
            "filter": found,
            "page": page,
            "query": query,
            "can_manage": access_for(request.user).can(organisation, Can.MANAGE_PROGRAMMES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_PROGRAMMES)
    initial = {}
    mentee_id = request.GET.get("mentee", "")
    if mentee_id.isdecimal():  # isdigit() also accepts «²», which int() refuses
        initial["mentees"] = waiting_mentees(organisation).filter(pk=mentee_id)
    form = GroupForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                organisation=organisation, created_by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Пара или группа сформирована: %(group)s") % {"group": group}
            )
            return redirect(group)
    return render(
        request,
        "programmes/group_form.html",
        {"organisation": organisation, "form": form, "title": _("Сформировать пару или группу")},
    )


@dataclass
class StatusChange:
    on: date | datetime
    status: str
    who: str


def status_history(group: Group) -> list[StatusChange]:
    """The group's statuses in order, from its history: when each began and who set it."""
    changes, previous = [], None
    for record in group.history.select_related("history_user").order_by("history_date", "pk"):
        if record.status == previous:
            continue
        user = record.history_user
        changes.append(
            StatusChange(
                on=record.status_changed_on or record.history_date,
                status=Group.Status(record.status).label,
                who=(user.get_full_name() or user.username) if user else _("система"),
            )
        )
        previous = record.status
    return changes


@login_required
@require_http_methods(["GET"])
def group_detail(request, org, pk):
    group = get_group(request, org, pk)
    return render(
        request,
        "programmes/group_detail.html",
        {
            "organisation": group.organisation,
            "group": group,
            "mentees": MenteeEntry.objects.filter(groups=group)
            .select_related("person")
            .prefetch_related("person__consents"),
            "programme": Programme.objects.filter(group=group).prefetch_related("items").first(),
            "history": status_history(group),
            "can_manage": allowed(request.user, group, Need.MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, org, pk):
    group = get_group(request, org, pk, Need.MANAGE)
    if not group.is_open:
        messages.error(request, _("Завершённую или расформированную группу изменить нельзя."))
        return redirect(group)
    initial = {
        "mentees": list(group.mentees.all()),
        "co_mentor": group.co_mentor,
        "co_mentor_role": group.co_mentor_role,
        "form": group.form,
        "starts_on": group.starts_on,
        "ends_on": group.ends_on,
        "note": group.note,
    }
    form = GroupForm(
        request.POST or None, organisation=group.organisation, group=group, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, mentor=group.mentor, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(group)
    return render(
        request,
        "programmes/group_form.html",
        {
            "organisation": group.organisation,
            "form": form,
            "group": group,
            "title": _("Изменить: %(group)s") % {"group": group},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_status(request, org, pk):
    group = get_group(request, org, pk, Need.MANAGE)
    form = GroupStatusForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_set_status(
                group=group,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Статус: «%(status)s».") % {"status": group.get_status_display()}
            )
            return redirect(group)
    return render(
        request,
        "programmes/group_status.html",
        {
            "organisation": group.organisation,
            "group": group,
            "form": form,
            "has_choices": bool(Group.TRANSITIONS[group.status]),
            "unfinished_programme": Programme.objects.filter(group=group)
            .exclude(status=Programme.Status.COMPLETED)
            .first(),
        },
    )


@login_required
@require_http_methods(["GET"])
def waiting_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PROGRAMMES)
    entries = (
        MenteeEntry.objects.listed(organisation)
        .filter(status=MenteeEntry.Status.WAITING)
        .exclude(groups__status__in=Group.OPEN_STATUSES)
        .order_by("entered_on", "person__search_text", "pk")
    )
    page, query = paginate(request, entries)
    today = timezone.localdate()
    for entry in page.object_list:
        days = (today - entry.entered_on).days
        entry.waiting = f"{days} {plural(days, _('день'), _('дня'), _('дней'))}"
    access = access_for(request.user)
    return render(
        request,
        "programmes/waiting_list.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "can_manage": access.can(organisation, Can.MANAGE_PROGRAMMES),
            "can_edit_bank": access.can(organisation, Can.EDIT_PEOPLE),
        },
    )
