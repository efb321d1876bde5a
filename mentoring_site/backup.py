"""Backups: one archive with a consistent snapshot of the database and of every uploaded file,
and the restore that puts them back and proves that nothing was lost.

An archive (``nastavnichestvo-ГГГГ-ММ-ДД-ЧЧММСС.tar.gz``) holds:

    database/db.sqlite3 or database/db.dump   SQLite's online backup, or ``pg_dump -Fc``
    files/media/…, files/private/…           MEDIA_ROOT and the private storage's location
    manifest.json                             written last: format, date, engine, the last
                                              migration of every app, and the fingerprint

The fingerprint is, for every table, its row count and a sha256 over its rows in primary-key
order, with values normalised so that SQLite and PostgreSQL agree (dates in UTC, JSON with
sorted keys, booleans as booleans); and for every file its size and sha256. A restore checks the
whole archive before it touches anything, and compares the restored data with the fingerprint.
"""

import contextlib
import datetime
import decimal
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from mentoring_site.env import env_str
from mentoring_site.templatetags.russian import plural

FORMAT = "nastavnichestvo-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.dump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_NAME = re.compile(r"nastavnichestvo-\d{4}-\d\d-\d\d-\d{6}\.tar\.gz")
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """What went wrong, in Russian, for the person running the command."""


@dataclass
class Backup:
    path: Path
    manifest: dict


@dataclass
class Restored:
    manifest: dict
    needs_migrate: bool  # the code has migrations the archive's database has not


def backup_dir() -> Path:
    """Where archives go by default: DJANGO_BACKUP_DIR, or var/backups."""
    configured = env_str("DJANGO_BACKUP_DIR")
    if configured:
        return Path(settings.BASE_DIR) / configured  # an absolute path stays as it is
    return Path(settings.VAR_DIR) / "backups"


def file_roots() -> dict[str, Path]:
    """The folders of uploaded files, by their name inside an archive."""
    roots = {"media": Path(settings.MEDIA_ROOT), "private": Path(storages["private"].location)}
    media, private = (root.resolve() for root in roots.values())
    if media.is_relative_to(private) or private.is_relative_to(media):
        raise BackupError(
            f"Каталоги загруженных файлов вложены друг в друга ({roots['media']} и "
            f"{roots['private']}): задайте DJANGO_MEDIA_ROOT и DJANGO_PRIVATE_MEDIA_ROOT "
            "отдельными каталогами — закрытые файлы не должны лежать среди общедоступных."
        )
    return roots


# Fingerprints ------------------------------------------------------------------------------


def fingerprint_database(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict]:
    """Every table of the database → its row count and the sha256 of its rows."""
    connection = connections[using]
    models = _models_by_table()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    prints = {}
    for table in sorted(tables):
        if table.startswith("sqlite_"):
            continue
        model = models.get(table)
        rows = _model_rows(model, using) if model else _raw_rows(connection, table)
        digest, count = hashlib.sha256(), 0
        for row in rows:
            digest.update(row)
            count += 1
        prints[table] = {"rows": count, "sha256": digest.hexdigest()}
    return prints


def fingerprint_files(roots: dict[str, Path]) -> dict[str, dict]:
    """Every uploaded file, as ``<root name>/<path>`` → its size and sha256."""
    prints = {}
    for name, root in roots.items():
        for path in _files_under(root):
            digest = hashlib.sha256()
            with path.open("rb") as file:
                while chunk := file.read(_CHUNK):
                    digest.update(chunk)
            key = f"{name}/{path.relative_to(root).as_posix()}"
            prints[key] = {"size": path.stat().st_size, "sha256": digest.hexdigest()}
    return prints


