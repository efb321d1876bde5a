"""Who may do what with a group and its programme.

The organisation's rights (registry.access) decide for curators, directors and the working
group; a mentor and a mentee act on their own groups only, whatever ids they type. An outsider
gets 404; a member of the organisation who is neither allowed nor a participant gets 403.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from programmes.models import Group, MentoringForm, PlanItem, Practice, Programme
from registry.access import Can, access_for, get_organisation


class Need(StrEnum):
    VIEW = "view"  # read the group, its programme and plan
    COMMENT = "comment"  # comment, answer surveys, write one's own part of the results
    WORK = "work"  # update the plan's progress, log meetings: the group's mentors
    MANAGE = "manage"  # form and change groups, write and complete programmes


def participation(user, group: Group) -> set[str]:
    """«mentor» and/or «mentee» when ``user`` takes part in ``group`` (reads prefetched rows)."""
    roles = set()
    mentors = [group.mentor, group.co_mentor] if group.co_mentor_id else [group.mentor]
    if any(entry.person.user_id == user.pk for entry in mentors):
        roles.add("mentor")
    if any(entry.person.user_id == user.pk for entry in group.mentees.all()):
        roles.add("mentee")
    return roles


def allowed(user, group: Group, need: Need) -> bool:
    access = access_for(user)
    if access.can(group.organisation, Can.MANAGE_PROGRAMMES):
        return True
    roles = participation(user, group) if user.is_authenticated else set()
    return {
        Need.VIEW: bool(roles) or access.can(group.organisation, Can.VIEW_PROGRAMMES),
        Need.COMMENT: bool(roles),
        Need.WORK: "mentor" in roles,
        Need.MANAGE: False,
    }[need]


def groups_visible_to(user, organisation):
    """All the organisation's groups for those who see programmes; one's own for the rest."""
    groups = Group.objects.filter(organisation=organisation)
    if access_for(user).can(organisation, Can.VIEW_PROGRAMMES):
        return groups
    return (groups.of_mentor_user(user) | groups.of_mentee_user(user)).distinct()


def _authorise(request, group: Group, need: Need):
    if not allowed(request.user, group, need):
        raise PermissionDenied


GROUP_RELATED = ("organisation", "form", "mentor__person", "co_mentor__person")


def get_group(request, slug: str, pk: int, need: Need = Need.VIEW) -> Group:
    organisation = get_organisation(request, slug, Can.VIEW)
    try:
        group = (
            Group.objects.select_related(*GROUP_RELATED)
            .prefetch_related("mentees__person")
            .get(pk=pk, organisation=organisation)
        )
    except Group.DoesNotExist:
        raise Http404 from None
    _authorise(request, group, need)
    return group


def get_programme(request, slug: str, pk: int, need: Need = Need.VIEW) -> Programme:
    organisation = get_organisation(request, slug, Can.VIEW)
    try:
        programme = (
            Programme.objects.select_related(*(f"group__{name}" for name in GROUP_RELATED))
            .prefetch_related("group__mentees__person")
            .get(pk=pk, group__organisation=organisation)
        )
    except Programme.DoesNotExist:
        raise Http404 from None
    _authorise(request, programme.group, need)
    return programme


def get_plan_item(request, slug: str, pk: int, need: Need = Need.WORK) -> PlanItem:
    organisation = get_organisation(request, slug, Can.VIEW)
    try:
        item = (
            PlanItem.objects.select_related(
                *(f"programme__group__{name}" for name in GROUP_RELATED)
            )
            .prefetch_related("programme__group__mentees__person")
            .get(pk=pk, programme__group__organisation=organisation)
        )
    except PlanItem.DoesNotExist:
        raise Http404 from None
    _authorise(request, item.programme.group, need)
    return item


def get_mentoring_form(request, slug: str, pk: int) -> MentoringForm:
    """Only the organisation's own forms: the shipped catalogue is edited in the admin."""
    organisation = get_organisation(request, slug, Can.MANAGE_PROGRAMMES)
    try:
        return MentoringForm.objects.get(pk=pk, organisation=organisation)
    except MentoringForm.DoesNotExist:
        raise Http404 from None


def get_practice(request, slug: str, pk: int, capability: Can = Can.VIEW) -> Practice:
    """Every member reads the methodical bank; managing it takes MANAGE_PROGRAMMES."""
    organisation = get_organisation(request, slug, capability)
    try:
        return Practice.objects.get(pk=pk, organisation=organisation)
    except Practice.DoesNotExist:
        raise Http404 from None
