"""How long the year's reports take at one school and at 200: `make bench`.

Runs as a script (pytest does not collect bench_*.py) on a fresh SQLite file under var/bench/,
which it creates, migrates and deletes. It generates an authority with one school of 100 people
(mentoring_site.scale_data), times the reports, adds 199 schools of 100 people and times them
again. Through the test client it times (the median of three runs) and counts the queries of:
the curator's dashboard, a school's dashboard as the coordinator sees it, the annual report page,
its PDF and XLSX, the statistics page, and the authority's table and its export. The rows go to
the table `make bench` prints at the end (harness.record); timings are never asserted.
"""

import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks import harness  # noqa: E402

SECTION = "Отчёты"
SCHOOLS, PEOPLE = 200, 100


def measure(client, url):
    """The median time, the queries of one request, and the response's size in kB."""
    seconds, count, response = harness.measure_page(client, url, runs=3)
    return seconds, count, len(response.content) // 1024


def cases(data) -> list[tuple[str, str, str]]:
    """(what, persona, URL) of every report timed, for ``data``'s school 0."""
    from django.urls import reverse

    from mentoring_site.school_year import SchoolYear

    school, authority = data.schools[0].slug, data.authority.slug
    report = [school, SchoolYear.current().start]
    return [
        ("Сводка куратора", "curator", reverse("roadmap:dashboard", args=[school])),
        ("Сводка школы у координатора", "coordinator", reverse("roadmap:dashboard", args=[school])),
        ("Аналитический отчёт: страница", "curator", reverse("roadmap:annual_report", args=report)),
        ("PDF: годовой отчёт", "curator", reverse("roadmap:annual_report_pdf", args=report)),
        ("XLSX: годовой отчёт", "curator", reverse("roadmap:annual_report_xlsx", args=report)),
        ("Показатели для статистики", "curator", reverse("roadmap:statistics", args=report)),
        (
            "Показатели школ органа управления: страница",
            "coordinator",
            reverse("roadmap:authority_overview", args=[authority]),
        ),
        (
            "Показатели школ органа управления: XLSX",
            "coordinator",
            reverse("roadmap:authority_export", args=[authority]),
        ),
    ]


def measure_all(data) -> dict[str, tuple[float, int, int]]:
    from django.test import Client

    clients = {}
    for persona in ("curator", "coordinator"):
        clients[persona] = Client()
        clients[persona].force_login(data.user(persona))
    results = {}
    for what, persona, url in cases(data):
        results[what] = measure(clients[persona], url)
        seconds, queries, size = results[what]
        print(f"  {what}: {harness.page(seconds, queries)}, {size} КБ")
    return results


def main():
    with harness.scratch_database():
        from mentoring_site import scale_data

        start = time.perf_counter()
        data = scale_data.generate(schools=1, people=PEOPLE)
        built_small = time.perf_counter() - start
        print(f"1 школа × {PEOPLE} чел. ({harness.duration(built_small)}):")
        small = measure_all(data)

        start = time.perf_counter()
        scale_data.add_schools(data, schools=SCHOOLS - 1, people=PEOPLE, log=print)
        built_large = built_small + time.perf_counter() - start
        print(f"{SCHOOLS} школ × {PEOPLE} чел. ({harness.duration(built_large)}):")
        large = measure_all(data)
        counts = scale_data.row_counts()

    harness.record(
        "Данные",
        "generate_scale_data (SQLite)",
        small=harness.duration(built_small),
        large=harness.duration(built_large),
        note=f"{harness.number(counts['участников'])} участников, "
        f"{harness.number(counts['программ'])} программ, "
        f"{harness.number(counts['пунктов планов'])} пунктов планов, "
        f"{harness.number(counts['приказов'])} приказов",
    )
    for what in small:
        (small_seconds, small_queries, _size), (seconds, queries, size) = small[what], large[what]
        harness.record(
            SECTION,
            what,
            small=harness.page(small_seconds, small_queries),
            large=harness.page(seconds, queries),
            note=f"{size} КБ; медиана 3 запусков через тестовый клиент",
        )


if __name__ == "__main__":
    main()
