"""Query counts of every page stay flat as data grows.

Every list, dashboard and report page (the GET rows of tests/test_permissions.py whose URL takes
only the organisation, and the school year), the main detail pages, the authority's pages, the
public section and the mentor's own dashboard are counted on generated data at a small size, then
again after school 0 has four times the people (and all that grows with them) and the authority
two more schools. A count that grows with the rows is an N+1 to fix in the view.
"""

from django.db import connection
from django.db.models import Count
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring_site import scale_data
from mentoring_site.documents import PDF, Document
from mentoring_site.school_year import SchoolYear
from roadmap.views import reports
from tests.organisation_pages import organisation_kwargs, organisation_pages

# Detail pages: (URL name, how to pick in school 0 the object with the most rows of its own).
DETAIL_PAGES = [
    ("registry:person_detail", "person"),
    ("registry:mentor_detail", "mentor"),
    ("registry:mentee_detail", "mentee"),
    ("programmes:group_detail", "group"),
    ("programmes:programme_detail", "programme"),
    ("roadmap:roadmap_detail", "roadmap"),
    ("roadmap:order_detail", "signed order"),
    ("roadmap:order_detail", "order awaiting signature"),
]
MENTOR_PAGES = ["home", "roadmap:dashboard", "programmes:group_list", "programmes:programme_list"]
COORDINATOR_PAGES = ["home", "roadmap:dashboard"]


def _detail_object(kind: str, school):
    from programmes.models import Group, Programme
    from registry.models import MenteeEntry, MentorEntry, Person
    from roadmap.models import Order

    if kind == "person":
        mentors = Person.objects.filter(organisation=school, mentor_entry__isnull=False)
        return mentors.annotate(n=Count("mentor_entry__groups")).order_by("-n", "pk").first()
    if kind == "mentor":
        mentors = MentorEntry.objects.filter(person__organisation=school)
        return mentors.annotate(n=Count("groups")).order_by("-n", "pk").first()
    if kind == "mentee":
        mentees = MenteeEntry.objects.filter(person__organisation=school)
        return mentees.annotate(n=Count("person__professional_requests")).order_by("-n", "pk")[0]
    if kind == "group":
        groups = Group.objects.filter(
            organisation=school, status=Group.Status.ACTIVE, programme__isnull=False
        )
        return groups.annotate(n=Count("mentees")).order_by("-n", "pk").first()
    if kind == "programme":
        programmes = Programme.objects.filter(
            group__organisation=school, status=Programme.Status.ACTIVE
        )
        rows = Count("items", distinct=True) + Count("meetings", distinct=True)
        return programmes.annotate(n=rows).order_by("-n", "pk").first()
    if kind == "roadmap":
        return school.roadmaps.first()
    status = Order.Status.SIGNED if kind == "signed order" else Order.Status.SENT
    orders = Order.objects.filter(organisation=school, status=status)
    return orders.annotate(n=Count("groups")).order_by("-n", "pk").first()


def pages(data) -> dict[str, tuple[str, str]]:
    """Label → (persona, URL) of every page counted, for ``data``'s school 0."""
    school, authority = data.schools[0], data.authority
    year = SchoolYear.current().start
    found = {}
    for name, persona in organisation_pages():
        slug = authority.slug if persona == "coordinator" else school.slug
        kwargs = {**organisation_kwargs(name), "org": slug}
        if "year" in kwargs:
            kwargs["year"] = year
        found[f"{name} ({persona})"] = (persona, reverse(name, kwargs=kwargs))
    for name, kind in DETAIL_PAGES:
        pk = _detail_object(kind, school).pk
        found[f"{name} ({kind})"] = ("curator", reverse(name, args=[school.slug, pk]))
    for persona, names in (("mentor", MENTOR_PAGES), ("coordinator", COORDINATOR_PAGES)):
        for name in names:
            url = reverse(name) if name == "home" else reverse(name, args=[school.slug])
            found[f"{name} ({persona})"] = (persona, url)
    found["sitemap (anonymous)"] = ("anonymous", reverse("sitemap"))
    return found


def count_queries(data) -> dict[str, int]:
    """Label → the queries of one request of each page."""
    clients = {"anonymous": Client()}
    for persona in ("curator", "coordinator", "mentor"):
        clients[persona] = Client()
        clients[persona].force_login(data.user(persona))
    counts = {}
    for label, (persona, url) in pages(data).items():
        with CaptureQueriesContext(connection) as queries:
            response = clients[persona].get(url)
        assert response.status_code == 200, f"{label}: {url} answered {response.status_code}"
        counts[label] = len(queries)
    return counts


def html_only(template: str, context: dict, *, filename: str) -> Document:
    """The PDF's template drawn without WeasyPrint's layout, which takes seconds and reads no
    rows: the queries are the same (tests/benchmarks/bench_reports.py times the real thing)."""
    render_to_string(template, context)
    return Document(filename, PDF, b"%PDF-1.4\n%%EOF\n")


def test_query_counts_of_every_page_stay_flat_as_data_grows(db, monkeypatch):
    monkeypatch.setattr(reports, "render_pdf", html_only)
    data = scale_data.generate(schools=2, people=20, seed=3)
    small = count_queries(data)
    scale_data.grow(data.schools[0], people=60, seed=4)
    scale_data.add_schools(data, schools=2, people=40, seed=5)
    large = count_queries(data)

    assert len(small) > 60, sorted(small)
    grown = [
        f"{label}: {small[label]} → {large[label]} queries"
        for label in sorted(small)
        if small[label] != large[label]
    ]
    assert not grown, "query counts grow with the data:\n" + "\n".join(grown)
