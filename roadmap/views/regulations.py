"""The Положение and other local acts with their versions, and the library of normative
documents: every member reads them; the curator and the working group write them."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import PDF, document_response
from mentoring_site.uploads import private_file_response
from programmes.services.practices import EXTENSIONS
from registry.access import Can, access_for, get_organisation
from roadmap.access import get_normative_document, get_regulation, get_regulation_version
from roadmap.forms.regulations import (
    NormativeDocumentForm,
    RegulationForm,
    VersionForm,
    VersionTextForm,
)
from roadmap.models import NormativeDocument, RegulationVersion
from roadmap.services import regulations as services

VERSIONS = Prefetch("versions", queryset=RegulationVersion.objects.select_related("approved_order"))


def _can_manage(request, organisation) -> bool:
    return access_for(request.user).can(organisation, Can.MANAGE_ROADMAP)


def _form_page(request, organisation, form, *, title, back_url, back_label, intro=""):
    return render(
        request,
        "form_page.html",
        {
            "organisation": organisation,
            "form": form,
            "title": title,
            "intro": intro,
            "back_url": back_url,
            "back_label": back_label,
        },
    )


@login_required
@require_http_methods(["GET"])
def regulation_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    regulations = organisation.regulations.prefetch_related(VERSIONS)
    rows = [
        (regulation, services.current_version(regulation), services.draft_version(regulation))
        for regulation in regulations
    ]
    return render(
        request,
        "roadmap/regulations/regulation_list.html",
        {
            "organisation": organisation,
            "rows": rows,
            "can_manage": _can_manage(request, organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_ROADMAP)
    form = RegulationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            regulation = services.regulation_create(
                organisation=organisation, created_by=request.user, **form.cleaned_data
            )
        except services.RegulationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Локальный акт создан: редакция 1 — проект."))
            return redirect(regulation)
    return _form_page(
        request,
        organisation,
        form,
        title=_("Новый локальный акт"),
        back_url=reverse("roadmap:regulation_list", args=[organisation.slug]),
        back_label=_("Положение и локальные акты"),
    )


def _state(version: RegulationVersion, current: RegulationVersion | None) -> str:
    if not version.is_approved:
        return _("проект")
    return _("действует") if version == current else _("утратила силу")


@login_required
@require_http_methods(["GET"])
def regulation_detail(request, org, pk):
    regulation = get_regulation(request, org, pk)
    prefetch_related_objects([regulation], VERSIONS)
    versions = list(regulation.versions.all())
    current = services.current_version(regulation)
    for version in versions:
        version.state = _state(version, current)
    shown = next(
        (version for version in versions if str(version.number) == request.GET.get("version")),
        current or (versions[0] if versions else None),
    )
    can_manage = _can_manage(request, request.organisation)
    return render(
        request,
        "roadmap/regulations/regulation_detail.html",
        {
            "organisation": request.organisation,
            "regulation": regulation,
            "versions": versions,
            "current": current,
            "shown": shown,
            "can_manage": can_manage,
            "can_create_version": can_manage and (not versions or versions[0].is_approved),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request, org, pk):
    regulation = get_regulation(request, org, pk, Can.MANAGE_ROADMAP)
    form = RegulationForm(
        request.POST or None, instance=regulation, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Изменения сохранены."))
        return redirect(regulation)
    return _form_page(
        request,
        request.organisation,
        form,
        title=_("Изменить локальный акт"),
        back_url=regulation.get_absolute_url(),
        back_label=regulation.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, org, pk):
    regulation = get_regulation(request, org, pk, Can.MANAGE_ROADMAP)
    latest = services.latest_version(regulation)
    context = {"organisation": request.organisation, "regulation": regulation, "latest": latest}
    if latest is not None and not latest.is_approved:
        # A draft is changed in place: the page points to it instead of offering a form.
        if request.method == "POST":
            messages.error(request, _("Сначала утвердите текущий проект редакции."))
            return redirect(regulation)
        return render(request, "roadmap/regulations/version_create.html", context)
    form = VersionTextForm(request.POST or None, initial={"text": latest.text if latest else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(
                regulation=regulation, created_by=request.user, **form.cleaned_data
            )
        except services.RegulationError as error:
            messages.error(request, str(error))
            return redirect(regulation)
        messages.success(request, _("Создана редакция %(number)s.") % {"number": version.number})
        return redirect(_version_url(version))
    return render(request, "roadmap/regulations/version_create.html", {**context, "form": form})


def _version_url(version: RegulationVersion) -> str:
    return f"{version.regulation.get_absolute_url()}?version={version.number}"


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, org, pk):
    version = get_regulation_version(request, org, pk, Can.MANAGE_ROADMAP)
    regulation = version.regulation
    if version.is_approved:
        messages.error(
            request,
            _("Редакция %(number)s утверждена и не изменяется: создайте новую редакцию.")
            % {"number": version.number},
        )
        return redirect(_version_url(version))
    form = VersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(version=version, **form.cleaned_data)
        except services.RegulationError as error:
            messages.error(request, str(error))
            return redirect(_version_url(version))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Редакция сохранена."))
            return redirect(_version_url(version))
    return _form_page(
        request,
        request.organisation,
        form,
        title=_("Редакция %(number)s: изменить") % {"number": version.number},
        back_url=_version_url(version),
        back_label=regulation.title,
    )


@login_required
@require_http_methods(["GET"])
def version_pdf(request, org, pk):
    version = get_regulation_version(request, org, pk)
    return document_response(services.version_document(version), inline=True)


# The library of normative documents


@login_required
@require_http_methods(["GET"])
def document_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    documents = list(organisation.normative_documents.all())
    for document in documents:
        document.file_kind = EXTENSIONS.get(document.file_content_type, "").upper()
    # The levels from the federal down, whatever the alphabetical order of their codes.
    levels = [
        (label, [document for document in documents if document.level == level])
        for level, label in NormativeDocument.Level.choices
    ]
    return render(
        request,
        "roadmap/documents/document_list.html",
        {
            "organisation": organisation,
            "levels": [(label, rows) for label, rows in levels if rows],
            "can_manage": _can_manage(request, organisation),
        },
    )


def _document_page(request, organisation, document, title):
    form = NormativeDocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if document is None:
                services.document_create(organisation=organisation, **fields)
            else:
                services.document_update(document=document, **fields)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Документ сохранён в библиотеке."))
            return redirect("roadmap:document_list", org=organisation.slug)
    return _form_page(
        request,
        organisation,
        form,
        title=title,
        back_url=reverse("roadmap:document_list", args=[organisation.slug]),
        back_label=_("Нормативные документы"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_ROADMAP)
    return _document_page(request, organisation, None, _("Новый нормативный документ"))


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, org, pk):
    document = get_normative_document(request, org, pk, Can.MANAGE_ROADMAP)
    return _document_page(request, request.organisation, document, _("Изменить документ"))


@login_required
@require_http_methods(["GET"])
def document_file(request, org, pk):
    """The document's file from private storage, with the type stored at upload; a PDF opens
    in the browser, other files download."""
    document = get_normative_document(request, org, pk)
    stem = re.sub(r'[\\/:*?"<>|\s]+', " ", document.title).strip()[:100] or "document"
    extension = EXTENSIONS.get(document.file_content_type, "bin")
    return private_file_response(
        document.file,
        content_type=document.file_content_type,
        filename=f"{stem}.{extension}",
        as_attachment=document.file_content_type != PDF,
    )
