"""What the Django benchmarks share: a fresh SQLite file under var/bench/, migrated, with the
test settings, removed afterwards whatever happens."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
BENCH_DIR = BASE_DIR / "var" / "bench"


@contextlib.contextmanager
def scratch_database():
    """Set Django up on a new database file and yield its path; delete the file at the end."""
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
