"""Personalised programmes: the list, writing and changing a programme, the plan's progress,
meetings, comments, amendments, completion and results, the library of templates, and the
printed programme and mentor's workload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response
from mentoring_site.pagination import paginate
from mentoring_site.templatetags.russian import plural
from mentoring_site.uploads import EXTENSIONS, private_file_response
from programmes.access import (
    Need,
    allowed,
    get_group,
    get_plan_item,
    get_programme,
    groups_visible_to,
    participation,
)
from programmes.forms.programmes import (
    AmendmentForm,
    CommentForm,
    CompletionForm,
    MeetingForm,
    PlanItemForm,
    PlanItemProgressForm,
    ProgrammeCreateForm,
    ProgrammeFilter,
    ProgrammeForm,
    ResultsForm,
    SourceForm,
    find_source,
    initial_from_source,
)
from programmes.models import PlanItem, Programme, ProgrammeTemplate
from programmes.services import programmes as services
from programmes.services.monitoring import survey_context
from registry.access import Can, access_for, get_organisation
from registry.models import MentorEntry

RESULT_FIELDS = {"mentee": "mentee_self_assessment", "mentor": "mentor_review"}


def _fail(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _item_url(item: PlanItem) -> str:
    return f"{item.programme.get_absolute_url()}#item-{item.pk}"


@login_required
@require_http_methods(["GET"])
def programme_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    groups = groups_visible_to(request.user, organisation)
    programmes = ProgrammeFilter(request.GET, queryset=services.programme_list_queryset(groups))
    page, query = paginate(request, programmes.qs)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "organisation": organisation,
            "filter": programmes,
            "page": page,
            "query": query,
            "can_view_templates": access_for(request.user).can(organisation, Can.VIEW_PROGRAMMES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request, org, pk):
    group = get_group(request, org, pk, Need.MANAGE)
    existing = Programme.objects.filter(group=group).first()
    if existing is not None:
        messages.info(request, _("У этой пары или группы уже есть программа."))
        return redirect(existing)
    if not group.is_open:
        messages.error(
            request, _("Для завершённой или расформированной группы программу не составляют.")
        )
        return redirect(group)
    # A group formed by matching has no dates yet: the programme then starts today.
    starts_on = group.starts_on or timezone.localdate()
    initial = {"starts_on": starts_on, "ends_on": group.ends_on, "source": ""}
    source = find_source(group.organisation, request.GET.get("source"))
    if source is not None:
        initial["source"] = request.GET["source"]
        initial.update(initial_from_source(source, starts_on))
    form = ProgrammeCreateForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        source = data.pop("source")
        try:
            programme = services.programme_create(
                group=group,
                created_by=request.user,
                template=source if isinstance(source, ProgrammeTemplate) else None,
                model=source if isinstance(source, Programme) else None,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Программа создана."))
            return redirect(programme)
    return render(
        request,
        "programmes/programme_form.html",
        {
            "organisation": group.organisation,
            "group": group,
            "form": form,
            "fill_form": SourceForm(
                initial={"source": initial["source"]}, organisation=group.organisation
            ),
            "title": _("Новая программа наставничества"),
        },
    )


@login_required
@require_http_methods(["GET"])
def programme_detail(request, org, pk):
    programme = get_programme(request, org, pk)
    group = programme.group
    organisation = group.organisation
    user = request.user
    items = _plan(programme)
    can_work = allowed(user, group, Need.WORK) and programme.status != Programme.Status.COMPLETED
    if can_work:
        for item in items:
            item.progress_form = PlanItemProgressForm(instance=item, auto_id=f"item-{item.pk}-%s")
    comments = list(programme.comments.select_related("author"))
    authors = {
        person.user_id: person
        for person in organisation.people.filter(user__in=[c.author_id for c in comments])
    }
    for comment in comments:
        comment.author_person = authors.get(comment.author_id)
    meetings_count, meetings_total = services.meetings_summary(programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "organisation": organisation,
            "programme": programme,
            "group": group,
            "items": items,
            "progress": _progress(items),
            "meetings": programme.meetings.all(),
            "meetings_count": meetings_count,
            "meetings_total": meetings_total,
            "amendments": programme.amendments.all(),
            "comments": comments,
            "difficulties": programme.difficulties.select_related("person"),
            "forms": programme.forms.all(),
            "can": _abilities(user, programme),
            "can_work": can_work,
            **survey_context(user, programme),
        },
    )


def _plan(programme: Programme) -> list[PlanItem]:
    """The plan's items, each marked overdue while the programme runs."""
    items = list(programme.items.all())
    running = programme.status != Programme.Status.COMPLETED
    for item in items:
        item.overdue = running and item.is_overdue
    return items


