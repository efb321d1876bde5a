"""Every URL name × every persona → the status the persona gets.

Outsiders get 404 (they learn nothing of another school), members without the right get 403,
anonymous visitors are sent to the login page (302). A URL name that is missing from the table
fails the suite, so a new page cannot ship without its row.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

# Django's admin has its own permission system (is_staff); the admin index stands for it.
IGNORED_NAMESPACES = {"admin"}

# method url-name  then one status per persona, in the order of the header.
TABLE = """
                                      anon  dir  cur   wg  mntr mnte coord other su
GET  home                              302  200  200  200  200  200  200   200  200
GET  login                             200  302  302  302  302  302  302   302  302
POST logout                            302  302  302  302  302  302  302   302  302
GET  password_change                   302  200  200  200  200  200  200   200  200
GET  password_change_done              302  200  200  200  200  200  200   200  200
GET  registry:organisation_settings    302  200  200  403  403  403  403   404  200
GET  registry:person_list              302  200  200  200  403  403  200   404  200
GET  registry:person_create            302  403  200  200  403  403  403   404  200
GET  registry:person_detail            302  200  200  200  403  403  200   404  200
GET  registry:person_edit              302  403  200  200  403  403  403   404  200
"""


def url_for(name, world):
    """The URL of ``name`` for the objects of the test world (the school's own)."""
    school, person = world.school, world.person
    kwargs = {
        "registry:organisation_settings": {"org": school.slug},
        "registry:person_list": {"org": school.slug},
        "registry:person_create": {"org": school.slug},
        "registry:person_detail": {"org": school.slug, "pk": person.pk},
        "registry:person_edit": {"org": school.slug, "pk": person.pk},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


def parse_table(text):
    rows = {}
    for line in text.strip().splitlines()[1:]:
        method, name, *statuses = line.split()
        assert len(statuses) == len(PERSONAS), f"{name}: {len(statuses)} statuses"
        rows[name] = (method, dict(zip(PERSONAS, map(int, statuses), strict=True)))
    return rows


ROWS = parse_table(TABLE)


def url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in IGNORED_NAMESPACES:
                names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_name_has_a_row():
    assert url_names() - ROWS.keys() == set(), "add these URL names to TABLE"
    assert ROWS.keys() - url_names() == set(), "these rows name no URL"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_persona_gets_expected_status(client, world, name, persona):
    method, expected = ROWS[name]
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    url = url_for(name, world)
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == expected[persona], f"{method} {url} as {persona}"


def test_admin_is_for_site_administrators_only(client, world):
    client.force_login(world.user("curator"))
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(world.user("superuser"))
    assert client.get(reverse("admin:index")).status_code == 200
