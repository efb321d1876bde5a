"""The «Security» item of issue 7, point by point: the content security policy and inline code
on every page, what users write never runs as markup, the login throttle, session expiry,
password rules, uploads and who may fetch them, and the security headers.

`manage.py check --deploy` under production settings is tested in test_settings.py; every object
URL of one school answering 404 to another school in tests/test_cross_school.py.
"""

import datetime
import json
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring_site import auth
from mentoring_site.auth import SEEN_KEY
from mentoring_site.models import LoginFailure
from mentoring_site.settings import BASE_DIR
from mentoring_site.uploads import MAX_SCAN_SIZE, PrivateStorage
from roadmap import public
from tests.conftest import MINIMAL_PDF
from tests.test_permissions import ROWS, url_for

THROTTLED = "Слишком много неудачных попыток входа. Попробуйте снова через"

# Pages that are files, not HTML: their bytes are not parsed, and PDFs take seconds to render.
FILE_SUFFIXES = ("_pdf", "_xlsx", "_export", "_file", "_scan", "_evidence", "_image", "_template")
FILE_NAMES = {"registry:consent_form", "public:news_feed", "calendar:feed", "sitemap"}


def html_pages(world):
    """(persona, URL) of every HTML page of the permissions table: each page as the curator
    (the public section's too), the public pages and the login page anonymously, and the
    public pages in embed mode."""
    pages = []
    for name, (method, _statuses) in sorted(ROWS.items()):
        if method != "GET" or name.endswith(FILE_SUFFIXES) or name in FILE_NAMES:
            continue
        url = url_for(name, world)
        pages.append(("curator", url))
        if name.startswith("public:") or name in {"login", "selfservice:personal_link"}:
            pages.append(("anonymous", url))
    links = public.Links(world.school.slug, embed=True)
    pages += [("anonymous", links.url(name)) for name in ("index", "news_list", "mentors")]
    pages.append(("anonymous", "/no-such-page/"))
    return pages


def fetch_pages(world, pages):
    """(persona, URL, response) for each page. The anonymous visitor reads the public section
    in the version for the visually impaired, so that version is checked too."""
    clients = {"curator": Client(), "anonymous": Client()}
    clients["curator"].force_login(world.user("curator"))
    clients["anonymous"].cookies[public.VISION_COOKIE] = public.Vision().cookie
    return [(persona, url, clients[persona].get(url)) for persona, url in pages]