def compare(manifest: dict, tables: dict, files: dict) -> list[str]:
    """What differs between an archive's fingerprint and the data now, in Russian; empty when
    nothing does."""
    differences = []
    for table in sorted(manifest["tables"].keys() | tables.keys()):
        expected, actual = manifest["tables"].get(table), tables.get(table)
        if actual is None:
            differences.append(f"таблица {table}: есть в архиве, нет в базе")
        elif expected is None:
            differences.append(f"таблица {table}: есть в базе, нет в архиве")
        elif expected["rows"] != actual["rows"]:
            differences.append(
                f"таблица {table}: строк в архиве {expected['rows']}, в базе {actual['rows']}"
            )
        elif expected["sha256"] != actual["sha256"]:
            differences.append(f"таблица {table}: содержимое отличается от архива")
    for key in sorted(manifest["files"].keys() | files.keys()):
        expected, actual = manifest["files"].get(key), files.get(key)
        if actual is None:
            differences.append(f"файл {key}: есть в архиве, нет на диске")
        elif expected is None:
            differences.append(f"файл {key}: есть на диске, нет в архиве")
        elif expected != actual:
            differences.append(f"файл {key}: содержимое отличается от архива")
    return differences


def _models_by_table() -> dict:
    models = {MigrationRecorder.Migration._meta.db_table: MigrationRecorder.Migration}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy and model._meta.managed:
            models[model._meta.db_table] = model
    return models


def _model_rows(model, using):
    """The table's rows, encoded, in primary-key order. Read through the model, so that each
    database's converters give the same Python values (SQLite's 0/1 become booleans)."""
    rows = model._base_manager.using(using).values_list(
        *(field.attname for field in model._meta.concrete_fields)
    )
    if model._meta.pk.get_internal_type() in _INTEGER_KEYS:
        for row in rows.order_by("pk").iterator(chunk_size=2000):
            yield _encode(row)
        return
    # Text keys sort by each database's collation; sorting here gives one order everywhere.
    position = [field.attname for field in model._meta.concrete_fields].index(
        model._meta.pk.attname
    )
    keyed = sorted((_encode([row[position]]), _encode(row)) for row in rows.iterator())
    yield from (row for _key, row in keyed)


def _raw_rows(connection, table):
    """A table no model describes: its rows as the driver gives them, sorted."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        yield from sorted(_encode(row) for row in cursor.fetchall())


def _encode(row) -> bytes:
    values = [_normal(value) for value in row]
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode() + b"\n"


def _normal(value):
    """One form of a value, whichever database it came from."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value // datetime.timedelta(microseconds=1)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)  # UUID and the like


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The last applied migration of every app."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return {}
    state = {}
    for app, name in recorder.applied_migrations():
        state[app] = max(state.get(app, name), name)
    return dict(sorted(state.items()))


# Backup ------------------------------------------------------------------------------------


def archive_path(output: Path | None = None) -> Path:
    """The archive to write: ``output`` if it names a file, else a dated name in ``output`` or
    in the backup folder."""
    name = f"nastavnichestvo-{timezone.localtime():%Y-%m-%d-%H%M%S}.tar.gz"
    if output is None:
        return backup_dir() / name
    if output.is_dir() or str(output).endswith(os.sep):
        return output / name
    return output


