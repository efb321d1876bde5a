"""manage.py import_people FILE --organisation SLUG [--dry-run]."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.management.commands.import_people import Command
from tests.registry.test_import import ORLOVA, ZAYTSEV, counts, xlsx


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "учителя.xlsx"
    path.write_bytes(xlsx(ZAYTSEV, ORLOVA))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "с ошибками.xlsx"
    path.write_bytes(xlsx(ZAYTSEV, [*ORLOVA[:4], "31.02.1990"], [*ORLOVA[:3], ""]))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_the_file_and_prints_the_counts(world, good_file):
    out, _err = run(good_file, "--organisation", "school-1")
    assert "Добавлено: 2, обновлено: 0, без изменений: 0" in out
    assert world.school.people.filter(email__in=["zk@example.ru", "orlova@example.ru"]).count() == 2
    again, _err = run(good_file, "--organisation", "school-1")
    assert "Добавлено: 0, обновлено: 0, без изменений: 2" in again


def test_a_dry_run_says_what_would_happen_and_writes_nothing(world, good_file):
    before = counts()
    out, _err = run(good_file, "--organisation", "school-1", "--dry-run")
    assert "будет добавлено: 2, обновлено: 0, без изменений: 0" in out
    assert counts() == before


def test_a_bad_file_prints_every_problem_and_writes_nothing(world, bad_file):
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Ничего не загружено: ошибок — 2"):
        call_command("import_people", str(bad_file), organisation="school-1", stderr=err)
    assert err.getvalue().splitlines() == [
        "Строка 3, «Дата рождения»: не удалось распознать дату «31.02.1990» "
        "(нужна дата вида 14.03.1994)",
        "Строка 4, «Пол»: не заполнено",
    ]
    assert counts() == before


def test_a_bad_file_exits_non_zero(world, bad_file, capsys):
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(
            ["manage.py", "import_people", str(bad_file), "--organisation", "school-1"]
        )
    assert exit_.value.code != 0
    assert "Строка 3, «Дата рождения»" in capsys.readouterr().err


def test_an_unknown_organisation_is_named(world, good_file):
    with pytest.raises(CommandError, match="Организация с адресом «nowhere» не найдена"):
        run(good_file, "--organisation", "nowhere")


def test_a_missing_file_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="Не удалось открыть файл"):
        run(tmp_path / "нет такого.xlsx", "--organisation", "school-1")
