"""How fast every list, dashboard and report page answers, beside the Django admin: `make bench`.

Runs as a script (pytest does not collect bench_*.py). It measures twice, each time in a process
of its own on a fresh SQLite file under var/bench/ (Django is set up once per process): on data
generated for 1 school of 100 people, and for an authority of 200 schools of 100 people
(mentoring_site.scale_data). The pages are every GET page of tests/test_permissions.py whose URL
takes only the organisation (and the school year) and that lists, sums up or exports rather than
edits, looked at by whoever sees most of it: school 0's curator, the authority's coordinator for
the authority's pages, an anonymous visitor for the public section; and the mentor's own
dashboard. Each page is fetched through django.test.Client with its templates rendered: once to
count its queries, then five times for the median time. At 200 schools, beside each page that
lists one model, the admin changelist of the same model with the same rows (filtered to school
0, 25 rows a page as ours) is measured the same way as the site administrator. The rows go to
the final table of `make bench` (section «Страницы»), with a note where the admin has no list of
the same rows or where a page's time grows with the authority by design; nothing is asserted.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks.harness import (  # noqa: E402
    BENCH_DIR,
    measure_page,
    page,
    ratio,
    record,
    scratch_database,
)

SIZES = {"small": 1, "large": 200}
PEOPLE = 100
RUNS = 5
SECTION = "Страницы"
# Forms and settings edit one thing; they are not list, dashboard or report pages.
NOT_LISTS = re.compile(r"_(create|edit)$|settings$|import|my_|annual_report_pdf$")
MENTOR_PAGES = ["home", "roadmap:dashboard"]
DOWNLOADS = {
    "registry:mentee_export": "Выгрузка банка наставляемых (XLSX)",
    "registry:mentor_export": "Выгрузка банка наставников (XLSX)",
    "programmes:monitoring_export": "Выгрузка мониторинга (XLSX)",
    "roadmap:order_export": "Выгрузка журнала приказов (XLSX)",
    "roadmap:annual_report_xlsx": "Аналитический отчёт (XLSX)",
    "roadmap:authority_export": "Показатели школ (XLSX)",
    "public:news_feed": "Лента новостей (Atom)",
}
# Page → (admin changelist, the filters beyond the organisation that make its rows ours).
ADMIN = {
    "registry:person_list": ("registry.person", {}),
    "registry:mentee_list": ("registry.menteeentry", {}),
    "registry:mentor_list": ("registry.mentorentry", {}),
    "registry:training_list": ("registry.trainingsession", {}),
    "registry:consent_list": ("registry.consent", {}),
    "programmes:group_list": ("programmes.group", {}),
    "programmes:waiting_list": ("registry.menteeentry", {"status__exact": "waiting"}),
    "programmes:programme_list": ("programmes.programme", {}),
    "programmes:practice_list": ("programmes.practice", {}),
    "roadmap:roadmap_list": ("roadmap.roadmap", {}),
    "roadmap:order_list": ("roadmap.order", {}),
    "roadmap:regulation_list": ("roadmap.regulation", {}),
    "roadmap:document_list": ("roadmap.normativedocument", {}),
    "roadmap:news_list": ("roadmap.news", {}),
    "roadmap:results_list": ("programmes.programme", {"status__exact": "completed"}),
    "public:news_list": ("roadmap.news", {"is_published__exact": "1"}),
    "public:documents": ("roadmap.normativedocument", {"is_published__exact": "1"}),
}

# Why a page has no admin changelist beside it, or why its time grows at 200 schools.
NOTES = {
    "registry:topic_list": "общий каталог и свои строки школы: в админке такого отбора нет",
    "programmes:form_list": "общий каталог и свои строки школы: в админке такого отбора нет",
    "programmes:template_list": "общий каталог и свои строки школы: в админке такого отбора нет",
    "registry:inbox": "новые запросы и анкеты вместе: в админке это два списка",
    "public:mentors": "только давшие согласие на публикацию: в админке такого отбора нет",
    "roadmap:authority_overview": "сводит все 200 школ (20 000 чел.): время растёт с числом "
    "школ, запросов — нет",
    "roadmap:authority_export": "сводит все 200 школ (20 000 чел.): время растёт с числом "
    "школ, запросов — нет",
}


# --- In the measuring process -------------------------------------------------------------


def pages(data) -> list[tuple[str, str, str]]:
    """(URL name, persona, URL) of every page measured, for school 0 of ``data``."""
    from django.urls import reverse

    from mentoring_site.school_year import SchoolYear
    from tests.organisation_pages import organisation_kwargs, organisation_pages

    school, authority = data.schools[0], data.authority
    found = []
    for name, persona in organisation_pages():
        if NOT_LISTS.search(name):
            continue
        slug = authority.slug if persona == "coordinator" else school.slug
        kwargs = {**organisation_kwargs(name), "org": slug}
        if "year" in kwargs:
            kwargs["year"] = SchoolYear.current().start
        found.append((name, persona, reverse(name, kwargs=kwargs)))
    for name in MENTOR_PAGES:
        url = reverse(name) if name == "home" else reverse(name, args=[school.slug])
        found.append((name, "mentor", url))
    found.append(("home", "curator", reverse("home")))
    return found


def admin_url(data, name: str) -> str | None:
    """The admin changelist showing the rows of page ``name`` in school 0, or None."""
    from django.contrib import admin
    from django.urls import reverse
    from django.utils.http import urlencode

    from registry.admin import OrganisationFilter

    if name not in ADMIN:
        return None
    label, filters = ADMIN[name]
    model_admin = next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower == label
    )
    lookup = next(
        entry[0]
        for entry in model_admin.list_filter
        if isinstance(entry, tuple) and entry[1] is OrganisationFilter
    )
    query = {f"{lookup}__id__exact": data.schools[0].pk, **filters}
    return f"{reverse('admin:{}_{}_changelist'.format(*label.split('.')))}?{urlencode(query)}"


def title(response, name: str) -> str:
    """What the page calls itself: its <title> without the site's name; downloads by name."""
    if name in DOWNLOADS:
        return DOWNLOADS[name]
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    text = " ".join(found.group(1).split()) if found else name
    # «Страница · Наставничество», on the public section «Страница — Наставничество — Школа».
    return re.split(r" · | — ", text)[0] or name


