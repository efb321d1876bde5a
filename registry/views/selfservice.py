"""Self-service: personal links the curator sends, the forms people fill about themselves
(through a link or logged in), and the curator's inbox of new answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mentoring_site.templatetags.russian import ru_date
from registry import names
from registry.access import (
    Can,
    get_mentor_questionnaire,
    get_organisation,
    get_own_person,
    get_person,
    get_personal_link,
    get_professional_request,
)
from registry.forms.selfservice import (
    MentorQuestionnaireForm,
    PersonalLinkForm,
    ProfessionalRequestForm,
    QuestionnaireDecisionForm,
    RequestDecisionForm,
)
from registry.models import (
    AnswerStatus,
    MenteeEntry,
    MentorEntry,
    PersonalLink,
    has_valid_consent,
    required_personal_data_kind,
)
from registry.services.banks import suggest_mentee_category
from registry.services.selfservice import (
    LinkNotUsable,
    inbox_questionnaires,
    inbox_requests,
    mentor_questionnaire_accept,
    mentor_questionnaire_reject,
    mentor_questionnaire_submit,
    personal_link_issue,
    personal_link_revoke,
    personal_link_submit,
    professional_request_accept,
    professional_request_reject,
    professional_request_submit,
)

# What each purpose of a personal link opens: the form and its partial.
PURPOSE_FORMS = {
    PersonalLink.Purpose.REQUESTS: (ProfessionalRequestForm, "selfservice/_request_form.html"),
    PersonalLink.Purpose.MENTOR_QUESTIONNAIRE: (
        MentorQuestionnaireForm,
        "selfservice/_questionnaire_form.html",
    ),
}
LINK_STATE_WORDS = {
    PersonalLink.State.USED: gettext_lazy("уже использована: ответы по ней отправлены"),
    PersonalLink.State.EXPIRED: gettext_lazy("истекла"),
    PersonalLink.State.REVOKED: gettext_lazy("отозвана куратором"),
}


def _bound(request):
    return request.POST if request.method == "POST" else None


def _error_text(form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def person_facts(person) -> dict:
    """What the curator weighs when deciding about a person's answer."""
    return {
        "position": person.position,
        "age": person.age(),
        "experience": person.experience_years(),
        "mentee_entry": MenteeEntry.objects.filter(person=person).first(),
        "mentor_entry": MentorEntry.objects.filter(person=person).first(),
        "consent_ok": has_valid_consent(person, required_personal_data_kind(person)),
    }


