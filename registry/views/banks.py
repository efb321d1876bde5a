"""The banks of mentees and mentors, the topics catalogue, and mentor training."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mentoring_site.editing import owned_row_form
from mentoring_site.pagination import paginate
from registry.access import (
    Can,
    access_for,
    get_mentee_entry,
    get_mentor_entry,
    get_organisation,
    get_person,
    get_topic,
    get_training_session,
)
from registry.filters import MenteeEntryFilter, MentorEntryFilter
from registry.forms.banks import (
    MenteeEntryCreateForm,
    MenteeEntryForm,
    MentorEntryCreateForm,
    MentorEntryForm,
    ProfessionalRequestForm,
    TopicForm,
    TrainingSessionForm,
)
from registry.models import (
    AnswerStatus,
    MenteeEntry,
    MentorEntry,
    ProfessionalRequest,
    Topic,
    fold,
)
from registry.services.banks import mentee_enrol, mentor_enrol, suggest_mentee_category


def _bank_list(request, org, *, filter_class, queryset, template):
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    entries = filter_class(request.GET, queryset=queryset(organisation), organisation=organisation)
    page, query = paginate(request, entries.qs)
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "filter": entries,
            "page": page,
            "query": query,
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET"])
def mentee_list(request, org):
    return _bank_list(
        request,
        org,
        filter_class=MenteeEntryFilter,
        queryset=MenteeEntry.objects.listed,
        template="registry/mentee_list.html",
    )


@login_required
@require_http_methods(["GET"])
def mentor_list(request, org):
    return _bank_list(
        request,
        org,
        filter_class=MentorEntryFilter,
        queryset=MentorEntry.objects.listed,
        template="registry/mentor_list.html",
    )


def _initial_person(request, organisation):
    """The person named by ?person= when the curator comes from a person's page."""
    person_id = request.GET.get("person", "")
    if person_id.isdecimal():  # isdigit() also accepts «²», which int() refuses
        return organisation.people.filter(pk=person_id).first()
    return None


