"""What the Django benchmarks share: a fresh SQLite file under var/bench/, migrated, with the
test settings, removed afterwards whatever happens; the median of a few runs; and the rows of the
one table `make bench` prints at the end (report.py), with the formatting every row uses."""

import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
BENCH_DIR = BASE_DIR / "var" / "bench"

# Every benchmark adds its rows here; `make bench` prints them as one table at the end
# (tests/benchmarks/report.py). A fresh `make bench` starts from an empty file. BENCH_RESULTS
# names another file, for a run beside someone else's.
RESULTS = Path(os.environ.get("BENCH_RESULTS", BENCH_DIR / "results.jsonl"))
CELLS = ("small", "large", "admin", "ratio", "note")


@contextlib.contextmanager
def scratch_database():
    """Set Django up on a new database file and yield its path; delete the file at the end.
    Django can be set up once per process: a benchmark that needs two databases runs each in
    a process of its own."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    handle, database = tempfile.mkstemp(prefix="bench-", suffix=".sqlite3", dir=BENCH_DIR)
    os.close(handle)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring_site.settings_test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(BASE_DIR))
    try:
        import django
        from django.core.management import call_command

        django.setup()
        print(f"База для замеров: {database}")
        call_command("migrate", verbosity=0, interactive=False)
        yield Path(database)
    finally:
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


def record(
    section: str,
    what: str,
    *,
    small: str | None = None,
    large: str | None = None,
    admin: str | None = None,
    ratio: str | None = None,
    note: str | None = None,
) -> None:
    """Add one row of the final table; the cells are already formatted (``small``: 1 school,
    ``large``: 200 schools × 100 people, ``admin``: the admin changelist at that size,
    ``ratio``: ours / admin, ``note``). A cell left out prints as «—»."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    cells = dict(zip(CELLS, (small, large, admin, ratio, note), strict=True))
    row = {"section": section, "what": what, **{k: v for k, v in cells.items() if v}}
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write(json.dumps(row, ensure_ascii=False) + "\n")


def median_time(function, runs: int = 3):
    """The median duration of ``runs`` calls, in seconds, and the last call's result."""
    durations, result = [], None
    for _run in range(runs):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def measure_page(client, url: str, runs: int = 5):
    """Fetch ``url`` once to count its queries, then ``runs`` times: (median seconds, queries,
    the first response). The page must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    # Read now: the next request clears the connection's log the capture reads from.
    count = len(queries)
    seconds, _last = median_time(lambda: client.get(url), runs=runs)
    return seconds, count, response


def number(value: float, digits: int = 0) -> str:
    """A number as Russian text: «1 234», «0,42»."""
    return f"{value:,.{digits}f}".replace(",", "\u00a0").replace(".", ",")


def duration(seconds: float) -> str:
    """«41 мс» under a second, «2,3 с» above."""
    if seconds < 1:
        return f"{number(seconds * 1000)} мс"
    return f"{number(seconds, 1 if seconds < 100 else 0)} с"


def page(seconds: float, queries: int) -> str:
    """A page's cell: «41 мс · 12 запр.»."""
    return f"{duration(seconds)} · {queries} запр."


def ratio(ours: float, theirs: float) -> str:
    """«×1,3»: how many times ours takes what the other takes."""
    return f"×{number(ours / theirs, 1 if ours / theirs < 10 else 0)}"
