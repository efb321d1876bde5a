import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from registry.access import Can, access_for, get_organisation, get_person, organisations_for
from registry.models import Membership
from tests.factories import MembershipFactory, PersonFactory


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_member_sees_only_their_own_organisation(world):
    assert list(organisations_for(world.user("curator"))) == [world.school]


def test_the_coordinator_sees_the_authority_and_every_school_below_it(world):
    visible = set(organisations_for(world.user("coordinator")))
    assert visible == {world.authority, world.school, world.other_school}


def test_the_coordinator_reads_schools_but_never_edits_or_signs(world):
    access = access_for(world.user("coordinator"))
    assert access.can(world.school, Can.VIEW_PEOPLE)
    assert not access.can(world.school, Can.EDIT_PEOPLE)
    assert not access.can(world.school, Can.MANAGE_SETTINGS)
    assert not access.can(world.school, Can.SIGN)


def test_only_the_director_signs(world):
    signers = [
        p
        for p in world.users
        if world.user(p) and access_for(world.user(p)).can(world.school, Can.SIGN)
    ]
    assert signers == ["director", "superuser"]


def test_roles_in_one_person_add_up(world):
    user = world.user("working_group")
    MembershipFactory(user=user, organisation=world.school, role=Membership.Role.MENTOR)
    access = access_for(user)
    assert access.roles[world.school.pk] == {"working_group", "mentor"}
    assert access.can(world.school, Can.EDIT_PEOPLE)


def test_access_is_computed_once_per_request(world, django_assert_num_queries):
    user = world.user("coordinator")
    with django_assert_num_queries(2):
        access_for(user)
        access_for(user)


def test_an_outsider_gets_404_and_a_member_without_the_right_gets_403(world):
    with pytest.raises(Http404):
        get_organisation(request_as(world.user("other_curator")), world.school.slug)
    with pytest.raises(PermissionDenied):
        get_organisation(request_as(world.user("mentor")), world.school.slug, Can.VIEW_PEOPLE)


def test_a_person_is_fetched_only_through_their_own_organisation(world):
    stranger = PersonFactory(organisation=world.other_school)
    request = request_as(world.user("curator"))
    with pytest.raises(Http404):
        get_person(request, world.school.slug, stranger.pk)
    # The other school's curator may not reach a person of ours through their own slug either.
    with pytest.raises(Http404):
        get_person(
            request_as(world.user("other_curator")), world.other_school.slug, world.person.pk
        )


def test_an_inactive_user_has_no_rights(world):
    user = world.user("curator")
    user.is_active = False
    assert list(organisations_for(user)) == []


def test_a_coordinator_role_belongs_to_an_authority_only(world):
    membership = Membership(
        user=world.user("curator"), organisation=world.school, role=Membership.Role.COORDINATOR
    )
    with pytest.raises(ValidationError):
        membership.full_clean()
    membership = Membership(
        user=world.user("curator"), organisation=world.authority, role=Membership.Role.MENTOR
    )
    with pytest.raises(ValidationError):
        membership.full_clean()
