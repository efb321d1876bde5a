from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentoring_site.env import env_bool, env_int, env_list, parse_database_url, parse_email_url


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("OFF", False)])
def test_env_bool_reads_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


@pytest.mark.parametrize("raw", ["yes", "no", "tru", "2"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_bool_uses_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True
    monkeypatch.setenv("FLAG", "")
    assert env_bool("FLAG", False) is False


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("NUMBER", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", "school.example.ru, www.school.example.ru,")
    assert env_list("HOSTS", []) == ["school.example.ru", "www.school.example.ru"]


def test_sqlite_url_is_relative_to_the_project_and_uses_wal():
    database = parse_database_url("sqlite:///var/db.sqlite3", base_dir=Path("/srv/app"))
    assert database["NAME"] == Path("/srv/app/var/db.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] > 0


def test_postgres_url_is_split_into_its_parts():
    database = parse_database_url(
        "postgres://mentor:p%40ss@db.local:5433/nastavnichestvo", base_dir=Path("/")
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("mentor", "p@ss")
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.local",
        "5433",
        "nastavnichestvo",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://"])
def test_unsupported_or_incomplete_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url, base_dir=Path("/"))


def test_an_smtp_email_url_gives_the_mail_settings():
    mailer = parse_email_url("smtp://robot%40school.ru:p%40ss@mail.school.ru:587?tls=true")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.school.ru",
        "port": 587,
        "username": "robot@school.ru",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
    }


def test_smtps_means_implicit_tls_on_port_465():
    options = parse_email_url("smtps://mail.school.ru")["OPTIONS"]
    assert (options["port"], options["use_ssl"]) == (465, True)


def test_the_console_email_url_prints_letters():
    assert parse_email_url("console://") == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize("url", ["ftp://mail", "smtp://mail?tls=yes", "smtp://mail?ssl=true"])
def test_a_wrong_email_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_email_url(url)
