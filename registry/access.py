"""Who may see, edit and sign what: the one place every view asks.

A user's rights come from their memberships (user × organisation × role). An authority
coordinator's membership in an authority also gives read-only rights over its child schools.
Views never query domain rows directly: they call a ``get_*`` helper here, which fetches the row
through the user's organisations and answers 404 to outsiders and 403 to members who lack the
right, the way healthchecks' ``_get_check_for_user`` does.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from registry.models import (
    Consent,
    Membership,
    MenteeEntry,
    MentorEntry,
    MentorQuestionnaire,
    Organisation,
    Person,
    PersonalLink,
    ProfessionalRequest,
    Topic,
    TrainingSession,
)

Role = Membership.Role


class Can(StrEnum):
    VIEW = "view"  # open the organisation's pages at all
    VIEW_PEOPLE = "view_people"  # the registry of people and their personal data
    EDIT_PEOPLE = "edit_people"
    VIEW_HISTORY = "view_history"  # who changed what in people, banks and consents
    VIEW_PROGRAMMES = "view_programmes"  # every group and programme of the organisation
    MANAGE_PROGRAMMES = "manage_programmes"  # form groups, write programmes, complete them
    ERASE = "erase"  # anonymise a person whose data must no longer be kept
    MANAGE_SETTINGS = "manage_settings"  # the organisation's details and print settings
    SIGN = "sign"  # orders and regulations
    MANAGE_ROADMAP = "manage_roadmap"  # the roadmap, draft orders, local acts, normative documents
    VIEW_ORDERS = "view_orders"  # the journal of orders and their drafts
    VIEW_REPORTS = "view_reports"  # the dashboard of the whole organisation, reports, figures
    PUBLISH = "publish"  # the public section: its settings, news, what is published


ROLE_GRANTS: dict[str, frozenset[Can]] = {
    Role.DIRECTOR: frozenset(
        {
            Can.VIEW,
            Can.VIEW_PEOPLE,
            Can.VIEW_HISTORY,
            Can.VIEW_PROGRAMMES,
            Can.MANAGE_SETTINGS,
            Can.SIGN,
            Can.VIEW_ORDERS,
            Can.VIEW_REPORTS,
        }
    ),
    Role.CURATOR: frozenset(
        {
            Can.VIEW,
            Can.VIEW_PEOPLE,
            Can.EDIT_PEOPLE,
            Can.VIEW_HISTORY,
            Can.VIEW_PROGRAMMES,
            Can.MANAGE_PROGRAMMES,
            Can.ERASE,
            Can.MANAGE_SETTINGS,
            Can.MANAGE_ROADMAP,
            Can.VIEW_ORDERS,
            Can.VIEW_REPORTS,
            Can.PUBLISH,
        }
    ),
    Role.WORKING_GROUP: frozenset(
        {
            Can.VIEW,
            Can.VIEW_PEOPLE,
            Can.EDIT_PEOPLE,
            Can.VIEW_HISTORY,
            Can.VIEW_PROGRAMMES,
            Can.MANAGE_PROGRAMMES,
            Can.MANAGE_ROADMAP,
            Can.VIEW_ORDERS,
            Can.VIEW_REPORTS,
            Can.PUBLISH,
        }
    ),
    Role.MENTOR: frozenset({Can.VIEW}),
    Role.MENTEE: frozenset({Can.VIEW}),
    Role.COORDINATOR: frozenset({Can.VIEW, Can.VIEW_REPORTS}),
}
# What an authority coordinator may do in each school below the authority: read, never write.
COORDINATOR_CHILD_GRANTS = frozenset(
    {Can.VIEW, Can.VIEW_PEOPLE, Can.VIEW_PROGRAMMES, Can.VIEW_ORDERS, Can.VIEW_REPORTS}
)
EVERYTHING = frozenset(Can)


@dataclass(frozen=True)
class UserAccess:
    """A user's rights, computed once per request: organisation id → capabilities and roles."""

    is_superuser: bool = False
    grants: dict[int, frozenset[Can]] = field(default_factory=dict)
    roles: dict[int, frozenset[str]] = field(default_factory=dict)

    def can(self, organisation: Organisation, capability: Can) -> bool:
        if self.is_superuser:
            return True
        return capability in self.grants.get(organisation.pk, frozenset())

    def capabilities(self, organisation: Organisation) -> frozenset[Can]:
        if self.is_superuser:
            return EVERYTHING
        return self.grants.get(organisation.pk, frozenset())

    def organisation_ids(self, capability: Can = Can.VIEW) -> set[int]:
        return {pk for pk, granted in self.grants.items() if capability in granted}


