"""Public page throughput under load: `make bench`.

Runs as a script on a fresh SQLite file under var/bench/ with the demo (load_demo). gunicorn
serves it with the production config (deploy/gunicorn.conf.py, 2 workers) and the production
settings (DEBUG off, static files collected with the manifest storage and served by WhiteNoise;
HTTPS redirect and secure cookies off only because this is plain HTTP on the loopback). The load
generator (tests/load/loadgen.py, two processes) then keeps 32 connections busy for 15 s on each
of: the public section's index, its news, its mentors, and the public section's stylesheet from
the same server. Rows of the section «Нагрузка»: requests per second, median and p95 latency,
and how many times a page costs what the static file costs. Figures to read, never asserted: on
two CPUs the generator and the server share the machine.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from tests.benchmarks.harness import (  # noqa: E402
    BENCH_DIR,
    number,
    ratio,
    record,
    scratch_database,
)
from tests.load import loadgen, server  # noqa: E402

SECTION = "Нагрузка"
CONNECTIONS = 32
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", 15))
PROCESSES = 2
# Shared with `make serve`: collecting compresses every file, a minute of CPU worth doing once.
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_FILE = "css/public.css"


def production_env(database: Path) -> dict[str, str]:
    from django.core.files.storage import default_storage, storages

    return {
        "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        # Where load_demo (test settings) put the uploaded files.
        "DJANGO_MEDIA_ROOT": str(default_storage.location),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(storages["private"].location),
        "EMAIL_URL": "locmem://",
    }


def collect_static(env: dict[str, str]) -> None:
    """collectstatic when the project's static files or the installed packages are newer than
    the last collection (the same rule as scripts/serve)."""
    manifest = STATIC_ROOT / "staticfiles.json"
    sources = [BASE_DIR / "requirements.lock", BASE_DIR / ".venv" / ".installed"]
    sources += (BASE_DIR / "static").rglob("*")
    newest = max((path.stat().st_mtime for path in sources if path.exists()), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    print(f"Собираю статические файлы в {STATIC_ROOT} (около минуты)…")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        check=True,
    )


def static_url(name: str) -> str:
    paths = json.loads((STATIC_ROOT / "staticfiles.json").read_text(encoding="utf-8"))["paths"]
    return f"/static/{paths[name]}"


def public_pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    from roadmap.models import PublicSection

    org = PublicSection.objects.filter(is_enabled=True).order_by("pk")[0].organisation.slug
    return [
        ("Публичный раздел: главная", reverse("public:index", args=[org])),
        ("Публичный раздел: новости", reverse("public:news_list", args=[org])),
        ("Публичный раздел: наставники", reverse("public:mentors", args=[org])),
    ]


def measure(url: str, name: str, path: str) -> loadgen.Report:
    report = loadgen.run(
        url,
        [loadgen.Scenario(name, loadgen.Cycle(path))],
        connections=CONNECTIONS,
        seconds=SECONDS,
        processes=PROCESSES,
    )
    print(report.summary())
    return report


def note(report: loadgen.Report) -> str:
    tally = report.total
    text = f"медиана {number(tally.median_ms)} мс, p95 {number(tally.p95_ms)} мс"
    failures = sum(tally.errors.values()) + sum(tally.unexpected.values())
    return text + (f"; сбоев {failures}" if failures else "")


def main() -> None:
    from django.core.management import call_command
    from django.db import connections

    with scratch_database() as database:
        print("Загружаю демо-данные…")
        call_command("load_demo", yes_demo=True, verbosity=0)
        pages = public_pages()
        connections.close_all()
        env = production_env(database)
        collect_static(env)
        pages.append(("Статический файл (WhiteNoise)", static_url(STATIC_FILE)))
        log = BENCH_DIR / "gunicorn-load.log"
        with server.gunicorn(env=env, log=log) as running:
            print(f"gunicorn: {running.url}, журнал {log}")
            # Every page once through each worker before the clock runs.
            warm = [loadgen.Scenario(name, loadgen.Cycle(path)) for name, path in pages]
            loadgen.run(running.url, warm, connections=8, seconds=3)
            reports = {name: measure(running.url, name, path) for name, path in pages}
            problems = running.problems()
        if problems:
            print("В журнале сервера ошибки:\n" + "\n".join(problems[:20]))
    static = reports.pop("Статический файл (WhiteNoise)")
    for name, report in reports.items():
        # The ratio column reads «ours / reference» in time: the page's cost per request over
        # the static file's, which is the static file's throughput over the page's.
        record(
            SECTION,
            name,
            large=f"{number(report.throughput())} запр./с",
            ratio=ratio(static.throughput(), report.throughput()),
            note=note(report),
        )
    record(
        SECTION,
        f"Статический файл ({STATIC_FILE}, WhiteNoise)",
        large=f"{number(static.throughput())} запр./с",
        note=f"{note(static)}; демо-данные, 2 процесса gunicorn, {CONNECTIONS} соединения, "
        f"{number(SECONDS)} с на страницу",
    )


if __name__ == "__main__":
    main()
