"""The site administrator's admin: every model our apps register opens, its changelist filters
to one school, and a changelist's query count does not depend on how many rows it shows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.admin import OrganisationFilter
from tests.factories import GroupFactory, MenteeEntryFactory, MentorEntryFactory, PersonFactory

APPS = {"registry", "programmes", "roadmap"}


def registered():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in APPS),
        key=lambda model: model._meta.label,
    )


def organisation_lookup(model_admin) -> str | None:
    """The query parameter that filters the changelist to one organisation."""
    for entry in model_admin.list_filter:
        if isinstance(entry, tuple) and entry[1] is OrganisationFilter:
            return f"{entry[0]}__id__exact"
    return None


def test_our_apps_register_the_models_the_pages_list():
    labels = {model._meta.label for model in registered()}
    assert {
        "registry.Person",
        "registry.MentorEntry",
        "registry.MenteeEntry",
        "registry.Consent",
        "programmes.Group",
        "programmes.Programme",
        "programmes.Practice",
        "roadmap.Roadmap",
        "roadmap.Order",
        "roadmap.News",
    } <= labels


def test_every_changelist_and_add_page_opens_for_the_superuser(client, world):
    client.force_login(world.user("superuser"))
    wrong = []
    for model in registered():
        model_admin = admin.site._registry[model]
        info = model._meta.app_label, model._meta.model_name
        # Filtered to the school where the changelist can be: a lookup the changelist does not
        # accept would redirect to «?e=1».
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        lookup = organisation_lookup(model_admin)
        urls = [f"{changelist}?{lookup}={world.school.pk}" if lookup else changelist]
        if not read_only(model_admin):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                wrong.append(f"{url}: {response.status_code}")
    assert not wrong, "; ".join(wrong)


def read_only(model_admin) -> bool:
    """Admins of rows made only in the product (links with a token shown once) add nothing."""
    return type(model_admin).has_add_permission is not admin.ModelAdmin.has_add_permission


@pytest.mark.parametrize("name", ["registry_person", "registry_consent", "programmes_group"])
def test_a_changelist_query_count_does_not_grow_with_its_rows(client, world, name):
    client.force_login(world.user("superuser"))
    url = reverse(f"admin:{name}_changelist")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for person in PersonFactory.create_batch(5, organisation=world.school):
        if name == "registry_consent":
            person.consents.create(kind="personal_data")
        if name == "programmes_group":
            mentor = MentorEntryFactory(person=person)
            group = GroupFactory(organisation=world.school, mentor=mentor)
            group.mentees.add(MenteeEntryFactory(person__organisation=world.school))
    assert count() == before
