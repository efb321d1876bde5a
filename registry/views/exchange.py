"""Loading people from Excel, and the banks downloaded as Excel."""

import datetime
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response
from mentoring_site.templatetags.russian import plural
from registry import exports
from registry.access import Can, get_organisation
from registry.filters import MenteeEntryFilter, MentorEntryFilter
from registry.forms.exchange import PeopleImportConfirmForm, PeopleImportForm
from registry.models import MenteeEntry, MentorEntry
from registry.services.people_import import (
    COLUMNS,
    Action,
    import_people,
    parse_people_workbook,
    template_document,
)

# The preview shows this many rows and problems; the rest are counted.
PREVIEW_ROWS = 500
PREVIEW_PROBLEMS = 500
COUNT_LABELS = {
    Action.NEW: _lazy("Добавить"),
    Action.UPDATE: _lazy("Обновить"),
    Action.UNCHANGED: _lazy("Без изменений"),
    Action.ERROR: _lazy("С ошибками"),
}


# The checked file waits in private storage for the confirmation; the session remembers its
# name and a random token, and a confirmation names only the token.


def _session_key(organisation):
    return f"people_import:{organisation.pk}"


def _purge_stale_uploads() -> None:
    """Files checked but never confirmed hold personal data: they go once no session can
    confirm them any more."""
    storage = storages["private"]
    try:
        _folders, names = storage.listdir("imports")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for name in names:
        if storage.get_modified_time(f"imports/{name}") < cutoff:
            storage.delete(f"imports/{name}")


def _keep_upload(request, organisation, content: bytes, filename: str) -> str:
    _discard_upload(request, organisation)
    _purge_stale_uploads()
    token = secrets.token_hex(16)
    name = storages["private"].save(f"imports/{token}.xlsx", ContentFile(content))
    request.session[_session_key(organisation)] = {
        "token": token,
        "name": name,
        "filename": filename,
    }
    return token


def _discard_upload(request, organisation) -> None:
    kept = request.session.pop(_session_key(organisation), None)
    if kept:
        storages["private"].delete(kept["name"])


def _kept_upload(request, organisation, token: str) -> tuple[bytes, str] | None:
    """The kept file's content and original name, if ``token`` is the one in the session."""
    kept = request.session.get(_session_key(organisation))
    if not kept or not constant_time_compare(kept["token"], token):
        return None
    try:
        with storages["private"].open(kept["name"]) as file:
            return file.read(), kept["filename"]
    except FileNotFoundError:
        return None


def _preview(request, organisation, plan, *, content: bytes, filename: str):
    confirm_form = None
    if plan.has_errors or not plan.to_write:
        _discard_upload(request, organisation)
    else:
        token = _keep_upload(request, organisation, content, filename)
        confirm_form = PeopleImportConfirmForm(
            initial={"upload": token, "fingerprint": plan.fingerprint},
            submit_label=_("Загрузить %(count)s %(people)s")
            % {
                "count": plan.to_write,
                "people": plural(plan.to_write, "участника", "участников", "участников"),
            },
        )
    return render(
        request,
        "registry/people_import_preview.html",
        {
            "organisation": organisation,
            "filename": filename,
            "plan": plan,
            "counts": [(COUNT_LABELS[action], count) for action, count in plan.counts.items()],
            "problems": plan.problems[:PREVIEW_PROBLEMS],
            "problems_hidden": max(0, len(plan.problems) - PREVIEW_PROBLEMS),
            "rows": plan.rows[:PREVIEW_ROWS],
            "rows_hidden": max(0, len(plan.rows) - PREVIEW_ROWS),
            "confirm_form": confirm_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request, org):
    """Upload → a preview of every row and problem → a confirmation that writes it all."""
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    if "confirm" in request.POST:
        return _confirm_import(request, organisation)
    form = PeopleImportForm(request.POST, request.FILES) if request.method == "POST" else None
    if form and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = parse_people_workbook(content, organisation=organisation)
        if plan.rows or not plan.has_errors:
            return _preview(request, organisation, plan, content=content, filename=upload.name)
        for problem in plan.problems:  # the file as a whole is wrong: say so beside the field
            form.add_error("file", str(problem))
    return render(
        request,
        "registry/people_import.html",
        {"organisation": organisation, "form": form or PeopleImportForm(), "columns": COLUMNS},
    )


def _confirm_import(request, organisation):
    form = PeopleImportConfirmForm(request.POST)
    kept = (
        _kept_upload(request, organisation, form.cleaned_data["upload"])
        if form.is_valid()
        else None
    )
    if kept is None:
        messages.error(request, _("Проверенный файл не найден: загрузите его ещё раз."))
        return redirect("registry:people_import", org=organisation.slug)
    content, filename = kept
    plan = parse_people_workbook(content, organisation=organisation)
    if plan.fingerprint != form.cleaned_data["fingerprint"]:
        messages.warning(
            request, _("С момента проверки данные изменились: посмотрите на результат ещё раз.")
        )
        return _preview(request, organisation, plan, content=content, filename=filename)
    try:
        result = import_people(plan=plan, organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("registry:people_import", org=organisation.slug)
    _discard_upload(request, organisation)
    messages.success(request, result.summary)
    return redirect("registry:person_list", org=organisation.slug)


@login_required
@require_http_methods(["GET"])
def people_import_template(request, org):
    get_organisation(request, org, Can.EDIT_PEOPLE)
    return document_response(template_document())


@login_required
@require_http_methods(["GET"])
def mentee_export(request, org):
    """The mentee bank as XLSX, filtered as the bank's list is, every row."""
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    entries = MenteeEntryFilter(
        request.GET, queryset=MenteeEntry.objects.listed(organisation), organisation=organisation
    )
    return document_response(exports.mentee_bank_document(entries.qs, on=timezone.localdate()))


@login_required
@require_http_methods(["GET"])
def mentor_export(request, org):
    """The mentor bank as XLSX, filtered as the bank's list is, every row."""
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    entries = MentorEntryFilter(
        request.GET, queryset=MentorEntry.objects.listed(organisation), organisation=organisation
    )
    return document_response(exports.mentor_bank_document(entries.qs, on=timezone.localdate()))
