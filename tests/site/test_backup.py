"""Backup and restore: a round trip loses nothing, a bad archive changes nothing.

The commands run for real against the test database (SQLite's online backup API, or pg_dump and
pg_restore on PostgreSQL), so the data must be committed: these tests are transactional, and
serialized rollback puts back the catalogues the migrations shipped."""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from mentoring_site.backup import file_roots, fingerprint_database, fingerprint_files
from mentoring_site.settings import BASE_DIR
from registry.models import Consent, Person
from roadmap.models import News
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def folders(settings, tmp_path, monkeypatch):
    """Uploaded files and archives in this test's own folders, before any file is saved."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DJANGO_BACKUP_DIR", str(tmp_path / "backups"))
    # The file fields took the private storage when the models were imported: point that very
    # object (and the one the storages handler gives now, if another) at this test's folder.
    private = {
        id(storage): storage
        for storage in (storages["private"], Consent._meta.get_field("scan").storage)
    }
    saved = [(storage, storage._location) for storage in private.values()]
    for storage, _location in saved:
        storage._location = str(tmp_path / "private")
        forget_location(storage)
    yield tmp_path
    for storage, location in saved:
        storage._location = location
        forget_location(storage)


def forget_location(storage):
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


def fingerprint():
    return fingerprint_database(), fingerprint_files(file_roots())


def back_up(*arguments) -> tuple[Path, str]:
    output = io.StringIO()
    call_command("backup", *arguments, stdout=output)
    first_line = output.getvalue().splitlines()[0]
    path = Path(first_line.removeprefix("Резервная копия сохранена: ").rsplit(" (", 1)[0])
    return path, output.getvalue()


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of ``archive`` whose members pass through ``change(name, content)``, which
    returns the new (name, content) or None to leave the member out."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            changed = change(member.name, source.extractfile(member).read())
            if changed:
                info = tarfile.TarInfo(changed[0])
                info.size = len(changed[1])
                copy.addfile(info, io.BytesIO(changed[1]))
    return target


def test_a_round_trip_loses_nothing(public_world, folders):
    world = public_world
    original_tables, original_files = fingerprint()
    assert original_tables["registry_person"]["rows"] >= 7
    assert any(key.startswith("private/consents/") for key in original_files)
    assert any(key.startswith("private/news/") for key in original_files)

    archive, said = back_up()
    assert archive.parent == folders / "backups"
    assert archive.name.startswith("nastavnichestvo-") and archive.name.endswith(".tar.gz")
    assert f"База данных {'SQLite' if connection.vendor == 'sqlite' else 'PostgreSQL'}" in said
    manifest = manifest_of(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"]["registry"].startswith("00")
    assert manifest["tables"] == original_tables
    assert manifest["files"] == original_files

    News.objects.all().delete()
    Person.objects.filter(pk=world.person.pk).update(last_name="Подменённая")
    TopicFactory(organisation=world.school, name="Появилось после копии")
    Path(world.consent.scan.path).write_bytes(b"%PDF-1.4 another scan")
    Path(world.public_practice.file.path).unlink()
    (folders / "private" / "after-backup.pdf").write_bytes(b"%PDF-1.4 a stray file")
    altered = fingerprint()

    with pytest.raises(CommandError, match=r"уже есть данные .*--yes"):
        call_command("restore", str(archive))
    assert fingerprint() == altered

    output = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=output)
    assert "совпадают с архивом" in output.getvalue()
    assert fingerprint() == (original_tables, original_files)
    assert Person.objects.get(pk=world.person.pk).last_name == "Белова"


def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(world, folders):
    archive, _said = back_up()
    # Changed since the backup: a restore that went ahead by mistake would undo these.
    TopicFactory(organisation=world.school, name="Появилось после копии")
    (folders / "private" / "after-backup.pdf").write_bytes(b"%PDF-1.4 a new file")
    before = fingerprint()
    scan = next(key for key in before[1] if key.startswith("private/consents/"))
    other_engine = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    members = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.dump"}

    def with_manifest(**fields):
        def change(name, content):
            if name == "manifest.json":
                content = json.dumps(json.loads(content) | fields).encode()
            return name, content

        return change

    def other_database(name, content):
        if name == members[connection.vendor]:
            return members[other_engine], content
        if name == "manifest.json":
            manifest = json.loads(content)
            manifest["engine"] = other_engine
            manifest["database"]["member"] = members[other_engine]
            return name, json.dumps(manifest).encode()
        return name, content

    bad = folders / "bad"
    bad.mkdir()
    (bad / "not-an-archive.tar.gz").write_bytes(b"just some text, not gzip")
    (bad / "truncated.tar.gz").write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    cases = {
        "not-an-archive.tar.gz": "повреждён или это не архив",
        "truncated.tar.gz": "повреждён или это не архив",
        "foreign.tar.gz": "посторонний элемент «notes.txt»",
        "scan-replaced.tar.gz": f"файл {scan} повреждён",
        "scan-missing.tar.gz": f"нет файла {scan}",
        "database-replaced.tar.gz": "отсутствует или повреждена",
        "no-manifest.tar.gz": "нет manifest.json",
        "other-engine.tar.gz": "только в базу того же вида",
        "newer-app.tar.gz": "более новой версией приложения",
        "newer-format.tar.gz": "в формате версии 2",
    }
    rewrite(archive, bad / "foreign.tar.gz", lambda name, content: ("notes.txt", b"hello"))
    rewrite(
        archive,
        bad / "scan-replaced.tar.gz",
        lambda name, content: (name, b"%PDF-1.4 forged" if name == f"files/{scan}" else content),
    )
    rewrite(
        archive,
        bad / "scan-missing.tar.gz",
        lambda name, content: None if name == f"files/{scan}" else (name, content),
    )
    rewrite(
        archive,
        bad / "database-replaced.tar.gz",
        lambda name, content: (
            name,
            content[:-1] + bytes([content[-1] ^ 1]) if name.startswith("database/") else content,
        ),
    )
    rewrite(
        archive,
        bad / "no-manifest.tar.gz",
        lambda name, content: None if name == "manifest.json" else (name, content),
    )
    rewrite(archive, bad / "other-engine.tar.gz", other_database)
    rewrite(
        archive,
        bad / "newer-app.tar.gz",
        with_manifest(migrations={"registry": "9999_from_the_future"}),
    )
    rewrite(archive, bad / "newer-format.tar.gz", with_manifest(version=2))

    for name, message in cases.items():
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(bad / name), "--yes")
        assert message in str(refused.value), name
        assert fingerprint_files(file_roots()) == before[1], name
    assert fingerprint_database() == before[0]
    leftovers = [path.name for path in folders.rglob("*") if ".restore-" in path.name]
    assert leftovers == []


def test_old_archives_beyond_keep_are_deleted_and_nothing_else(folders):
    backups = folders / "backups"
    backups.mkdir()
    older = ["nastavnichestvo-2025-01-01-020000.tar.gz", "nastavnichestvo-2025-01-02-020000.tar.gz"]
    for name in [*older, "notes.txt", "nastavnichestvo-by-hand.tar.gz"]:
        (backups / name).write_bytes(b"x")

    archive, said = back_up("--keep", "2")

    assert sorted(path.name for path in backups.iterdir()) == sorted(
        [older[1], archive.name, "notes.txt", "nastavnichestvo-by-hand.tar.gz"]
    )
    assert "Удалены старые копии (1)" in said
    with pytest.raises(CommandError, match="не меньше 1"):
        call_command("backup", "--keep", "0")


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite:").startswith(("postgres:", "postgresql:")),
    reason="SQLite's own file; PostgreSQL's round trip is the first test",
)
def test_a_sqlite_file_is_backed_up_while_the_site_writes_and_restored_into_a_new_one(
    world, folders
):
    live = folders / "live.sqlite3"
    with contextlib.closing(sqlite3.connect(live)) as copy:
        connection.connection.backup(copy)
    for root in file_roots().values():
        if root.exists():
            root.rename(folders / f"live-{root.name}")

    def manage(*arguments, database, files):
        environment = {
            key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
        } | {
            "DJANGO_SETTINGS_MODULE": "mentoring_site.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "backup-test-" + "k" * 50,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_MEDIA_ROOT": str(folders / f"{files}-media"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(folders / f"{files}-private"),
            "DJANGO_BACKUP_DIR": str(folders / "backups"),
        }
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    stop, written = threading.Event(), []

    def site_writes():
        with sqlite3.connect(live, timeout=20, isolation_level=None) as writer:
            writer.execute("PRAGMA journal_mode=WAL")
            while not stop.is_set():
                key = f"write-{len(written):05d}"
                writer.execute(
                    "INSERT INTO django_session VALUES (?, 'data', '2100-01-01 00:00:00')", [key]
                )
                written.append(key)
                time.sleep(0.002)  # a busy site, not a tight loop that starves the backup

    writer = threading.Thread(target=site_writes)
    writer.start()
    try:
        backed_up = manage("backup", database=live, files="live")
    finally:
        stop.set()
        writer.join()
    assert backed_up.returncode == 0, backed_up.stderr
    archive = next((folders / "backups").glob("nastavnichestvo-*.tar.gz"))

    restored = manage("restore", str(archive), database=folders / "new.sqlite3", files="new")

    assert restored.returncode == 0, restored.stderr
    assert "совпадают с архивом" in restored.stdout
    with sqlite3.connect(folders / "new.sqlite3") as new:
        (sessions,) = new.execute("SELECT COUNT(*) FROM django_session").fetchone()
    assert 0 < sessions <= len(written)
    assert sorted(p.name for p in (folders / "new-private").rglob("*.pdf")) == sorted(
        p.name for p in (folders / "live-private").rglob("*.pdf")
    )
