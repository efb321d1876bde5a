"""The pages whose URL takes only the organisation (and the school year): every list, dashboard
and report page, each with the persona who sees most of it. The query-count test
(tests/site/test_query_counts_at_scale.py) and the page benchmark (tests/benchmarks/
bench_pages.py) walk the same pages, taken from the permissions table so that a new page is in
both without a word."""

from django.urls import NoReverseMatch, reverse

from tests.test_permissions import ROWS


def organisation_kwargs(name: str) -> dict | None:
    """The URL's arguments when it takes only the organisation (and the school year)."""
    for kwargs in ({"org": "school"}, {"org": "school", "year": 2026}):
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return kwargs
    return None


def persona_for(name: str) -> str:
    """The coordinator at the authority's pages, anyone at the public section, the curator
    elsewhere."""
    if name.startswith("roadmap:authority_"):
        return "coordinator"
    if name.startswith("public:"):
        return "anonymous"
    return "curator"


def organisation_pages() -> list[tuple[str, str]]:
    """(URL name, persona) of every GET page that takes only the organisation (+ year) and that
    the persona may open, in the order of the permissions table."""
    pages = []
    for name, (method, statuses) in ROWS.items():
        if method != "GET" or organisation_kwargs(name) is None:
            continue
        persona = persona_for(name)
        if statuses[persona] == 200:
            pages.append((name, persona))
    return pages