@login_required
@require_http_methods(["GET", "POST"])
def mentee_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    initial = {}
    if person := _initial_person(request, organisation):
        initial = {"person": person, "category": suggest_mentee_category(person)}
    form = MenteeEntryCreateForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in {"person", "category"}}
        try:
            entry = mentee_enrol(
                person=form.cleaned_data["person"],
                category=form.cleaned_data["category"],
                created_by=request.user,
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s в банке наставляемых.") % {"name": entry.person})
            return redirect(entry)
    return render(
        request,
        "form_page.html",
        {"organisation": organisation, "form": form, "title": _("Включить в банк наставляемых")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    initial = {"person": _initial_person(request, organisation)}
    form = MentorEntryCreateForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        person, competencies = fields.pop("person"), fields.pop("competencies")
        try:
            entry = mentor_enrol(
                person=person, competencies=competencies, created_by=request.user, **fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s в банке наставников.") % {"name": entry.person})
            return redirect(entry)
    return render(
        request,
        "form_page.html",
        {"organisation": organisation, "form": form, "title": _("Включить в банк наставников")},
    )


@login_required
@require_http_methods(["GET"])
def mentee_detail(request, org, pk):
    entry = get_mentee_entry(request, org, pk)
    organisation = entry.person.organisation
    return render(
        request,
        "registry/mentee_detail.html",
        {
            "organisation": organisation,
            "entry": entry,
            "person": entry.person,
            "requests": entry.person.professional_requests.prefetch_related("topics"),
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
            "can_view_people": access_for(request.user).can(organisation, Can.VIEW_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET"])
def mentor_detail(request, org, pk):
    entry = get_mentor_entry(request, org, pk)
    organisation = entry.person.organisation
    return render(
        request,
        "registry/mentor_detail.html",
        {
            "organisation": organisation,
            "entry": entry,
            "person": entry.person,
            "competencies": entry.competencies.all(),
            "trainings": entry.person.training_sessions.all(),
            "questionnaires": entry.person.mentor_questionnaires.prefetch_related("competencies"),
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
            "can_view_people": access_for(request.user).can(organisation, Can.VIEW_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentee_edit(request, org, pk):
    entry = get_mentee_entry(request, org, pk, Can.EDIT_PEOPLE)
    form = MenteeEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Изменения сохранены."))
        return redirect(entry)
    return render(
        request,
        "form_page.html",
        {
            "organisation": entry.person.organisation,
            "form": form,
            "title": _("Банк наставляемых: %(name)s") % {"name": entry.person.full_name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request, org, pk):
    entry = get_mentor_entry(request, org, pk, Can.EDIT_PEOPLE)
    organisation = entry.person.organisation
    form = MentorEntryForm(request.POST or None, instance=entry, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Изменения сохранены."))
        return redirect(entry)
    return render(
        request,
        "form_page.html",
        {
            "organisation": organisation,
            "form": form,
            "title": _("Банк наставников: %(name)s") % {"name": entry.person.full_name},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request, org, pk):
    """The curator records a professional request heard from the person."""
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    form = ProfessionalRequestForm(request.POST or None, organisation=person.organisation)
    if request.method == "POST" and form.is_valid():
        professional_request = form.save(commit=False)
        professional_request.person = person
        professional_request.source = ProfessionalRequest.Source.CURATOR
        professional_request.status = AnswerStatus.ACCEPTED
        professional_request.decided_by = request.user
        professional_request.save()
        form.save_m2m()
        messages.success(request, _("Запрос записан."))
        return redirect(person)
    return render(
        request,
        "form_page.html",
        {
            "organisation": person.organisation,
            "form": form,
            "title": _("Профессиональный запрос: %(name)s") % {"name": person.full_name},
        },
    )


topic_page = partial(
    owned_row_form,
    form_class=TopicForm,
    saved=gettext_lazy("Направление сохранено."),
    back_to="registry:topic_list",
    back_label=gettext_lazy("Направления"),
)
training_page = partial(
    owned_row_form,
    form_class=TrainingSessionForm,
    saved=gettext_lazy("Занятие сохранено."),
    back_to="registry:training_list",
    back_label=gettext_lazy("Обучение наставников"),
)


@login_required
@require_http_methods(["GET"])
def topic_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    # Shipped and own, including those no longer in use (marked so in the list).
    topics = list(Topic.objects.shipped_or_own(organisation))
    # Counted apart, within the organisation: one query joining both would multiply every
    # school's mentors of a shipped topic by every school's requests for it.
    mentors = _topic_counts(MentorEntry.competencies.through, "mentorentry", organisation)
    requests = _topic_counts(
        ProfessionalRequest.topics.through, "professionalrequest", organisation
    )
    for topic in topics:
        topic.mentors, topic.requests = mentors.get(topic.pk, 0), requests.get(topic.pk, 0)
    # Areas in the catalogue's own order (subject first), not alphabetically by their code.
    areas = Topic.Area.values
    topics.sort(key=lambda topic: (areas.index(topic.area), fold(topic.name)))
    return render(
        request,
        "registry/topic_list.html",
        {
            "organisation": organisation,
            "topics": topics,
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
        },
    )


def _topic_counts(links, owner: str, organisation) -> dict[int, int]:
    """Topic id → how many of the organisation's rows (mentors, requests) name it."""
    rows = links.objects.filter(**{f"{owner}__person__organisation": organisation})
    return dict(rows.values("topic").annotate(n=Count("pk")).values_list("topic", "n"))


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    return topic_page(request, organisation, None, title=_("Новое направление"))


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request, org, pk):
    topic = get_topic(request, org, pk)
    title = _("Направление: %(name)s") % {"name": topic.name}
    return topic_page(request, request.organisation, topic, title=title)


@login_required
@require_http_methods(["GET"])
def training_list(request, org):
    organisation = get_organisation(request, org, Can.VIEW_PEOPLE)
    sessions = organisation.training_sessions.prefetch_related("attendees")
    page, query = paginate(request, sessions)
    return render(
        request,
        "registry/training_list.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "can_edit": access_for(request.user).can(organisation, Can.EDIT_PEOPLE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    return training_page(request, organisation, None, title=_("Новое занятие для наставников"))


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request, org, pk):
    session = get_training_session(request, org, pk, Can.EDIT_PEOPLE)
    title = _("Занятие: %(topic)s") % {"topic": session.topic}
    return training_page(request, request.organisation, session, title=title)
