"""Every object URL of one school, requested by a user of another school with their OWN
organisation in the URL and a valid id of the first school's object, answers 404, to GET and
POST alike: a view that fetched the object by id alone, without its organisation, would show
it or change it.

The outsiders: the curator of the other school under the same authority, and the coordinator of
an unrelated authority (read rights over its own schools). URLs with a personal token and no
organisation (the personal link, the calendar, unsubscribing) are capabilities by design.
"""

from django.test import Client
from django.urls import resolve, reverse

from registry.models import Membership
from roadmap.models import PublicSection
from tests.factories import AuthorityFactory, MembershipFactory, OrganisationFactory
from tests.test_permissions import ROWS, url_for

MISSING_PK = 987654321
Role = Membership.Role


def object_urls(world):
    """URL name → its resolved kwargs, for the names whose URL names an object of the school."""
    urls = {}
    for name in sorted(ROWS):
        match = resolve(url_for(name, world))
        if "pk" in match.kwargs and match.kwargs.get("org") == world.school.slug:
            urls[name] = match.kwargs
    return urls


def outsiders(world):
    """(who, their client, their own organisation's slug)."""
    authority = AuthorityFactory(short_name="УО Дальнего округа", slug="dalny")
    their_school = OrganisationFactory(parent=authority, short_name="МБОУ «Дальняя СОШ»")
    coordinator = MembershipFactory(
        user__username="far_coordinator", organisation=authority, role=Role.COORDINATOR
    ).user
    people = []
    for who, user, organisation in [
        ("other_curator", world.user("other_curator"), world.other_school),
        ("far_coordinator", coordinator, their_school),
    ]:
        client = Client()
        client.force_login(user)
        people.append((who, client, organisation.slug))
        # An open public section of their own: its pages answer, only not for our objects.
        PublicSection.objects.create(organisation=organisation, is_enabled=True)
    return people


def answer(client, method, url):
    return (client.post(url) if method == "POST" else client.get(url)).status_code


def test_every_object_url_answers_404_to_users_of_another_school(public_world):
    world = public_world
    wrong = []
    urls = object_urls(world)
    assert len(urls) > 60, "the permissions table lost its object URLs"
    for who, client, slug in outsiders(world):
        for name, kwargs in urls.items():
            url = reverse(name, kwargs={**kwargs, "org": slug})
            for method in ("GET", "POST"):
                status = answer(client, method, url)
                if status == 404:
                    continue
                # A refusal that comes before any lookup (a method the view does not take, a
                # right the user lacks in their own school) tells nothing about the object:
                # the same request for an object that does not exist gets it too.
                missing = reverse(name, kwargs={**kwargs, "org": slug, "pk": MISSING_PK})
                if status in {403, 405} and answer(client, method, missing) == status:
                    continue
                wrong.append(f"{who} {method} {url} ({name}): {status}")
    assert not wrong, "\n".join(wrong)
