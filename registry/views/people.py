from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring_site.pagination import paginate
from registry.access import Can, access_for, get_organisation, get_person
from registry.filters import PersonFilter
from registry.forms.people import OrganisationSettingsForm, PersonForm, PersonNamesForm
from registry.history import person_history
from registry.models import MenteeEntry, MentorEntry, PersonalLink


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
    people = PersonFilter(request.GET, queryset=organisation.people.prefetch_related("consents"))
    page, query = paginate(request, people.qs)
    return render(
        request,
        "registry/person_list.html",
        {
            "organisation": organisation,
            "filter": people,
            "page": page,
            "query": query,
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET"])
def person_detail(request, org, pk):
    person = get_person(request, org, pk)
    access = access_for(request.user)
    organisation = person.organisation
    return render(
        request,
        "registry/person_detail.html",
        {
            "organisation": organisation,
            "person": person,
            "consents": person.consents.select_related("recorded_by"),
            "links": person.personal_links.all(),
            "link_purposes": PersonalLink.Purpose.choices,
            "mentee_entry": MenteeEntry.objects.filter(person=person).first(),
            "mentor_entry": MentorEntry.objects.filter(person=person)
            .prefetch_related("competencies")
            .first(),
            "requests": person.professional_requests.prefetch_related("topics"),
            "trainings": person.training_sessions.all(),
            "history": person_history(person)
            if access.can(organisation, Can.VIEW_HISTORY)
            else None,
            "can_edit": access.can(organisation, Can.EDIT_PEOPLE) and not person.is_anonymised,
            "can_erase": access.can(organisation, Can.ERASE) and not person.is_anonymised,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    person_form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and person_form.is_valid():
        person = person_form.save(commit=False)
        person.organisation = organisation
        person.save()
        messages.success(request, _("Участник «%(name)s» добавлен.") % {"name": person.full_name})
        return redirect(person)
    return render(
        request,
        "registry/person_form.html",
        {"organisation": organisation, "form": person_form, "title": _("Новый участник")},
    )


def _refuse_anonymised(person):
    if person.is_anonymised:
        raise PermissionDenied(_("Участник обезличен: его данные больше не изменяются."))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, org, pk):
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    _refuse_anonymised(person)
    form = PersonForm(request.POST or None, instance=person, organisation=person.organisation)
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


@login_required
@require_http_methods(["GET", "POST"])
def person_names(request, org, pk):
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    _refuse_anonymised(person)
    form = PersonNamesForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Склонение имени сохранено."))
        return redirect(person)
    return render(
        request,
        "registry/person_form.html",
        {
            "organisation": person.organisation,
            "form": form,
            "person": person,
            "title": _("Склонение: %(name)s") % {"name": person.full_name},
            "intro": _(
                "Имя склоняется автоматически. Если в каком-то падеже получилось неверно, "
                "впишите правильную форму полностью — фамилию, имя и отчество. "
                "Пустое поле — автоматическая форма."
            ),
        },
    )
