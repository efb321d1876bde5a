"""What people tell about themselves and what the curator decides about it: personal links,
professional requests, mentor questionnaires and the curator's inbox of new answers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import (
    AnswerStatus,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    PersonalLink,
    ProfessionalRequest,
)
from registry.services.banks import mentee_enrol, mentor_enrol, require_personal_data_consent


class LinkNotUsable(Exception):
    """The personal link was used, expired or revoked before the answer could be saved."""


@transaction.atomic
def personal_link_issue(*, person, purpose: str, days: int, created_by) -> tuple[PersonalLink, str]:
    """A new link for ``person``; the token is returned once and never stored."""
    if person.is_anonymised:
        raise ValidationError(_("Участник обезличен: ссылку для него создать нельзя."))
    return PersonalLink.issue(
        person=person,
        purpose=purpose,
        created_by=created_by,
        lifetime=datetime.timedelta(days=days),
    )


@transaction.atomic
def personal_link_revoke(*, link: PersonalLink) -> None:
    if not link.is_usable:
        raise ValidationError(_("Эта ссылка уже не действует."))
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])


@transaction.atomic
def professional_request_submit(
    *, person, difficulties: str, topics=(), wishes: str = ""
) -> ProfessionalRequest:
    """A request the person states themselves, waiting for the curator's decision."""
    answer = ProfessionalRequest(
        person=person,
        difficulties=difficulties,
        wishes=wishes,
        source=ProfessionalRequest.Source.QUESTIONNAIRE,
        status=AnswerStatus.NEW,
    )
    answer.full_clean()
    answer.save()
    answer.topics.set(topics)
    return answer


@transaction.atomic
def mentor_questionnaire_submit(
    *,
    person,
    motivation: str,
    competencies=(),
    experience: str = "",
    capacity: int = 1,
    preferences: str = "",
) -> MentorQuestionnaire:
    answer = MentorQuestionnaire(
        person=person,
        motivation=motivation,
        experience=experience,
        capacity=capacity,
        preferences=preferences,
        status=AnswerStatus.NEW,
    )
    answer.full_clean()
    answer.save()
    answer.competencies.set(competencies)
    return answer


SUBMITTERS = {
    PersonalLink.Purpose.REQUESTS: professional_request_submit,
    PersonalLink.Purpose.MENTOR_QUESTIONNAIRE: mentor_questionnaire_submit,
}


@transaction.atomic
def personal_link_submit(*, link: PersonalLink, **answers):
    """Save the answers given through ``link`` and use the link up, both or neither.

    The link is marked used by a conditional update first, so of two submits racing each
    other only one finds it usable; the other gets LinkNotUsable and saves nothing.
    """
    marked = (
        PersonalLink.objects.usable()
        .filter(pk=link.pk, person__anonymised_at=None)
        .update(used_at=timezone.now())
    )
    if not marked:
        raise LinkNotUsable
    return SUBMITTERS[link.purpose](person=link.person, **answers)


def _lock_new(model, answer):
    """The answer, locked for the decision, or ValidationError if it is already decided."""
    locked = (
        model.objects.select_for_update(of=("self",)).select_related("person").get(pk=answer.pk)
    )
    if locked.status != AnswerStatus.NEW:
        raise ValidationError(
            _("Решение уже принято: «%(status)s».") % {"status": locked.get_status_display()}
        )
    return locked


def _decide(answer, status, decided_by):
    answer.status = status
    answer.decided_by = decided_by
    answer.decided_at = timezone.now()
    answer.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def professional_request_accept(
    *, professional_request: ProfessionalRequest, decided_by, category: str | None = None
) -> ProfessionalRequest:
    """Accept the request; a person not yet in the bank of mentees is put there with
    ``category``. Without a valid personal-data consent nothing changes."""
    answer = _lock_new(ProfessionalRequest, professional_request)
    person = answer.person
    require_personal_data_consent(person)
    if not MenteeEntry.objects.filter(person=person).exists():
        if not category:
            raise ValidationError(_("Выберите категорию наставляемого."))
        mentee_enrol(
            person=person, category=category, created_by=decided_by, preferences=answer.wishes
        )
    _decide(answer, AnswerStatus.ACCEPTED, decided_by)
    return answer


@transaction.atomic
def professional_request_reject(
    *, professional_request: ProfessionalRequest, decided_by
) -> ProfessionalRequest:
    answer = _lock_new(ProfessionalRequest, professional_request)
    _decide(answer, AnswerStatus.REJECTED, decided_by)
    return answer


@transaction.atomic
def mentor_questionnaire_accept(
    *, questionnaire: MentorQuestionnaire, decided_by
) -> MentorQuestionnaire:
    """Accept the questionnaire: the person becomes a candidate in the bank of mentors, or,
    already there, gains its competencies and its capacity."""
    answer = _lock_new(MentorQuestionnaire, questionnaire)
    person = answer.person
    require_personal_data_consent(person)
    competencies = list(answer.competencies.all())
    entry = MentorEntry.objects.filter(person=person).first()
    if entry is None:
        mentor_enrol(
            person=person,
            created_by=decided_by,
            competencies=competencies,
            capacity=answer.capacity,
            preferences=answer.preferences,
            status=MentorEntry.Status.CANDIDATE,
        )
    else:
        entry.competencies.add(*competencies)
        entry.capacity = answer.capacity
        entry.full_clean()
        entry.save(update_fields=["capacity"])
    _decide(answer, AnswerStatus.ACCEPTED, decided_by)
    return answer


@transaction.atomic
def mentor_questionnaire_reject(
    *, questionnaire: MentorQuestionnaire, decided_by
) -> MentorQuestionnaire:
    answer = _lock_new(MentorQuestionnaire, questionnaire)
    _decide(answer, AnswerStatus.REJECTED, decided_by)
    return answer


def inbox_requests(organisation):
    """New professional requests of the organisation's identified people, oldest first."""
    return (
        ProfessionalRequest.objects.filter(
            person__organisation=organisation,
            person__anonymised_at=None,
            status=AnswerStatus.NEW,
        )
        .select_related("person")
        .order_by("stated_on", "created_at", "pk")
    )


def inbox_questionnaires(organisation):
    """New mentor questionnaires of the organisation's identified people, oldest first."""
    return (
        MentorQuestionnaire.objects.filter(
            person__organisation=organisation,
            person__anonymised_at=None,
            status=AnswerStatus.NEW,
        )
        .select_related("person")
        .order_by("submitted_at", "pk")
    )


def inbox_count(organisation) -> int:
    """How many answers wait for the curator's decision: for the menu."""
    return inbox_requests(organisation).count() + inbox_questionnaires(organisation).count()
