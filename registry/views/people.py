from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from registry.access import Can, access_for, get_organisation, get_person
from registry.filters import PersonFilter
from registry.forms import OrganisationSettingsForm, PersonForm

PEOPLE_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request, org):
    organisation = get_organisation(request, org, Can.MANAGE_SETTINGS)
    form = OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Настройки организации сохранены."))
        return redirect("registry:organisation_settings", org=organisation.slug)
    return render(
        request, "registry/organisation_settings.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_http_methods(["GET"])
def person_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    people = PersonFilter(request.GET, queryset=organisation.people.all())
    page = Paginator(people.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/person_list.html",
        {
            "organisation": organisation,
            "filter": people,
            "page": page,
            "query": query.urlencode(),
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET"])
def person_detail(request, org, pk):
    person = get_person(request, org, pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "organisation": person.organisation,
            "person": person,
            "can_edit": access_for(request.user).can(person.organisation, Can.EDIT_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.organisation = organisation
        person.save()
        messages.success(request, _("Участник «%(name)s» добавлен.") % {"name": person.full_name})
        return redirect(person)
    return render(
        request,
        "registry/person_form.html",
        {"organisation": organisation, "form": form, "title": _("Новый участник")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, org, pk):
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Изменения сохранены."))
        return redirect(person)
    return render(
        request,
        "registry/person_form.html",
        {
            "organisation": person.organisation,
            "form": form,
            "person": person,
            "title": _("Изменить: %(name)s") % {"name": person.full_name},
        },
    )
