"""The authority's view: every school it oversees side by side, totals, sorting, a year
selector, a chart, the export; only for an authority, and a fixed number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mentoring_site.school_year import SchoolYear
from programmes.models import Group
from registry.models import Membership, Person
from roadmap.models import Target
from tests.factories import (
    AuthorityFactory,
    GroupFactory,
    MembershipFactory,
    MenteeEntryFactory,
    MentorEntryFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
)


def url(world, name="authority_overview", org=None):
    return reverse(f"roadmap:{name}", args=[org or world.authority.slug])


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.user("coordinator"))
    return client


def pairs(school, count, status=Group.Status.ACTIVE):
    """``count`` pairs of two staff in ``school``, each with a running programme."""
    for _ in range(count):
        group = GroupFactory(
            organisation=school,
            mentor=MentorEntryFactory(person=PersonFactory(organisation=school)),
            mentees=[MenteeEntryFactory(person=PersonFactory(organisation=school))],
            status=status,
        )
        ProgrammeFactory(group=group)


def rows(response):
    """The schools' names in the table's order."""
    return [row.organisation.short_name for row in response.context["rows"]]


def test_the_table_shows_every_school_of_the_authority_and_no_other(coordinator, world):
    elsewhere = OrganisationFactory(parent=AuthorityFactory(), short_name="МБОУ Чужая СОШ")
    pairs(elsewhere, 2)
    response = coordinator.get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "МБОУ СОШ № 1" in page and "МКОУ «Берёзовская ООШ»" in page
    assert "Чужая" not in page
    assert rows(response) == ["МБОУ СОШ № 1", "МКОУ «Берёзовская ООШ»"]
    assert reverse("roadmap:annual_report", args=["school-1", SchoolYear.current().start]) in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page


def test_the_coordinator_of_another_authority_gets_not_found(client, world):
    stranger = MembershipFactory(
        user__username="stranger", organisation=AuthorityFactory(), role=Membership.Role.COORDINATOR
    ).user
    client.force_login(stranger)
    assert client.get(url(world)).status_code == 404
    assert client.get(url(world, "authority_export")).status_code == 404


def test_a_schools_slug_is_not_an_authority(curator_client, world):
    assert curator_client.get(url(world, org=world.school.slug)).status_code == 404
    assert curator_client.get(url(world, "authority_export", world.school.slug)).status_code == 404


def test_the_totals_add_up_and_their_shares_are_of_everyone(coordinator, world):
    # The other school: five staff, of whom two in one pair.
    pairs(world.other_school, 1)
    for _ in range(3):
        PersonFactory(organisation=world.other_school)
    response = coordinator.get(url(world))
    by_name = {row.organisation.short_name: row for row in response.context["rows"]}
    school, other = by_name["МБОУ СОШ № 1"], by_name["МКОУ «Берёзовская ООШ»"]
    assert (other.staff.value, other.staff.total, other.mentors, other.formed) == (2, 5, 1, 1)
    totals = response.context["totals"]
    assert totals.mentors == school.mentors + other.mentors
    assert totals.formed == school.formed + other.formed
    assert (totals.staff.value, totals.staff.total) == (
        school.staff.value + 2,
        school.staff.total + 5,
    )
    assert totals.staff.percent == round(100 * totals.staff.value / totals.staff.total)
    assert "Итого" in response.content.decode()


def test_a_share_stands_beside_the_schools_target(coordinator, world):
    Target.objects.create(
        roadmap=world.roadmap, text="Педагоги", value=90, metric=Target.Metric.STAFF_INVOLVED
    )
    page = coordinator.get(url(world)).content.decode()
    assert "цель 90 %, не достигнуто" in page


def test_sorting_by_a_column_both_ways(coordinator, world):
    pairs(world.other_school, 3)
    assert rows(coordinator.get(url(world) + "?sort=-mentors")) == [
        "МКОУ «Берёзовская ООШ»",
        "МБОУ СОШ № 1",
    ]
    response = coordinator.get(url(world) + "?sort=mentors")
    assert rows(response) == ["МБОУ СОШ № 1", "МКОУ «Берёзовская ООШ»"]
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-mentors" in page
    # A share without data (no students anywhere) keeps the order by name.
    assert rows(coordinator.get(url(world) + "?sort=-students")) == [
        "МБОУ СОШ № 1",
        "МКОУ «Берёзовская ООШ»",
    ]


@pytest.mark.parametrize(
    "query", ["?sort=nonsense", "?year=abc", "?year=1999", "?year=9999", "?year=²⁰²⁵", "?sort="]
)
def test_bad_parameters_fall_back_to_the_defaults(coordinator, world, query):
    response = coordinator.get(url(world) + query)
    assert response.status_code == 200
    assert response.context["year"] == SchoolYear.current()


def test_a_past_year_is_chosen_in_the_selector(coordinator, world):
    year = SchoolYear.current().start - 2
    response = coordinator.get(url(world) + f"?year={year}")
    assert response.context["year"].start == year
    page = response.content.decode()
    assert f"Показатели школ за {year}/{year + 1} учебный год" in page
    # The world's pairs were formed this year: nothing then.
    assert response.context["totals"].formed == 0


def test_the_export_has_the_same_table(coordinator, world):
    pairs(world.other_school, 2)
    response = coordinator.get(url(world, "authority_export") + "?sort=-groups")
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content))["Показатели школ"]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:4] == ("Организация", "Наставники", "Наставляемые", "Пары и группы")
    assert [line[0] for line in lines[1:]] == ["МКОУ «Берёзовская ООШ»", "МБОУ СОШ № 1", "Итого"]
    other, school, total = lines[1:]
    assert other[3] == 2
    assert total[1:6] == tuple(a + b for a, b in zip(other[1:6], school[1:6], strict=True))


def test_the_superuser_sees_the_table_too(client, world):
    client.force_login(world.user("superuser"))
    assert client.get(url(world)).status_code == 200


def test_two_or_eight_schools_take_the_same_number_of_queries(
    coordinator, world, django_assert_num_queries
):
    def school(number):
        organisation = OrganisationFactory(parent=world.authority, short_name=f"Школа № {number}")
        pairs(organisation, 2)
        PersonFactory(organisation=organisation, kind=Person.Kind.STUDENT)

    # The world's two schools, then six more, each with pairs, programmes and people.
    with CaptureQueriesContext(connection) as queries:
        coordinator.get(url(world))
    for number in range(6):
        school(number)
    with django_assert_num_queries(len(queries)):
        response = coordinator.get(url(world))
    assert len(response.context["rows"]) == 8
    with CaptureQueriesContext(connection) as export:
        coordinator.get(url(world, "authority_export"))
    assert len(export) <= len(queries)
