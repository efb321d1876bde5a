"""Named personas shared by every test: one school with a user in each role, a second school
with its own curator, and the authority above both with its coordinator."""

from dataclasses import dataclass

import pytest

from registry.models import Membership, Organisation, Person
from tests.factories import (
    AuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

Role = Membership.Role

PERSONAS = [
    "anonymous",
    "director",
    "curator",
    "working_group",
    "mentor",
    "mentee",
    "coordinator",
    "other_curator",
    "superuser",
]


@dataclass
class World:
    authority: Organisation
    school: Organisation
    other_school: Organisation
    person: Person  # someone in the school's registry
    users: dict

    def user(self, persona):
        return self.users[persona]


@pytest.fixture
def world(db):
    authority = AuthorityFactory(short_name="УО Заречного округа", slug="zarechny")
    school = OrganisationFactory(parent=authority, short_name="МБОУ СОШ № 1", slug="school-1")
    other_school = OrganisationFactory(
        parent=authority, short_name="МКОУ «Берёзовская ООШ»", slug="berezovka"
    )
    users = {"anonymous": None}
    for persona, organisation in [
        ("director", school),
        ("curator", school),
        ("working_group", school),
        ("mentor", school),
        ("mentee", school),
        ("coordinator", authority),
    ]:
        users[persona] = MembershipFactory(
            user__username=persona, organisation=organisation, role=persona
        ).user
    users["other_curator"] = MembershipFactory(
        user__username="other_curator", organisation=other_school, role=Role.CURATOR
    ).user
    users["superuser"] = UserFactory(username="superuser", is_staff=True, is_superuser=True)
    person = PersonFactory(
        organisation=school, last_name="Белова", first_name="Ирина", middle_name="Петровна"
    )
    return World(authority, school, other_school, person, users)


@pytest.fixture
def curator_client(client, world):
    client.force_login(world.user("curator"))
    return client