def create_backup(output: Path | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Backup:
    """Write one archive with the database and the uploaded files; return it with its
    manifest. The archive appears under its name only when it is complete."""
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            f"Резервные копии делаются для SQLite и PostgreSQL, а не для {connection.vendor}."
        )
    roots = file_roots()
    path = archive_path(output)
    if path.exists():
        raise BackupError(f"Файл {path} уже есть: укажите другое имя.")
    path.parent.mkdir(parents=True, exist_ok=True)
    member = DATABASE_MEMBERS[connection.vendor]
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
        dump = Path(work) / PurePosixPath(member).name
        take_snapshot = _snapshot_sqlite if connection.vendor == "sqlite" else _snapshot_postgresql
        tables, migrations = take_snapshot(connection, dump)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "migrations": migrations,
            "database": {"member": member},
            "tables": tables,
            "files": {},
        }
        partial = Path(work) / path.name
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            manifest["database"] |= _add_file(archive, dump, member)
            for name, root in roots.items():
                for file in _files_under(root):
                    key = f"{name}/{file.relative_to(root).as_posix()}"
                    manifest["files"][key] = _add_file(archive, file, f"files/{key}")
            content = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(content), int(timezone.now().timestamp()), 0o644
            archive.addfile(info, io.BytesIO(content))
        partial.chmod(0o600)  # personal data: for the owner's eyes only
        os.replace(partial, path)
    return Backup(path, manifest)


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete the archives in ``directory`` older than the newest ``keep``; return them. Only
    files named as this command names them are touched."""
    archives = sorted(path for path in directory.iterdir() if ARCHIVE_NAME.fullmatch(path.name))
    old = archives[: max(len(archives) - keep, 0)]
    for path in old:
        path.unlink()
    return old


def _snapshot_sqlite(connection, dump: Path):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Резервную копию нельзя снять внутри открытой транзакции.")
    raw = connection.connection
    # A read transaction: the online backup copies the very snapshot it sees, and so does the
    # fingerprint below, while the site goes on writing (WAL) — the manifest describes exactly
    # the copy. Django is in autocommit mode, so it adds no BEGIN of its own.
    raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT COUNT(*) FROM sqlite_master")  # the snapshot starts with a read
        with contextlib.closing(sqlite3.connect(dump)) as copy:
            raw.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        return fingerprint_database(connection.alias), migration_state(connection.alias)
    finally:
        raw.execute("ROLLBACK")


def _snapshot_postgresql(connection, dump: Path):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Резервную копию нельзя снять внутри открытой транзакции.")
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            # pg_dump reads the very snapshot this transaction sees, and so does the
            # fingerprint below: the manifest describes exactly the dump.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        _run_pg_tool(
            connection,
            "pg_dump",
            ["--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={dump}"],
        )
        return fingerprint_database(connection.alias), migration_state(connection.alias)


def _add_file(archive: tarfile.TarFile, path: Path, arcname: str) -> dict:
    with path.open("rb") as file:
        info = archive.gettarinfo(arcname=arcname, fileobj=file)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _Hashing(file)
        try:
            archive.addfile(info, reader)
        except OSError as error:
            raise BackupError(
                f"Файл {path} изменился во время копирования: запустите копирование ещё раз."
            ) from error
    return {"size": info.size, "sha256": reader.hexdigest()}


class _Hashing:
    """A file-like reader that hashes what passes through it."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.file.read(size)
        self.digest.update(chunk)
        return chunk

    def hexdigest(self):
        return self.digest.hexdigest()


# PostgreSQL tools --------------------------------------------------------------------------

_PG_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "NAME": "PGDATABASE"}
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else the newest in /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = [
        path
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parts[-3].isdigit()
    ]
    if not candidates:
        raise BackupError(
            f"Не найдена программа {name}: установите клиент PostgreSQL "
            "(sudo apt-get install postgresql-client)."
        )
    return str(max(candidates, key=lambda path: int(path.parts[-3])))


