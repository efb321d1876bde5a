"""Strict parsers for settings taken from the environment.

A value that cannot be parsed is a configuration error, never a silent default:
``DJANGO_DEBUG=yes`` stops the start-up instead of quietly meaning False.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "on"}
_FALSE = {"false", "0", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_database_url(url: str, *, base_dir: Path) -> dict:
    """Turn ``sqlite:///var/db.sqlite3`` or ``postgres://user:pass@host:5432/name`` into
    a Django DATABASES entry. Relative SQLite paths are taken from ``base_dir``."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        path = unquote(parts.path.removeprefix("/"))
        if not path:
            raise ImproperlyConfigured("DATABASE_URL: a SQLite URL needs a file path")
        return sqlite_database(base_dir / path)
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.removeprefix("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL: a PostgreSQL URL needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite or postgres)"
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets readers work while one writer writes; IMMEDIATE transactions take the
            # write lock up front, so concurrent writers wait (timeout) instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> dict:
    """Turn ``smtp://user:pass@host:587?tls=true`` (``smtps://`` for implicit TLS),
    ``console://`` or ``locmem://`` into an entry of Django's MAILERS setting."""
    parts = urlsplit(url)
    if parts.scheme not in _EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unsupported scheme {parts.scheme!r} "
            f"(use one of {', '.join(sorted(_EMAIL_BACKENDS))})"
        )
    mailer = {"BACKEND": _EMAIL_BACKENDS[parts.scheme]}
    if parts.scheme in {"smtp", "smtps"}:
        options = dict(parse_qsl(parts.query))
        unknown = options.keys() - {"tls", "timeout"}
        if unknown:
            raise ImproperlyConfigured(f"EMAIL_URL: unknown options {sorted(unknown)}")
        tls = options.get("tls", "false").lower()
        if tls not in {"true", "false"}:
            raise ImproperlyConfigured("EMAIL_URL: tls must be true or false")
        mailer["OPTIONS"] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": tls == "true",
            "use_ssl": parts.scheme == "smtps",
            "timeout": int(options.get("timeout", 30)),
        }
    return mailer