@login_required
@require_http_methods(["POST"])
def link_create(request, org, pk):
    person = get_person(request, org, pk, Can.EDIT_PEOPLE)
    form = PersonalLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ссылка не создана. %(errors)s") % {"errors": _error_text(form)})
        return redirect(person)
    try:
        link, token = personal_link_issue(
            person=person,
            purpose=form.cleaned_data["purpose"],
            days=form.cleaned_data["days"],
            created_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(person)
    url = request.build_absolute_uri(reverse("selfservice:personal_link", args=[token]))
    messages.success(
        request,
        _(
            "Ссылка «%(purpose)s» создана и действует до %(date)s Скопируйте её и отправьте "
            "%(name)s: %(url)s — она показана только сейчас, система хранит лишь её отпечаток "
            "и показать её снова не сможет."
        )
        % {
            "purpose": link.get_purpose_display(),
            "date": ru_date(link.expires_at),
            "name": person.short_name_in(names.DATIVE),
            "url": url,
        },
    )
    return redirect(person)


@login_required
@require_http_methods(["POST"])
def link_revoke(request, org, pk):
    link = get_personal_link(request, org, pk)
    try:
        personal_link_revoke(link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ссылка отозвана: по ней больше нельзя отправить ответы."))
    return redirect("registry:person_detail", org=org, pk=link.person_id)


def _link_gone(request, link, state):
    return render(
        request,
        "selfservice/link_gone.html",
        {"organisation": link.person.organisation, "state": LINK_STATE_WORDS[state]},
        status=410,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def personal_link(request, token):
    """The form a personal link opens, without a login. It shows nothing of the person but
    their short name and organisation."""
    link = (
        PersonalLink.objects.by_token(token)
        .filter(person__anonymised_at=None)
        .select_related("person__organisation")
        .first()
    )
    if link is None:
        raise Http404
    state = link.state
    if state != PersonalLink.State.USABLE:
        return _link_gone(request, link, state)
    person = link.person
    form_class, form_template = PURPOSE_FORMS[link.purpose]
    form = form_class(_bound(request), organisation=person.organisation)
    context = {
        "organisation": person.organisation,
        "short_name": person.short_name,
        "purpose": link.get_purpose_display(),
    }
    if request.method == "POST" and form.is_valid():
        try:
            personal_link_submit(link=link, **form.cleaned_data)
        except LinkNotUsable:
            link.refresh_from_db()
            return _link_gone(request, link, link.state)
        return render(request, "selfservice/thanks.html", context)
    return render(
        request,
        "selfservice/personal_link.html",
        {**context, "form": form, "form_template": form_template},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_requests(request, org):
    person = get_own_person(request, org)
    form = ProfessionalRequestForm(_bound(request), organisation=person.organisation)
    if request.method == "POST" and form.is_valid():
        professional_request_submit(person=person, **form.cleaned_data)
        messages.success(request, _("Запрос отправлен куратору."))
        return redirect("registry:my_requests", org=org)
    return render(
        request,
        "registry/my_requests.html",
        {
            "organisation": person.organisation,
            "form": form,
            "answers": person.professional_requests.prefetch_related("topics"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_mentor_questionnaire(request, org):
    person = get_own_person(request, org)
    form = MentorQuestionnaireForm(_bound(request), organisation=person.organisation)
    if request.method == "POST" and form.is_valid():
        mentor_questionnaire_submit(person=person, **form.cleaned_data)
        messages.success(request, _("Анкета отправлена куратору."))
        return redirect("registry:my_mentor_questionnaire", org=org)
    return render(
        request,
        "registry/my_mentor_questionnaire.html",
        {
            "organisation": person.organisation,
            "form": form,
            "answers": person.mentor_questionnaires.prefetch_related("competencies"),
        },
    )


@login_required
@require_http_methods(["GET"])
def inbox(request, org):
    organisation = get_organisation(request, org, Can.EDIT_PEOPLE)
    requests = inbox_requests(organisation).prefetch_related("topics", "person__consents")
    questionnaires = inbox_questionnaires(organisation).prefetch_related(
        "competencies", "person__consents"
    )
    return render(
        request,
        "registry/inbox.html",
        {
            "organisation": organisation,
            "requests": requests,
            "questionnaires": questionnaires,
        },
    )


def _decided_already(request, answer):
    messages.error(
        request,
        _("Решение по этому ответу уже принято: «%(status)s».")
        % {"status": answer.get_status_display()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_decide(request, org, pk):
    answer = get_professional_request(request, org, pk)
    facts = person_facts(answer.person)
    form = RequestDecisionForm(
        _bound(request),
        needs_category=facts["mentee_entry"] is None,
        suggested_category=suggest_mentee_category(answer.person),
    )
    if request.method == "POST":
        if answer.status != AnswerStatus.NEW:
            _decided_already(request, answer)
            return redirect("registry:request_decide", org=org, pk=pk)
        if form.is_valid():
            try:
                if form.accepted:
                    professional_request_accept(
                        professional_request=answer,
                        decided_by=request.user,
                        category=form.cleaned_data.get("category"),
                    )
                else:
                    professional_request_reject(
                        professional_request=answer, decided_by=request.user
                    )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("registry:request_decide", org=org, pk=pk)
            messages.success(
                request, _("Запрос принят.") if form.accepted else _("Запрос отклонён.")
            )
            return redirect("registry:inbox", org=org)
    return render(
        request,
        "registry/request_decide.html",
        {"organisation": request.organisation, "answer": answer, "facts": facts, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_decide(request, org, pk):
    answer = get_mentor_questionnaire(request, org, pk)
    form = QuestionnaireDecisionForm(_bound(request))
    if request.method == "POST":
        if answer.status != AnswerStatus.NEW:
            _decided_already(request, answer)
            return redirect("registry:questionnaire_decide", org=org, pk=pk)
        if form.is_valid():
            decide = mentor_questionnaire_accept if form.accepted else mentor_questionnaire_reject
            try:
                decide(questionnaire=answer, decided_by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("registry:questionnaire_decide", org=org, pk=pk)
            messages.success(
                request, _("Анкета принята.") if form.accepted else _("Анкета отклонена.")
            )
            return redirect("registry:inbox", org=org)
    return render(
        request,
        "registry/questionnaire_decide.html",
        {
            "organisation": request.organisation,
            "answer": answer,
            "facts": person_facts(answer.person),
            "form": form,
        },
    )