class MarkupScan(HTMLParser):
    """Collects what a strict CSP would block or what would run: inline scripts, style
    attributes and elements, event handler attributes, ``javascript:`` links."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            elif name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            elif name in self.URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"{name}=javascript: on <{tag}>")

    handle_startendtag = handle_starttag


def scan(html: str) -> list[str]:
    parser = MarkupScan()
    parser.feed(html)
    parser.close()
    return parser.found


# Longest first: each text field gets the longest that fits.
PAYLOADS = [
    '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    "<b onclick=alert(1)>",
]
URL_PAYLOAD = "javascript:alert(1)"
# What would be live markup had a payload not been escaped.
MARKERS = ("<script>alert", "<img src=x onerror", "<b onclick")
# Text that is not written by users but read by the code as keys and types.
NOT_FREE_TEXT = {"token_hash", "survey", "key", "username", "password"}


def free_text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and not isinstance(field, models.SlugField)
            and not field.name.endswith("content_type")
            and field.name not in NOT_FREE_TEXT
        ):
            yield field


def payload_for(field, number: int) -> str | None:
    if isinstance(field, models.URLField):
        return URL_PAYLOAD
    room = field.max_length or 10_000
    for payload in PAYLOADS:
        # A number keeps values distinct where a constraint wants them unique.
        for text in (f"{payload} {number}", payload):
            if len(text) <= room:
                return text
    return None


def write_payload_everywhere():
    """Every free-text field of every row of our models (their history too) and the users'
    names: an attack written through any form, import or admin page. Returns the fields no
    payload fits."""
    number, too_short = 0, set()
    user_model = get_user_model()
    models_ = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"registry", "programmes", "roadmap", "mentoring_site"}
    ]
    for model in [*models_, user_model]:
        fields = list(free_text_fields(model))
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                number += 1
                text = payload_for(field, number)
                if text is None:
                    too_short.add(f"{model.__name__}.{field.name}")
                else:
                    values[field.attname] = text
            model._base_manager.filter(pk=pk).update(**values)
    return too_short


def test_every_page_has_a_strict_policy_and_nothing_written_runs_as_markup(public_world):
    """One walk over every HTML page proves two points: no page needs inline script or style
    (so the strict policy holds), and a script written into every free-text field of every row
    shows as text, never as markup. Files are left out (PDFs take seconds to render)."""
    world = public_world
    assert write_payload_everywhere() == set()
    pages = html_pages(world)
    pages.append(("anonymous", url_for("public:news_feed", world)))
    wrong, shown_as_text = [], set()
    for persona, url, response in fetch_pages(world, pages):
        if response.status_code >= 500:
            wrong.append(f"{persona} {url}: {response.status_code}")
            continue
        text = response.content.decode()
        if "&lt;script&gt;alert(1)" in text:
            shown_as_text.add(url)
        wrong += [f"{persona} {url}: {marker}" for marker in MARKERS if marker in text]
        if url.endswith("/feed/"):
            continue
        if not response["Content-Type"].startswith("text/html"):
            wrong.append(f"{persona} {url}: not HTML ({response['Content-Type']})")
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "style-src 'self'" not in policy:
            wrong.append(f"{persona} {url}: policy {policy!r}")
        if "unsafe-inline" in policy or "unsafe-eval" in policy:
            wrong.append(f"{persona} {url}: policy {policy!r}")
        wrong += [f"{persona} {url}: {what}" for what in scan(text)]
    assert not wrong, "\n".join(wrong)
    # The walk did meet what was written, on the staff's pages and on the public ones.
    for name in ["registry:person_detail", "programmes:programme_detail", "public:news_detail"]:
        assert url_for(name, world) in shown_as_text, name


# Login throttle

RIGHT = "Correct-Horse-42"  # every test user's password (tests.factories.UserFactory)


def log_in(client, username, password, url="login", **extra):
    return client.post(reverse(url), {"username": username, "password": password}, **extra)


def throttled(response) -> bool:
    return response.status_code == 200 and THROTTLED in response.content.decode()


def age_failures(minutes):
    LoginFailure.objects.update(at=models.F("at") - datetime.timedelta(minutes=minutes))


def test_five_wrong_passwords_lock_the_name_for_the_rest_of_the_window(client, world):
    for _attempt in range(5):
        assert not throttled(log_in(client, "curator", "wrong"))
    assert LoginFailure.objects.filter(username="curator", address="127.0.0.1").count() == 5
    response = log_in(client, "curator", RIGHT)
    assert THROTTLED + " 15 мин." in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The same name typed in capitals is the same name to the throttle.
    assert throttled(log_in(client, "Curator", RIGHT))
    age_failures(10)
    assert THROTTLED + " 5 мин." in log_in(client, "curator", RIGHT).content.decode()
    age_failures(5)
    assert log_in(client, "curator", RIGHT).status_code == 302


def test_a_successful_login_clears_the_names_failures(client, world):
    for _attempt in range(4):
        log_in(client, "curator", "wrong")
    assert log_in(client, "curator", RIGHT).status_code == 302
    assert not LoginFailure.objects.filter(username="curator").exists()
    client.logout()
    for _attempt in range(4):
        log_in(client, "curator", "wrong")
    assert log_in(client, "curator", RIGHT).status_code == 302


def test_thirty_failures_from_one_address_lock_every_name_from_it(client, world):
    LoginFailure.objects.bulk_create(
        LoginFailure(username=f"guess{number}", address="203.0.113.7") for number in range(30)
    )
    assert throttled(log_in(client, "curator", RIGHT, REMOTE_ADDR="203.0.113.7"))
    assert log_in(client, "curator", RIGHT, REMOTE_ADDR="203.0.113.8").status_code == 302


def test_old_failures_are_deleted_as_new_ones_come(client, world):
    LoginFailure.objects.create(
        username="someone", at=timezone.now() - auth.WINDOW - datetime.timedelta(seconds=1)
    )
    log_in(client, "curator", "wrong")
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["curator"]


@override_settings(CLIENT_IP_HEADER="X-Real-IP")
def test_behind_the_proxy_the_address_comes_from_its_header(world):
    client = Client()  # made after the override: its middleware reads the setting
    log_in(client, "curator", "wrong", HTTP_X_REAL_IP="198.51.100.4")
    log_in(client, "curator", "wrong", HTTP_X_REAL_IP="not an address")
    assert list(LoginFailure.objects.order_by("pk").values_list("address", flat=True)) == [
        "198.51.100.4",
        "127.0.0.1",
    ]


def test_the_admin_login_goes_through_the_same_throttle(client, world):
    for _attempt in range(5):
        log_in(client, "superuser", "wrong", url="admin:login")
    response = log_in(client, "superuser", RIGHT, url="admin:login")
    assert throttled(response)
    assert "_auth_user_id" not in client.session


# Sessions


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_ends_twelve_hours_after_login_however_busy(client, world):
    assert log_in(client, "curator", RIGHT).status_code == 302
    ends = session_row(client).expire_date
    expected = timezone.now() + datetime.timedelta(hours=12)
    assert abs(ends - expected) < datetime.timedelta(minutes=1)
    # A request after a while writes the idle clock; the end does not move.
    session = client.session
    session[SEEN_KEY] -= 6 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SEEN_KEY] >= int(time.time()) - 5
    assert session_row(client).expire_date == ends
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("registry:person_list", args=[world.school.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_two_idle_hours_end_the_session(client, world):
    log_in(client, "curator", RIGHT)
    key = client.session.session_key
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Сеанс завершён: сайт долго не использовался. Войдите снова." in (
        response.content.decode()
    )
    assert not Session.objects.filter(session_key=key).exists()


def test_a_busy_session_is_written_at_most_every_five_minutes(client, world):
    log_in(client, "curator", RIGHT)
    seen = client.session[SEEN_KEY]
    client.get(reverse("home"))
    assert client.session[SEEN_KEY] == seen


def test_logging_out_clears_the_session(client, world):
    log_in(client, "curator", RIGHT)
    key = client.session.session_key
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


PRODUCTION_NAMES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
]


@pytest.fixture(scope="module")
def production():
    """The security settings of the real settings module under a production environment (the
    test settings turn HTTPS off for the live server), to override the test settings with."""
    code = (
        "import json, mentoring_site.settings as s; "
        f"names = {PRODUCTION_NAMES!r}; "
        "print(json.dumps({name: getattr(s, name) for name in names}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-value-1234-5678-90ab",
            "DJANGO_ALLOWED_HOSTS": "school.example.ru",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    # Where files live is not the security headers' business: the tests keep their own folders.
    roots = {name: Path(values.pop(name)) for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")}
    assert not roots["PRIVATE_MEDIA_ROOT"].is_relative_to(roots["MEDIA_ROOT"])
    return values


def test_the_session_cookie_is_http_only_same_site_and_secure_in_production(
    client, world, production
):
    with override_settings(**production):
        response = log_in(client, "curator", RIGHT, secure=True)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]


# Passwords


def test_the_password_change_refuses_weak_passwords_in_russian(client, world):
    client.force_login(world.user("curator"))
    weak = {
        "Kv7#pq": "Введённый пароль слишком короткий. Он должен состоять из как минимум 8 символов",
        "qwerty123": "Введённый пароль слишком широко распространён.",
        "58203941768": "Введённый пароль состоит только из цифр.",
        "curator2026": "Введённый пароль слишком похож на имя пользователя.",
    }
    for password, message in weak.items():
        response = client.post(
            reverse("password_change"),
            {"old_password": RIGHT, "new_password1": password, "new_password2": password},
        )
        assert response.status_code == 200, password
        assert message in response.content.decode(), password
    good = "Ясный-Полдень-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": RIGHT, "new_password1": good, "new_password2": good},
    )
    assert response.status_code == 302
    world.user("curator").refresh_from_db()
    assert world.user("curator").check_password(good)


# Uploads

# The first bytes of a Windows program.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 512


def test_a_program_renamed_to_pdf_and_an_oversize_scan_are_refused_in_russian(
    curator_client, world
):
    url = reverse("registry:consent_edit", args=[world.school.slug, world.consent.pk])
    refused = [
        (SimpleUploadedFile("скан.pdf", EXE, "application/pdf"), "Файл не похож на PDF, JPEG"),
        (
            SimpleUploadedFile("скан.pdf", b"%PDF-" + bytes(MAX_SCAN_SIZE), "application/pdf"),
            "Файл больше 5 МБ: отсканируйте с меньшим разрешением или сожмите его.",
        ),
    ]
    for upload, message in refused:
        response = curator_client.post(
            url, {"given_on": world.consent.given_on.isoformat(), "scan": upload}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    world.consent.refresh_from_db()
    with world.consent.scan.open("rb") as scan:
        assert scan.read() == MINIMAL_PDF


def test_every_uploaded_file_lives_in_private_storage_without_a_url(world):
    fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and not isinstance(field.storage, PrivateStorage)
    ]
    assert fields == [], "uploads outside the private storage"
    with pytest.raises(ValueError):
        world.consent.scan.url  # noqa: B018 (the property raises)
    location = Path(world.consent.scan.storage.location).resolve()
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


FILE_URLS = [
    "registry:consent_scan",
    "programmes:item_evidence",
    "programmes:practice_file",
    "roadmap:activity_evidence",
    "roadmap:document_file",
]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_private_files_reach_only_members_of_their_school(public_world):
    world = public_world
    clients = {persona: Client() for persona in ("curator", "other_curator", "anonymous")}
    for persona in ("curator", "other_curator"):
        clients[persona].force_login(world.user(persona))
    wrong = []
    for name in FILE_URLS:
        url = url_for(name, world)
        answers = {persona: client.get(url) for persona, client in clients.items()}
        if body(answers["curator"]) != MINIMAL_PDF:
            wrong.append(f"{name}: the curator does not get the file")
        if answers["other_curator"].status_code != 404:
            wrong.append(f"{name}: another school's curator gets {answers['other_curator']}")
        if answers["anonymous"].status_code not in {302, 403, 404}:
            wrong.append(f"{name}: anonymous gets {answers['anonymous'].status_code}")
    # No URL outside the views reaches a stored file.
    stored = [world.consent.scan.name, world.item.evidence.name, world.practice.file.name]
    for name in stored:
        for url in (f"/media/{name}", f"/{name}", f"/private/{name}", f"/var/private/{name}"):
            if clients["curator"].get(url).status_code != 404:
                wrong.append(f"{url} answers")
    assert not wrong, "\n".join(wrong)


# Security headers


def test_every_kind_of_response_carries_the_security_headers(public_world, production):
    world = public_world
    curator = Client()
    curator.force_login(world.user("curator"))
    anonymous = Client()
    public_index = url_for("public:index", world)
    pages = {
        "curator page": (curator, url_for("registry:person_list", world)),
        "login": (anonymous, reverse("login")),
        "public page": (anonymous, public_index),
        "embedded public page": (anonymous, public_index + "?embed=1"),
        "PDF": (curator, url_for("roadmap:version_pdf", world)),
        "private file": (curator, url_for("registry:consent_scan", world)),
        "static file": (anonymous, "/static/css/site.css"),
    }
    with override_settings(**production):
        responses = {kind: client.get(url, secure=True) for kind, (client, url) in pages.items()}
    wrong = []
    for kind, response in responses.items():
        expected = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        }
        if kind != "static file":  # WhiteNoise answers before the policy middleware
            expected["X-Frame-Options"] = "DENY"
        if kind == "embedded public page":
            expected.pop("X-Frame-Options")
        wrong += [
            f"{kind}: {header} is {response.get(header)!r}, expected {value!r}"
            for header, value in expected.items()
            if response.get(header) != value
        ]
        if response.status_code != 200:
            wrong.append(f"{kind}: {response.status_code}")
    policy = {
        kind: response.get("Content-Security-Policy", "") for kind, response in responses.items()
    }
    for kind in ("curator page", "login", "public page", "PDF", "private file"):
        if "default-src 'self'" not in policy[kind] or "frame-ancestors 'none'" not in policy[kind]:
            wrong.append(f"{kind}: policy {policy[kind]!r}")
    if "frame-ancestors https://school-1.example" not in policy["embedded public page"]:
        wrong.append(f"embedded public page: policy {policy['embedded public page']!r}")
    if "X-Frame-Options" in responses["embedded public page"]:
        wrong.append("embedded public page: X-Frame-Options")
    caching = {kind: response.get("Cache-Control", "") for kind, response in responses.items()}
    for kind in ("curator page", "login", "PDF", "private file"):
        if "private" not in caching[kind] or "no-store" not in caching[kind]:
            wrong.append(f"{kind}: Cache-Control {caching[kind]!r}")
    for kind in ("public page", "static file"):  # they set their own public caching
        if "public" not in caching[kind] or "max-age" not in caching[kind]:
            wrong.append(f"{kind}: Cache-Control {caching[kind]!r}")
    assert not wrong, "\n".join(wrong)