def _run_pg_tool(connection, name: str, arguments: list[str]) -> None:
    # Connection settings travel in PG* variables: a password on the command line would be
    # visible to every user of the machine in the process list.
    environment = dict(os.environ)
    for key, variable in _PG_SETTINGS.items():
        if connection.settings_dict.get(key):
            environment[variable] = str(connection.settings_dict[key])
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    for option, variable in _PG_OPTIONS.items():
        if option in connection.settings_dict.get("OPTIONS", {}):
            environment[variable] = str(connection.settings_dict["OPTIONS"][option])
    result = subprocess.run(
        [pg_tool(name), *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{name} завершился с ошибкой:\n{result.stderr.strip()}")


# Restore -----------------------------------------------------------------------------------


def data_in_database(using: str = DEFAULT_DB_ALIAS) -> str:
    """The real data the database holds, in words («3 учётные записи, 2 организации»), or an
    empty string. Migrations create neither accounts nor organisations; they do fill the
    shipped catalogues, which is why those do not count."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        held = []
        for model, forms in (
            (get_user_model(), ("учётная запись", "учётные записи", "учётных записей")),
            (
                apps.get_model("registry", "Organisation"),
                ("организация", "организации", "организаций"),
            ),
        ):
            if model._meta.db_table not in existing:
                continue
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            (count,) = cursor.fetchone()
            if count:
                held.append(f"{count} {plural(count, *forms)}")
    return ", ".join(held)


def restore_backup(
    path: Path, *, overwrite: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Restored:
    """Put the archive's database and files in place of the current ones, then prove that
    they match its fingerprint. The whole archive is checked first: a bad one changes
    nothing."""
    connection = connections[using]
    if not path.is_file():
        raise BackupError(f"Нет такого файла: {path}.")
    if not overwrite and (held := data_in_database(using)):
        raise BackupError(
            f"В базе данных уже есть данные ({held}): восстановление заменит их содержимым "
            "архива. Если так и нужно, повторите команду с --yes."
        )
    roots = file_roots()
    for root in roots.values():
        # The swap renames the folder: a mount point (a shared NFS folder) cannot be renamed.
        if os.path.ismount(root):
            raise BackupError(
                f"{root} — точка монтирования, её нельзя заменить целиком: храните файлы в "
                "подкаталоге общего диска (например, …/shared/private), см. docs/deploy.md."
            )
    with _Staging(roots) as staging:
        manifest = _unpack(path, staging)
        _check_manifest(manifest, connection)
        if connection.vendor == "postgresql":
            _check_no_other_tables(connection, manifest)
            _restore_postgresql(connection, staging.database)
        else:
            _restore_sqlite(connection, staging.database)
        try:
            staging.swap()
        except OSError as error:
            raise BackupError(
                f"База данных восстановлена, а каталог файлов заменить не удалось ({error}): "
                "исправьте права и повторите восстановление."
            ) from error
    differences = compare(manifest, fingerprint_database(using), fingerprint_files(roots))
    if differences:
        raise BackupError(
            "После восстановления данные не совпадают с архивом:\n  " + "\n  ".join(differences)
        )
    executor = MigrationExecutor(connection)
    needs_migrate = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return Restored(manifest, needs_migrate)


class _Staging:
    """Where an archive is unpacked before anything is replaced: the database file in a
    temporary folder, each folder of files beside the folder it will replace (the same disk,
    so that the swap is a rename)."""

    def __init__(self, roots: dict[str, Path]):
        self.roots = roots
        self.folders: dict[str, Path] = {}
        self.work: Path | None = None

    def __enter__(self):
        backups = backup_dir()
        backups.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix=".restore-", dir=backups))
        self.database = self.work / "database"
        try:
            for name, root in self.roots.items():
                root.parent.mkdir(parents=True, exist_ok=True)
                self.folders[name] = Path(
                    tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=root.parent)
                )
        except OSError:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info):
        for folder in [self.work, *self.folders.values()]:
            shutil.rmtree(folder, ignore_errors=True)

    def file(self, root: str, relative: str) -> Path:
        return self.folders[root].joinpath(*PurePosixPath(relative).parts)

    def swap(self) -> None:
        """Replace each folder of files with its unpacked copy: two renames per folder."""
        for name, root in self.roots.items():
            new = self.folders.pop(name)
            old = None
            if root.exists():
                shutil.copystat(root, new)
                with contextlib.suppress(PermissionError):
                    os.chown(new, root.stat().st_uid, root.stat().st_gid)
                old = root.with_name(f".{root.name}.old-{uuid.uuid4().hex[:8]}")
                root.rename(old)
            else:
                new.chmod(0o750)
            new.rename(root)
            if old:
                shutil.rmtree(old)


def _unpack(path: Path, staging: _Staging) -> dict:
    """Unpack the archive into the staging folders, checking every member against the
    manifest; return the manifest."""
    manifest_bytes, unpacked = None, {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                name = member.name
                if member.isdir() and name.startswith("files/"):
                    continue
                if not member.isfile():
                    raise _foreign(path, name)
                if name == MANIFEST:
                    manifest_bytes = archive.extractfile(member).read()
                elif name in DATABASE_MEMBERS.values():
                    unpacked[name] = _extract(archive, member, staging.database)
                elif name.startswith("files/"):
                    root, _slash, relative = name.removeprefix("files/").partition("/")
                    parts = PurePosixPath(relative).parts
                    if (
                        root not in staging.roots
                        or not parts
                        or ".." in parts
                        or relative.startswith("/")
                    ):
                        raise _foreign(path, name)
                    unpacked[f"{root}/{relative}"] = _extract(
                        archive, member, staging.file(root, relative)
                    )
                else:
                    raise _foreign(path, name)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"Архив {path} повреждён или это не архив резервной копии ({error})."
        ) from error
    if manifest_bytes is None:
        raise BackupError(
            f"В архиве {path} нет {MANIFEST}: это не резервная копия Наставничества "
            "или архив обрезан."
        )
    manifest = _read_manifest(path, manifest_bytes)
    problems = []
    database = manifest["database"]
    expected = {"size": database.get("size"), "sha256": database.get("sha256")}
    if unpacked.pop(database["member"], None) != expected:
        problems.append(f"база данных {database['member']} отсутствует или повреждена")
    for key in sorted(manifest["files"].keys() | unpacked.keys()):
        if key not in unpacked:
            problems.append(f"нет файла {key}")
        elif key not in manifest["files"]:
            problems.append(f"лишний файл {key}")
        elif unpacked[key] != manifest["files"][key]:
            problems.append(f"файл {key} повреждён")
    if problems:
        raise BackupError(
            f"Архив {path} не совпадает со своим описанием, ничего не изменено:\n  "
            + "\n  ".join(problems)
        )
    return manifest


def _read_manifest(path: Path, content: bytes) -> dict:
    try:
        manifest = json.loads(content)
        if manifest["format"] != FORMAT:
            raise ValueError
        version = manifest["version"]
        if version == FORMAT_VERSION and (
            manifest["database"]["member"] != DATABASE_MEMBERS.get(manifest["engine"])
            or not isinstance(manifest["files"], dict)
            or not isinstance(manifest["migrations"], dict)
            or not all(
                isinstance(table["rows"], int) and isinstance(table["sha256"], str)
                for table in manifest["tables"].values()
            )
        ):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"{path}: это не резервная копия Наставничества.") from None
    if version != FORMAT_VERSION:
        raise BackupError(
            f"Архив в формате версии {version}, а эта версия приложения читает только версию "
            f"{FORMAT_VERSION}."
        )
    return manifest


def _foreign(path: Path, name: str) -> BackupError:
    return BackupError(
        f"В архиве {path} посторонний элемент «{name}»: это не резервная копия Наставничества."
    )


def _extract(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _Hashing(archive.extractfile(member))
    size = 0
    with target.open("xb") as file:
        while chunk := source.read(_CHUNK):
            file.write(chunk)
            size += len(chunk)
    target.chmod(member.mode & 0o755)
    return {"size": size, "sha256": source.hexdigest()}


def _check_manifest(manifest: dict, connection) -> None:
    engine = manifest.get("engine")
    if engine != connection.vendor:
        raise BackupError(
            f"Архив сделан с базой {ENGINE_NAMES.get(engine, engine)}, а приложение работает с "
            f"{ENGINE_NAMES.get(connection.vendor, connection.vendor)}: копия восстанавливается "
            "только в базу того же вида."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "Архив сделан более новой версией приложения (неизвестные миграции: "
            f"{', '.join(unknown)}): сначала обновите приложение."
        )


def _check_no_other_tables(connection, manifest: dict) -> None:
    # pg_restore --clean drops only what the dump holds; a table it does not know would stay
    # behind with its rows.
    with connection.cursor() as cursor:
        other = sorted(
            set(connection.introspection.table_names(cursor)) - manifest["tables"].keys()
        )
    if other:
        raise BackupError(
            f"В базе есть таблицы, которых нет в архиве ({', '.join(other)}): восстановите копию "
            "в новую пустую базу (createdb) и укажите её в DATABASE_URL."
        )


def _restore_sqlite(connection, database: Path) -> None:
    connection.close()
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(database)) as source:
        # Into the live file, in one step: other connections wait, then see the restored data.
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(
                f"Не удалось записать базу SQLite, она не изменена: {error}."
            ) from error


def _restore_postgresql(connection, database: Path) -> None:
    connection.close()
    _run_pg_tool(
        connection,
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database),
        ],
    )
