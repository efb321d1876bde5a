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

from registry.models import Membership, Organisation, Person

Role = Membership.Role


class Can(StrEnum):
    VIEW = "view"  # open the organisation's pages at all
    VIEW_PEOPLE = "view_people"  # the registry of people and their personal data
    EDIT_PEOPLE = "edit_people"
    MANAGE_SETTINGS = "manage_settings"  # the organisation's details and print settings
    SIGN = "sign"  # orders and regulations


ROLE_GRANTS: dict[str, frozenset[Can]] = {
    Role.DIRECTOR: frozenset({Can.VIEW, Can.VIEW_PEOPLE, Can.MANAGE_SETTINGS, Can.SIGN}),
    Role.CURATOR: frozenset({Can.VIEW, Can.VIEW_PEOPLE, Can.EDIT_PEOPLE, Can.MANAGE_SETTINGS}),
    Role.WORKING_GROUP: frozenset({Can.VIEW, Can.VIEW_PEOPLE, Can.EDIT_PEOPLE}),
    Role.MENTOR: frozenset({Can.VIEW}),
    Role.MENTEE: frozenset({Can.VIEW}),
    Role.COORDINATOR: frozenset({Can.VIEW}),
}
# What an authority coordinator may do in each school below the authority: read, never write.
COORDINATOR_CHILD_GRANTS = frozenset({Can.VIEW, Can.VIEW_PEOPLE})
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


def get_person(request, slug: str, pk: int, capability: Can = Can.VIEW_PEOPLE) -> Person:
    organisation = get_organisation(request, slug, capability)
    try:
        person = organisation.people.select_related("user").get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None
    person.organisation = organisation
    return person
