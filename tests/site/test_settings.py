import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from mentoring_site.settings import BASE_DIR


def test_the_site_speaks_russian_in_moscow_time_by_default():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"


def test_pages_send_a_strict_content_security_policy(curator_client):
    response = curator_client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def run_with_environment(*command, **environment):
    """Run a Python command in a fresh process that sees only ``environment``."""
    return subprocess.run(
        [sys.executable, *command],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_need_a_secret_key():
    result = run_with_environment("-c", "import mentoring_site.settings", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_boolean_stops_the_start_up():
    result = run_with_environment("-c", "import mentoring_site.settings", DJANGO_DEBUG="yes")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_settings_pass_the_deployment_check():
    """The real settings module (not the test settings) as production runs it: any warning of
    `check --deploy` fails the test."""
    result = run_with_environment(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="mentoring_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-value-1234-5678-90ab",
        DJANGO_ALLOWED_HOSTS="school.example.ru",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout, result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_choice_fields_ask_to_choose_in_russian(curator_client, world):
    html = curator_client.get(reverse("registry:mentee_create", args=[world.school.slug]))
    assert "— выберите —" in html.content.decode()
    assert "Select an option" not in html.content.decode()
