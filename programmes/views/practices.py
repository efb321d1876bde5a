"""The methodical bank (методическая копилка): every member of the organisation reads it; the
curator and the working group fill it and decide what is published."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.pagination import paginate
from mentoring_site.uploads import private_file_response
from programmes.access import GROUP_RELATED, Need, allowed, get_practice
from programmes.forms.practices import PracticeFilter, PracticeForm
from programmes.models import Practice, Programme
from programmes.services import practices as services
from registry.access import Can, access_for, get_organisation


@login_required
@require_http_methods(["GET"])
def practice_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW)
    practices = Practice.objects.filter(organisation=organisation).select_related("programme")
    found = PracticeFilter(request.GET, queryset=practices.prefetch_related("authors"))
    page, query = paginate(request, found.qs)
    return render(
        request,
        "programmes/practice_list.html",
        {
            "organisation": organisation,
            "filter": found,
            "page": page,
            "query": query,
            "can_manage": access_for(request.user).can(organisation, Can.MANAGE_PROGRAMMES),
        },
    )


@login_required
@require_http_methods(["GET"])
def practice_detail(request, org, pk):
    practice = get_practice(request, org, pk)
    programme = (
        Programme.objects.select_related(*(f"group__{name}" for name in GROUP_RELATED))
        .prefetch_related("group__mentees__person")
        .filter(pk=practice.programme_id)
        .first()
    )
    return render(
        request,
        "programmes/practice_detail.html",
        {
            "organisation": request.organisation,
            "practice": practice,
            "authors": practice.authors.all(),
            "file_kind": services.EXTENSIONS.get(practice.file_content_type, "").upper(),
            "programme": programme,
            "programme_link": programme is not None
            and allowed(request.user, programme.group, Need.VIEW),
            "can_manage": access_for(request.user).can(request.organisation, Can.MANAGE_PROGRAMMES),
        },
    )


def _practice_page(request, organisation, practice, title):
    form = PracticeForm(
        request.POST or None, request.FILES or None, instance=practice, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if practice is None:
                fields.pop("remove_file", None)
                practice = services.practice_create(
                    organisation=organisation, created_by=request.user, **fields
                )
            else:
                practice = services.practice_update(practice=practice, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Материал сохранён в методической копилке."))
            return redirect(practice)
    return render(
        request,
        "programmes/practice_form.html",
        {"organisation": organisation, "form": form, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_PROGRAMMES)
    return _practice_page(request, organisation, None, _("Новый материал"))


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, org, pk):
    practice = get_practice(request, org, pk, Can.MANAGE_PROGRAMMES)
    return _practice_page(request, request.organisation, practice, practice.title)


def _download_name(practice: Practice) -> str:
    """The title as a file name, with the extension of the stored type."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', " ", practice.title).strip()[:100] or "material"
    return f"{stem}.{services.EXTENSIONS.get(practice.file_content_type, 'bin')}"


@login_required
@require_http_methods(["GET"])
def practice_file(request, org, pk):
    """The material's file from private storage, as an attachment, to members only."""
    practice = get_practice(request, org, pk)
    return private_file_response(
        practice.file,
        content_type=practice.file_content_type,
        filename=_download_name(practice),
        as_attachment=True,
    )