def measure_size(size: str, out: Path) -> None:
    from django.contrib import admin
    from django.test import Client

    from mentoring_site import scale_data
    from mentoring_site.pagination import PER_PAGE

    schools = SIZES[size]
    start = time.perf_counter()
    data = scale_data.generate(schools=schools, people=PEOPLE, log=print)
    print(f"Данные: {schools} шк. × {PEOPLE} чел. за {time.perf_counter() - start:.0f} с")
    clients = {"anonymous": Client()}
    for persona in ("curator", "coordinator", "mentor", "superuser"):
        clients[persona] = Client()
        clients[persona].force_login(data.user(persona))
    # The admin pages as many rows as ours do: the same rows, not four times as many.
    for model_admin in admin.site._registry.values():
        model_admin.list_per_page = PER_PAGE
    results = []
    for name, persona, url in pages(data):
        seconds, queries, response = measure_page(clients[persona], url, RUNS)
        row = {"name": name, "persona": persona, "title": title(response, name)}
        row.update(seconds=seconds, queries=queries)
        if size == "large" and (changelist := admin_url(data, name)):
            seconds, queries, _response = measure_page(clients["superuser"], changelist, RUNS)
            row["admin"] = {"seconds": seconds, "queries": queries}
        results.append(row)
        print(f"  {row['title']} ({name}, {persona}): {page(row['seconds'], row['queries'])}")
    out.write_text(json.dumps(results, ensure_ascii=False))


# --- In the parent process -----------------------------------------------------------------

PERSONAS = {"coordinator": "координатор", "anonymous": "посетитель сайта", "mentor": "наставник"}


def label(row: dict) -> str:
    who = PERSONAS.get(row["persona"])
    prefix = "Сайт: " if row["name"].startswith("public:") else ""
    suffix = f", {who}" if who and row["persona"] != "anonymous" else ""
    return f"{prefix}{row['title']}{suffix} (`{row['name']}`)"


def combine(small: list[dict], large: list[dict]) -> None:
    by_key = {(row["name"], row["persona"]): row for row in small}
    for row in large:
        before = by_key.get((row["name"], row["persona"]))
        cells = {"large": page(row["seconds"], row["queries"])}
        notes = [NOTES[row["name"]]] if row["name"] in NOTES else []
        if before:
            cells["small"] = page(before["seconds"], before["queries"])
            if before["queries"] != row["queries"]:
                notes.append(f"запросов: {before['queries']} → {row['queries']}")
        if admin_row := row.get("admin"):
            cells["admin"] = page(admin_row["seconds"], admin_row["queries"])
            cells["ratio"] = ratio(row["seconds"], admin_row["seconds"])
        if notes:
            cells["note"] = "; ".join(notes)
        record(SECTION, label(row), **cells)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES)
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    if arguments.size:
        with scratch_database():
            measure_size(arguments.size, arguments.out)
        return 0
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    found = {}
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as scratch:
        for size, schools in SIZES.items():
            print(f"Страницы: {schools} шк. × {PEOPLE} чел.…")
            out = Path(scratch) / f"{size}.json"
            command = [sys.executable, __file__, "--size", size, "--out", str(out)]
            subprocess.run(command, check=True)
            found[size] = json.loads(out.read_text())
    combine(found["small"], found["large"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