def access_for(user) -> UserAccess:
    """The user's rights, cached on the user object (which lives for one request)."""
    cached = getattr(user, "_mentoring_access", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        access = UserAccess()
    elif user.is_superuser:
        access = UserAccess(is_superuser=True)
    else:
        grants: dict[int, set[Can]] = {}
        roles: dict[int, set[str]] = {}
        authority_ids = []
        for organisation_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            grants.setdefault(organisation_id, set()).update(ROLE_GRANTS[role])
            roles.setdefault(organisation_id, set()).add(role)
            if role == Role.COORDINATOR:
                authority_ids.append(organisation_id)
        if authority_ids:
            children = Organisation.objects.filter(parent_id__in=authority_ids)
            for child_id in children.values_list("pk", flat=True):
                grants.setdefault(child_id, set()).update(COORDINATOR_CHILD_GRANTS)
        access = UserAccess(
            grants={pk: frozenset(granted) for pk, granted in grants.items()},
            roles={pk: frozenset(held) for pk, held in roles.items()},
        )
    user._mentoring_access = access
    return access


def organisations_for(user, capability: Can = Can.VIEW):
    """The organisations in which ``user`` holds ``capability``."""
    access = access_for(user)
    if access.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.organisation_ids(capability))


def get_organisation(request, slug: str, capability: Can = Can.VIEW) -> Organisation:
    """Fetch the organisation by slug for the request's user, or 404 / 403.

    An organisation the user cannot see at all is a 404, so outsiders learn nothing of it;
    one the user sees but may not act in as asked is a 403. The organisation and the
    user's capabilities in it are remembered on the request for the menu.
    """
    access = access_for(request.user)
    try:
        organisation = Organisation.objects.select_related("parent").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not access.can(organisation, Can.VIEW):
        raise Http404
    request.organisation = organisation
    if not access.can(organisation, capability):
        raise PermissionDenied
    return organisation


def get_in_organisation(request, slug, capability, queryset, pk, *, organisation_path):
    """Fetch row ``pk`` of ``queryset`` that belongs to the organisation ``slug``, or 404 / 403.
    ``organisation_path`` is the lookup from the row to its organisation."""
    organisation = get_organisation(request, slug, capability)
    try:
        return queryset.get(pk=pk, **{organisation_path: organisation})
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_person(request, slug: str, pk: int, capability: Can = Can.VIEW_PEOPLE) -> Person:
    person = get_in_organisation(
        request,
        slug,
        capability,
        Person.objects.select_related("user", "methodical_association"),
        pk,
        organisation_path="organisation",
    )
    person.organisation = request.organisation
    return person


def get_own_person(request, slug: str) -> Person:
    """The person record of the logged-in user in the organisation: for the forms people fill
    about themselves. A member without a person record there gets 403."""
    organisation = get_organisation(request, slug, Can.VIEW)
    person = organisation.people.identified().filter(user=request.user).first()
    if person is None:
        raise PermissionDenied
    person.organisation = organisation
    return person


def _get_own_or_capable(request, slug, pk, queryset, capability):
    """A bank entry: those with ``capability`` see any of the organisation's entries, and a
    mentor or mentee sees their own entry (read-only) and no other."""
    organisation = get_organisation(request, slug, Can.VIEW)
    try:
        entry = queryset.select_related("person").get(pk=pk, person__organisation=organisation)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    access = access_for(request.user)
    own = capability == Can.VIEW_PEOPLE and entry.person.user_id == request.user.pk
    if not (access.can(organisation, capability) or own):
        raise PermissionDenied
    entry.person.organisation = organisation
    return entry


def get_mentee_entry(request, slug: str, pk: int, capability: Can = Can.VIEW_PEOPLE):
    return _get_own_or_capable(request, slug, pk, MenteeEntry.objects, capability)


def get_mentor_entry(request, slug: str, pk: int, capability: Can = Can.VIEW_PEOPLE):
    return _get_own_or_capable(request, slug, pk, MentorEntry.objects, capability)


def get_consent(request, slug: str, pk: int, capability: Can = Can.VIEW_PEOPLE) -> Consent:
    return get_in_organisation(
        request,
        slug,
        capability,
        Consent.objects.select_related("person"),
        pk,
        organisation_path="person__organisation",
    )


def get_professional_request(request, slug, pk, capability=Can.EDIT_PEOPLE):
    return get_in_organisation(
        request,
        slug,
        capability,
        ProfessionalRequest.objects.select_related("person"),
        pk,
        organisation_path="person__organisation",
    )


def get_mentor_questionnaire(request, slug, pk, capability=Can.EDIT_PEOPLE):
    return get_in_organisation(
        request,
        slug,
        capability,
        MentorQuestionnaire.objects.select_related("person"),
        pk,
        organisation_path="person__organisation",
    )


def get_personal_link(request, slug, pk, capability=Can.EDIT_PEOPLE) -> PersonalLink:
    return get_in_organisation(
        request,
        slug,
        capability,
        PersonalLink.objects.select_related("person"),
        pk,
        organisation_path="person__organisation",
    )


def get_training_session(request, slug, pk, capability=Can.VIEW_PEOPLE) -> TrainingSession:
    return get_in_organisation(
        request, slug, capability, TrainingSession.objects, pk, organisation_path="organisation"
    )


def get_topic(request, slug, pk, capability=Can.EDIT_PEOPLE) -> Topic:
    """Only the organisation's own topics: the shipped catalogue is edited in the admin."""
    return get_in_organisation(
        request, slug, capability, Topic.objects, pk, organisation_path="organisation"
    )
