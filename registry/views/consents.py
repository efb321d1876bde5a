"""The register of consents: list, record, correct, revoke, the signed scan, the printable blank
forms, and the anonymisation of a person whose data must no longer be kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.documents import document_response
from mentoring_site.pagination import paginate
from mentoring_site.templatetags.russian import ru_date
from mentoring_site.uploads import EXTENSIONS, private_file_response
from registry.access import Can, get_consent, get_organisation, get_person
from registry.filters import ConsentFilter
from registry.forms.consents import (
    ConsentRevokeForm,
    consent_create_form,
    consent_edit_form,
)
from registry.models import Consent
from registry.services import consents as services


@login_required
@require_http_methods(["GET"])
def consent_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    missing = services.people_without_personal_data_consent(organisation.people.all())
    if request.GET.get("show") == "missing":
        page, query = paginate(request, missing.prefetch_related("consents"))
        return render(
            request,
            "registry/consent_missing.html",
            {"organisation": organisation, "page": page, "query": query},
        )
    consents = ConsentFilter(
        request.GET,
        queryset=Consent.objects.filter(person__organisation=organisation).select_related(
            "person", "recorded_by"
        ),
    )
    page, query = paginate(request, consents.qs)
    return render(
        request,
        "registry/consent_list.html",
        {
            "organisation": organisation,
            "filter": consents,
            "page": page,
            "query": query,
            "missing_count": missing.count(),
        },
    )


def _refused(request, person, reason):
    """Send the user back to the person's page with the reason a change cannot be made."""
    messages.error(request, reason)
    return redirect(person)


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request, org, pk):
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    if person.is_anonymised:
        return _refused(
            request, person, _("Данные участника обезличены: согласия не записываются.")
        )
    form = consent_create_form(
        request.POST or None, request.FILES or None, kind=request.GET.get("kind")
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(
                person=person, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Согласие «%(kind)s» записано.") % {"kind": consent.get_kind_display()}
            )
            return redirect(person)
    return render(
        request,
        "registry/consent_form.html",
        {"organisation": person.organisation, "person": person, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_edit(request, org, pk):
    consent = get_consent(request, org, pk, Can.EDIT_PEOPLE)
    person = consent.person
    person.organisation = request.organisation
    if consent.revoked_on or person.is_anonymised:
        return _refused(request, person, _locked_reason(consent))
    form = consent_edit_form(request.POST or None, request.FILES or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_update(consent=consent, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Изменения согласия сохранены."))
            return redirect(person)
    return render(
        request,
        "registry/consent_form.html",
        {"organisation": person.organisation, "person": person, "consent": consent, "form": form},
    )


def _locked_reason(consent):
    if consent.revoked_on:
        return _(
            "Согласие отозвано %(date)s, поэтому изменить его нельзя. Если участник подписал "
            "новое согласие, запишите его как новое."
        ) % {"date": ru_date(consent.revoked_on)}
    return _("Данные участника обезличены: его согласия больше не изменяются.")


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request, org, pk):
    consent = get_consent(request, org, pk, Can.EDIT_PEOPLE)
    person = consent.person
    person.organisation = request.organisation
    if consent.revoked_on:
        return _refused(request, person, _locked_reason(consent))
    form = ConsentRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(consent=consent, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Согласие «%(kind)s» отозвано с %(date)s.")
                % {"kind": consent.get_kind_display(), "date": ru_date(consent.revoked_on)},
            )
            return redirect(person)
    return render(
        request,
        "registry/consent_revoke.html",
        {"organisation": person.organisation, "person": person, "consent": consent, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def consent_scan(request, org, pk):
    """The signed scan, from private storage, to those who may see the person's data."""
    consent = get_consent(request, org, pk, Can.VIEW_PEOPLE)
    extension = EXTENSIONS.get(consent.scan_content_type, "bin")
    return private_file_response(
        consent.scan,
        content_type=consent.scan_content_type,
        filename=f"soglasie-{consent.pk}.{extension}",
    )


@login_required
@require_http_methods(["GET"])
def consent_form(request, org, pk, kind):
    """A blank consent of ``kind`` for the person to sign, filled with what is known."""
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    if kind not in Consent.Kind.values:
        raise Http404
    return document_response(services.consent_form_document(person=person, kind=kind), inline=True)


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request, org, pk):
    person = get_person(request, org, pk, Can.ERASE)
    if request.method == "POST":
        already = person.is_anonymised
        services.person_anonymise(person=person, by=request.user)
        if not already:
            messages.success(request, _("Данные участника обезличены."))
        return redirect(person)
    return render(
        request,
        "registry/person_anonymise.html",
        {"organisation": person.organisation, "person": person},
    )