def _progress(items) -> dict:
    """The plan's progress bar: per cent done and the same in words."""
    counted = [item for item in items if item.status != PlanItem.Status.CANCELLED]
    done = sum(item.status == PlanItem.Status.DONE for item in counted)
    overdue = sum(item.overdue for item in counted)
    percent = round(100 * done / len(counted)) if counted else 0
    text = _("Выполнено %(percent)s %%: %(done)s из %(total)s %(items)s") % {
        "percent": percent,
        "done": done,
        "total": len(counted),
        "items": plural(len(counted), "пункта", "пунктов", "пунктов"),
    }
    if overdue:
        text += _("; просрочено: %(count)s") % {"count": overdue}
    return {"percent": percent, "text": text, "overdue": overdue}


def _abilities(user, programme: Programme) -> dict:
    """Which links and buttons the programme page shows to ``user``."""
    group = programme.group
    manage = allowed(user, group, Need.MANAGE)
    status = programme.status
    return {
        "manage": manage,
        "edit": manage and status != Programme.Status.COMPLETED,
        "amend": manage and status == Programme.Status.ACTIVE,
        "complete": manage and status == Programme.Status.ACTIVE,
        "best_practice": manage
        and status == Programme.Status.COMPLETED
        and not programme.is_best_practice,
        "comment": allowed(user, group, Need.COMMENT),
        "meet": allowed(user, group, Need.WORK),
        "results": allowed(user, group, Need.COMMENT),
        "workload": access_for(user).can(group.organisation, Can.VIEW_PROGRAMMES)
        or group.mentor.person.user_id == user.pk,
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, org, pk):
    programme = get_programme(request, org, pk, Need.MANAGE)
    if programme.status == Programme.Status.COMPLETED:
        messages.error(request, _("Завершённую программу изменить нельзя."))
        return redirect(programme)
    group = programme.group
    form = ProgrammeForm(request.POST or None, instance=programme, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect(programme)
    return render(
        request,
        "programmes/programme_form.html",
        {
            "organisation": group.organisation,
            "group": group,
            "programme": programme,
            "form": form,
            "title": _("Программа: %(title)s") % {"title": programme.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, org, pk):
    programme = get_programme(request, org, pk, Need.WORK)
    if programme.status == Programme.Status.COMPLETED:
        messages.error(request, _("Программа завершена: её план больше не меняется."))
        return redirect(programme)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Пункт добавлен в план."))
            return redirect(_item_url(item))
    return render(
        request,
        "programmes/programme_plan_form.html",
        {
            "organisation": programme.group.organisation,
            "programme": programme,
            "form": form,
            "title": _("Новый пункт плана"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_update(request, org, pk):
    """A mentor records progress on a plan item. From the programme page, with htmx, the
    item's row is replaced in place; without JavaScript the page reloads at the item."""
    item = get_plan_item(request, org, pk, Need.WORK)
    programme = item.programme
    if programme.status == Programme.Status.COMPLETED:
        messages.error(request, _("Программа завершена: её план больше не меняется."))
        return redirect(_item_url(item))
    form = PlanItemProgressForm(
        request.POST or None, request.FILES or None, instance=item, auto_id=f"item-{pk}-%s"
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_update(
                item=item,
                status=data["status"],
                done_on=data["done_on"],
                mentor_note=data["mentor_note"],
                evidence=data["evidence"] or None,
                evidence_content_type=form.evidence_content_type,
                evidence_url=data["evidence_url"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("Отметка о выполнении сохранена."))
                return redirect(_item_url(item))
    if request.htmx and request.method == "POST":
        if saved:
            form = PlanItemProgressForm(instance=item, auto_id=f"item-{pk}-%s")
        item.progress_form = form
        item.overdue = item.is_overdue
        return render(
            request,
            "programmes/_plan.html#item_response",
            {
                "organisation": programme.group.organisation,
                "item": item,
                "can_work": True,
                "saved": saved,
                "progress": _progress(_plan(programme)),
                "oob": True,
            },
        )
    return render(
        request,
        "programmes/programme_item_form.html",
        {
            "organisation": programme.group.organisation,
            "programme": programme,
            "item": item,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET"])
def item_evidence(request, org, pk):
    """The evidence file of a plan item, from private storage, to those who see the plan."""
    item = get_plan_item(request, org, pk, Need.VIEW)
    extension = EXTENSIONS.get(item.evidence_content_type, "bin")
    return private_file_response(
        item.evidence,
        content_type=item.evidence_content_type,
        filename=f"podtverzhdenie-{item.pk}.{extension}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, org, pk):
    programme = get_programme(request, org, pk, Need.WORK)
    if programme.status == Programme.Status.COMPLETED:
        messages.error(request, _("Программа завершена: встречи в неё больше не записывают."))
        return redirect(programme)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_create(programme=programme, created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Встреча записана."))
        return redirect(f"{programme.get_absolute_url()}#meetings")
    return render(
        request,
        "programmes/programme_plan_form.html",
        {
            "organisation": programme.group.organisation,
            "programme": programme,
            "form": form,
            "title": _("Запись о встрече"),
        },
    )


@login_required
@require_http_methods(["POST"])
def comment_create(request, org, pk):
    programme = get_programme(request, org, pk, Need.COMMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_create(
            programme=programme, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Комментарий добавлен."))
    else:
        messages.error(
            request, _("Комментарий не добавлен: %(error)s") % {"error": form.errors["text"][0]}
        )
    return redirect(f"{programme.get_absolute_url()}#comments")


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request, org, pk):
    programme = get_programme(request, org, pk, Need.MANAGE)
    if programme.status != Programme.Status.ACTIVE:
        messages.error(request, _("Изменения вносят только в выполняемую программу."))
        return redirect(programme)
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_create(
                programme=programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменение программы записано."))
            return redirect(f"{programme.get_absolute_url()}#amendments")
    return render(
        request,
        "programmes/programme_amend.html",
        {"organisation": programme.group.organisation, "programme": programme, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_complete(request, org, pk):
    programme = get_programme(request, org, pk, Need.MANAGE)
    if programme.status != Programme.Status.ACTIVE:
        messages.error(
            request,
            _("Программа уже завершена.")
            if programme.status == Programme.Status.COMPLETED
            else _("Черновик программы завершить нельзя: он ещё не начат."),
        )
        return redirect(programme)
    form = CompletionForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_complete(
                programme=programme,
                reason=data["completion_reason"],
                completed_on=data["completed_on"],
                curator_conclusion=data["curator_conclusion"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Программа завершена, пара или группа завершила работу."))
            return redirect(programme)
    return render(
        request,
        "programmes/programme_complete.html",
        {
            "organisation": programme.group.organisation,
            "programme": programme,
            "form": form,
            "progress": _progress(_plan(programme)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_results(request, org, pk):
    programme = get_programme(request, org, pk, Need.COMMENT)
    group = programme.group
    if allowed(request.user, group, Need.MANAGE):
        writable = set(RESULT_FIELDS.values())
    else:
        writable = {RESULT_FIELDS[role] for role in participation(request.user, group)}
    form = ResultsForm(request.POST or None, instance=programme, writable=writable)
    if request.method == "POST" and form.is_valid():
        services.programme_set_results(programme=programme, **form.cleaned_data)
        messages.success(request, _("Итоги сохранены."))
        return redirect(f"{programme.get_absolute_url()}#results")
    return render(
        request,
        "programmes/programme_results.html",
        {"organisation": group.organisation, "programme": programme, "form": form},
    )


@login_required
@require_http_methods(["POST"])
def programme_best_practice(request, org, pk):
    programme = get_programme(request, org, pk, Need.MANAGE)
    try:
        services.programme_mark_best_practice(programme=programme, created_by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _(
                "Программа отмечена как лучшая практика и добавлена в методическую копилку "
                "(пока не опубликована)."
            ),
        )
    return redirect(programme)


@login_required
@require_http_methods(["POST"])
def programme_save_template(request, org, pk):
    programme = get_programme(request, org, pk, Need.MANAGE)
    template = services.programme_save_template(programme=programme)
    messages.success(
        request,
        _("План сохранён как шаблон школы «%(title)s».") % {"title": template.title},
    )
    return redirect(
        f"{reverse('programmes:template_list', args=[programme.group.organisation.slug])}"
        f"#template-{template.pk}"
    )


@login_required
@require_http_methods(["GET"])
def template_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PROGRAMMES)
    templates = list(services.templates_for(organisation))
    for template in templates:
        size = len(template.items.all())
        template.plan_text = _("План: %(count)s %(items)s") % {
            "count": size,
            "items": plural(size, "пункт", "пункта", "пунктов"),
        }
    return render(
        request,
        "programmes/template_list.html",
        {"organisation": organisation, "templates": templates},
    )


@login_required
@require_http_methods(["GET"])
def programme_pdf(request, org, pk):
    programme = get_programme(request, org, pk)
    return document_response(services.programme_document(programme), inline=True)


def _get_workload_mentor(request, org, pk) -> MentorEntry:
    """A mentor's entry for the workload sheet: for those who see programmes and for the
    mentor themself; 404 outside the organisation."""
    organisation = get_organisation(request, org, Can.VIEW)
    try:
        entry = MentorEntry.objects.select_related("person__organisation").get(
            pk=pk, person__organisation=organisation
        )
    except MentorEntry.DoesNotExist:
        raise Http404 from None
    own = entry.person.user_id == request.user.pk
    if not (own or access_for(request.user).can(organisation, Can.VIEW_PROGRAMMES)):
        raise PermissionDenied
    return entry


@login_required
@require_http_methods(["GET"])
def workload_pdf(request, org, pk):
    mentor = _get_workload_mentor(request, org, pk)
    return document_response(services.workload_pdf(mentor), inline=True)


@login_required
@require_http_methods(["GET"])
def workload_xlsx(request, org, pk):
    mentor = _get_workload_mentor(request, org, pk)
    return document_response(services.workload_xlsx(mentor))
