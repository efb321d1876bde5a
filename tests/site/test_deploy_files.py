"""The deployment guide's ready-to-copy files (deploy/) agree with the application: the
environment file names only variables the code reads and lists all of them, the systemd units
run commands that exist, and nginx never serves the private files."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from django.core.management import get_commands

from mentoring_site import uploads
from mentoring_site.settings import BASE_DIR
from programmes.services.practices import MAX_MATERIAL_SIZE
from registry.services.people_import import MAX_FILE_SIZE

DEPLOY = BASE_DIR / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
NGINX = sorted((DEPLOY / "nginx").glob("*.conf"))
APP_DIR = "/srv/nastavnichestvo"  # where the units expect the code


def variables_read(*paths: Path) -> set[str]:
    """The names passed to env_str/env_bool/env_int/env_list in these modules."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"env_str", "env_bool", "env_int", "env_list"}
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def example_lines() -> list[tuple[str, str, bool]]:
    """(name, value, active) for every assignment in env.example, commented-out ones too."""
    found = []
    for line in (DEPLOY / "env.example").read_text().splitlines():
        match = re.fullmatch(r"(#?)([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found.append((match[2], match[3].strip("'"), not match[1]))
    return found


def example_environment() -> dict[str, str]:
    return {name: value for name, value, active in example_lines() if active}


APP_SETTINGS = (
    BASE_DIR / "mentoring_site" / "settings.py",
    BASE_DIR / "mentoring_site" / "backup.py",
)


def test_the_environment_file_names_only_variables_the_code_reads_and_all_it_needs():
    read = variables_read(*APP_SETTINGS, DEPLOY / "gunicorn.conf.py")
    named = {name for name, _value, _active in example_lines()}
    assert named - read == set(), "в env.example лишние переменные"
    assert variables_read(*APP_SETTINGS) - named == set(), "в env.example нет переменных"
    readme = (BASE_DIR / "README.md").read_text().split("## Настройка", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `([A-Z_]+)`", readme, re.MULTILINE)) - named == set()
    assert example_environment()["DJANGO_DEBUG"] == "false"


def test_the_shell_reads_the_environment_file_as_systemd_does():
    # deploy/manage sources the file; systemd's EnvironmentFile= parses it itself.
    script = "set -a; . deploy/env.example; set +a; env -0"
    output = subprocess.run(
        ["bash", "-c", script], cwd=BASE_DIR, env={}, capture_output=True, check=True
    ).stdout.decode()
    shell = dict(item.split("=", 1) for item in output.split("\0") if "=" in item)
    assert {name: shell.get(name) for name in example_environment()} == example_environment()


def test_the_example_environment_passes_the_deployment_checks():
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE"))
    } | example_environment()
    environment["DJANGO_SECRET_KEY"] = "a-real-secret-of-sixty-characters-" + "x1y2z3" * 5
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def unit_settings(path: Path) -> list[tuple[str, str]]:
    return [
        tuple(part.strip() for part in line.split("=", 1))
        for line in path.read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]


def test_the_units_run_commands_that_exist_from_the_application_folder():
    commands = get_commands()
    services = [unit for unit in UNITS if unit.suffix == ".service"]
    assert {unit.name for unit in services} >= {
        "nastavnichestvo.service",
        "nastavnichestvo-reminders.service",
        "nastavnichestvo-backup.service",
        "nastavnichestvo-clearsessions.service",
    }
    for unit in services:
        settings = dict(unit_settings(unit))
        assert settings["WorkingDirectory"] == APP_DIR, unit.name
        assert settings["EnvironmentFile"] == "/etc/nastavnichestvo/env", unit.name
        assert settings["User"] == "nastavnik", unit.name
        program, *arguments = settings["ExecStart"].split()
        assert program.startswith(f"{APP_DIR}/.venv/bin/"), unit.name
        if arguments[0] == "manage.py":
            assert arguments[1] in commands, f"{unit.name}: нет команды {arguments[1]}"
        for argument in arguments:
            if argument.startswith(f"{APP_DIR}/"):
                assert (BASE_DIR / argument.removeprefix(f"{APP_DIR}/")).exists(), argument
    schedule = {unit.stem for unit in UNITS if unit.suffix in {".timer", ".socket"}}
    assert schedule <= {unit.stem for unit in services}
    assert (
        "manage.py backup --keep 14"
        in (DEPLOY / "systemd/nastavnichestvo-backup.service").read_text()
    )


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_finds_nothing_wrong_in_the_units(tmp_path):
    for unit in UNITS:
        text = unit.read_text().replace(APP_DIR, str(BASE_DIR))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr.strip()) == (0, "")


def served_folders(config: str) -> list[PurePosixPath]:
    return [
        PurePosixPath(path)
        for path in re.findall(r"^\s*(?:root|alias)\s+([^;]+);", config, re.MULTILINE)
    ]


@pytest.mark.parametrize("path", NGINX, ids=lambda path: path.name)
def test_nginx_never_serves_the_private_files(path):
    config = "\n".join(
        line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")
    )
    environment = example_environment()
    secret = [
        PurePosixPath(environment[name])
        for name in ("DJANGO_PRIVATE_MEDIA_ROOT", "DJANGO_VAR_DIR", "DJANGO_BACKUP_DIR")
    ]
    for folder in served_folders(config):
        for kept in secret:
            assert not kept.is_relative_to(folder), f"{folder} открывает {kept}"
    assert not re.search(r"location\s+[^{]*(media|private)", config)
    for header in ("X-Forwarded-Proto $scheme", "X-Real-IP $remote_addr", "Host $host"):
        assert f"proxy_set_header {header};" in config
    (limit,) = re.findall(r"client_max_body_size\s+(\d+)m;", config)
    assert int(limit) * 1024 * 1024 > max(MAX_MATERIAL_SIZE, MAX_FILE_SIZE, uploads.MAX_SCAN_SIZE)


def test_nginx_serves_static_files_from_where_collectstatic_puts_them():
    config = (DEPLOY / "nginx" / "nastavnichestvo.conf").read_text()
    static_root = PurePosixPath(example_environment()["DJANGO_STATIC_ROOT"])
    assert static_root.name == "static"
    assert set(served_folders(config)) - {PurePosixPath("/var/www/html")} == {static_root.parent}


def test_the_manage_wrapper_is_executable():
    assert os.access(DEPLOY / "manage", os.X_OK)
