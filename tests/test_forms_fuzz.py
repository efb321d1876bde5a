"""Hypothesis throws malformed input at every form of the product: no input ends in a 500.

The forms are not listed by hand. Every page of the permissions table is opened as the persona
who may use it (and the mentor's and mentee's own pages as them, and a few pages in a state
that shows more forms), its HTML is read for the forms it shows — field names, types, options,
hidden fields, formset management forms, buttons — and each form is sent with values Hypothesis
draws field by field: the page's own value, or text in any script, very long, empty, with NUL
bytes, HTML or SQL; numbers and dates out of range; options that do not exist; missing and extra
fields; random bytes as files; formset rows twice. The answer must be the form again (200) or a
redirect (302), and the page the redirect leads to must open: never an exception. Search and
filter forms and the settings of the version for the visually impaired are sent by GET, as a
browser sends them.

Each example runs in a savepoint that is rolled back, so one world serves every form of a part
of the product, and a form that deletes or signs something does not take it from the next.
"""

import datetime
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import Consent, MenteeEntry
from roadmap.models import Order
from tests.conftest import MINIMAL_PDF, PERSONAS, give_consent, tiny_png
from tests.factories import MenteeEntryFactory, MentorEntryFactory, PersonFactory
from tests.registry.test_import import ZAYTSEV, xlsx
from tests.test_permissions import ROWS, url_for

# Examples per form, within the CI budget: a form that writes meets every kind of bad value; a
# search or filter form (GET) and a bare button (nothing to fill in) need fewer.
EXAMPLES = 8
GET_EXAMPLES = 4
BUTTON_EXAMPLES = 2

# Whom a page is fuzzed as besides the first persona the table lets in: the mentor's and the
# mentee's own forms, which they see with fields of their own.
OWN_FORMS = {
    "programmes:item_update": ["mentor"],
    "programmes:meeting_create": ["mentor"],
    "programmes:programme_detail": ["mentor", "mentee"],
    "programmes:programme_results": ["mentor", "mentee"],
    "registry:my_requests": ["mentee"],
    "registry:my_mentor_questionnaire": ["mentor"],
}

# Names that are the machinery of the page, not the form's data.
NOT_DATA = {"csrfmiddlewaretoken"}

# Pages that answer with a file, not a form: not worth opening to look for forms.
DOWNLOADS = ("_pdf", "_xlsx", "_export", "_file", "_evidence", "_scan", "_image", "_template")
DOWNLOADS += ("feed", "consent_form", "sitemap")

# One test, and one world, for each part of the product, named by the prefix of its URL names.
PARTS = {
    "registry": "registry:",
    "programmes": "programmes:",
    "roadmap": "roadmap:",
    "site": "",  # login, password, reminders, calendar, self-service, the public section
}


# --- Reading the forms of a page -------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select", "textarea"
    value: str = ""  # what the page fills in (the first checked/selected for groups)
    options: list[str] = field(default_factory=list)  # select options, radio/checkbox values
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)  # named buttons


class FormReader(HTMLParser):
    """The forms of an HTML page, as a browser would submit them."""

    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = Form(
                method=attrs.get("method", "get").lower(),
                action=urljoin(self.page_url, attrs.get("action") or self.page_url),
            )
            self.forms.append(self.form)
            return
        name = attrs.get("name")
        if self.form is None:
            return
        if tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs and not self.select.value:
                self.select.value = attrs.get("value", "")
            return
        if not name or name in NOT_DATA:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "image"}:
                self.form.submits.append((name, attrs.get("value", "")))
            elif kind in {"checkbox", "radio"}:
                group = self.form.fields.setdefault(name, Field(name, kind, multiple=True))
                group.options.append(attrs.get("value", "on"))
                group.multiple = group.multiple and kind == "checkbox"
                if "checked" in attrs and not group.value:
                    group.value = attrs.get("value", "on")
            else:
                self.form.fields[name] = Field(name, kind, attrs.get("value", ""))
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.form.submits.append((name, attrs.get("value", "")))
        elif tag == "select":
            self.select = Field(name, "select", multiple="multiple" in attrs)
            self.form.fields[name] = self.select
        elif tag == "textarea":
            self.textarea = Field(name, "textarea")
            self.form.fields[name] = self.textarea

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_of(response, url) -> list[Form]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    reader = FormReader(url)
    reader.feed(response.content.decode())
    return reader.forms


# --- What Hypothesis sends --------------------------------------------------------------------

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "Иван\x00Петрович",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE registry_person; --",
    "' OR '1'='1",
    "%s%n{0}{{ 7|add:7 }}",
    "../../../../etc/passwd",
    "\u202eтекст справа налево",
    "ё" * 201,
    "😀" * 64,
    "Ж" * 70_000,
    "\r\n\t\x0b\x0c",
    "null",
]
NASTY_NUMBERS = [
    "-1",
    "0",
    "2147483648",
    "-9223372036854775809",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "1,5",
    "0x1F",
    " 7 ",
]
NASTY_DATES = [
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "2024-13-01",
    "31.12.2024",
    "-2024-01-01",
    "2024-01-01T25:61",
    "1-1-1",
]
NASTY_FILE_NAMES = ["скан.pdf", "a" * 300 + ".pdf", "../../evil.pdf", "photo.png", "x", "файл"]
FILE_CONTENTS = [
    MINIMAL_PDF,
    tiny_png(),
    b"%PDF-1.4\n" + b"\xff" * 64,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    b"\xff\xd8\xff\xe0broken jpeg",
    b"PK\x03\x04 not really a workbook",
]

texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=60))
numbers = st.one_of(st.sampled_from(NASTY_NUMBERS), st.integers(-(10**12), 10**12).map(str), texts)
# Dates near today get past the checks of a form to what it does with them; the rest test the
# checks. Both in ISO form (the date picker's) and in the Russian one.
near_today = st.dates(datetime.date(2020, 1, 1), datetime.date(2032, 12, 31))
dates = st.one_of(
    near_today.map(datetime.date.isoformat),
    near_today.map(lambda day: day.strftime("%d.%m.%Y")),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(NASTY_DATES),
    texts,
)
datetimes = st.one_of(st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")), dates)
BY_KIND = {
    "number": numbers,
    "range": numbers,
    "date": dates,
    "month": dates,
    "datetime-local": datetimes,
    "time": st.one_of(st.times().map(str), texts),
}


def uploads():
    content = st.one_of(st.sampled_from(FILE_CONTENTS), st.binary(max_size=512))
    # No «/»: the test client keeps only what follows it, and an empty name is no file at all.
    any_name = st.text(st.characters(codec="utf-8", exclude_characters="/"), max_size=20)
    name = st.one_of(st.sampled_from(NASTY_FILE_NAMES), any_name.filter(lambda n: n.strip(".")))
    content_type = st.sampled_from(["application/pdf", "image/png", "text/html", ""])
    return st.builds(
        lambda name, content, content_type: SimpleUploadedFile(name, content, content_type),
        name,
        content,
        content_type,
    )


def wrong_choices(options):
    """Values that are not among the options, and some that are."""
    return st.one_of(st.sampled_from(options or [""]), numbers, texts)


def value_of(data, form_field: Field):
    """A list of values for the field, or None to leave it out."""
    if data.draw(st.integers(0, 9), label=f"{form_field.name}: leave out") == 0:
        return None
    if data.draw(st.booleans(), label=f"{form_field.name}: as the page has it"):
        return [form_field.value] if form_field.value else []
    if form_field.kind == "file":
        return [data.draw(uploads(), label=form_field.name)]
    if form_field.options:
        if form_field.multiple or form_field.kind == "select":
            return data.draw(st.lists(wrong_choices(form_field.options), max_size=4))
        return [data.draw(wrong_choices(form_field.options), label=form_field.name)]
    return [data.draw(BY_KIND.get(form_field.kind, texts), label=form_field.name)]


def management_prefixes(form: Form) -> list[str]:
    return [
        name.removesuffix("-TOTAL_FORMS") for name in form.fields if name.endswith("-TOTAL_FORMS")
    ]


def duplicate_a_row(data, form: Form, payload: dict):
    """Copy a formset row to the end of the formset, as a double click on «add» would."""
    prefix = data.draw(st.sampled_from(management_prefixes(form)), label="formset")
    total = form.fields[f"{prefix}-TOTAL_FORMS"].value
    if not total.isdigit() or int(total) == 0:
        return
    row = data.draw(st.integers(0, int(total) - 1), label="row to duplicate")
    for name, values in list(payload.items()):
        if name.startswith(f"{prefix}-{row}-"):
            payload[name.replace(f"-{row}-", f"-{total}-", 1)] = values
    payload[f"{prefix}-TOTAL_FORMS"] = [str(int(total) + 1)]


def payload_for(data, form: Form) -> dict:
    payload = {}
    for form_field in form.fields.values():
        if form_field.name.endswith("_FORMS") and data.draw(st.booleans()):
            payload[form_field.name] = [form_field.value]  # keep the formset readable
            continue
        values = value_of(data, form_field)
        if values is not None:
            payload[form_field.name] = values
    if form.submits:
        name, value = data.draw(st.sampled_from(form.submits), label="button")
        payload[name] = [value]
    if management_prefixes(form) and data.draw(st.booleans(), label="duplicate a row"):
        duplicate_a_row(data, form, payload)
    extra = data.draw(st.dictionaries(st.text(min_size=1, max_size=12), texts, max_size=2))
    for name, value in extra.items():
        payload.setdefault(name, [value])
    return payload


def shown(payload: dict) -> str:
    """The payload for a failure message, long values cut."""

    def short(value):
        if isinstance(value, SimpleUploadedFile):
            return f"<file {value.name[:40]!r}, {value.size} bytes>"
        return repr(value[:80] + "…" if len(value) > 80 else value)

    return ", ".join(
        f"{name}=[{', '.join(map(short, values))}]" for name, values in payload.items()
    )


# --- The forms to fuzz ------------------------------------------------------------------------


@dataclass
class Target:
    persona: str
    form: Form

    @property
    def label(self):
        return f"{self.form.method.upper()} {self.form.action} as {self.persona}"

    @property
    def examples(self):
        if self.form.method == "get":
            return GET_EXAMPLES
        return EXAMPLES if self.form.fields else BUTTON_EXAMPLES


@pytest.fixture
def fuzz_world(public_world):
    """The public world plus what the matching pages need to show their forms: a second mentor
    with free places and two waiting mentees with consents."""
    world = public_world
    mentor = MentorEntryFactory(person=PersonFactory(organisation=world.school, last_name="Орлова"))
    give_consent(mentor.person)
    give_consent(mentor.person, Consent.Kind.DUTIES)
    world.waiting = []
    for last_name in ("Соколов", "Яковлева"):
        mentee = MenteeEntryFactory(
            person=PersonFactory(organisation=world.school, last_name=last_name),
            status=MenteeEntry.Status.WAITING,
        )
        give_consent(mentee.person)
        world.waiting.append(mentee)
    return world


def first_allowed(name) -> str | None:
    method, statuses = ROWS[name]
    expected = 302 if method == "POST" else 200
    order = ["curator", *(persona for persona in PERSONAS if persona != "curator")]
    return next((persona for persona in order if statuses[persona] == expected), None)


def extra_pages(world) -> list[tuple[str, str, str]]:
    """(URL name, persona, URL) of pages whose forms the table's own URLs do not show."""
    org = world.school.slug
    pages = [
        (
            "roadmap:order_create",
            "curator",
            f"{reverse('roadmap:order_create', args=[org])}?kind={kind}",
        )
        for kind in Order.Kind.values
    ]
    pages += [
        (
            "roadmap:order_detail",
            "director",
            reverse("roadmap:order_detail", args=[org, world.sent_order.pk]),
        ),
        (
            "programmes:programme_detail",
            "curator",
            reverse("programmes:programme_detail", args=[org, world.finished_programme.pk]),
        ),
        (
            "programmes:matching_candidates",
            "curator",
            reverse("programmes:matching_candidates", args=[org, world.waiting[0].pk]),
        ),
        (
            "registry:consent_create",
            "curator",
            reverse("registry:consent_create", args=[org, world.person.pk]) + "?kind=publication",
        ),
    ]
    return pages


def import_preview(client, world) -> list[Form]:
    """The import's confirmation form: shown only after a valid workbook is uploaded."""
    url = reverse("registry:people_import", args=[world.school.slug])
    response = client.post(url, {"file": SimpleUploadedFile("people.xlsx", xlsx(ZAYTSEV))})
    return forms_of(response, url)


def names_in(part) -> list[str]:
    others = tuple(prefix for name, prefix in PARTS.items() if name != part and prefix)
    prefix = PARTS[part]
    return [
        name
        for name in sorted(ROWS)
        if name.startswith(prefix) and not (part == "site" and name.startswith(others))
    ]


def pages_of(part, world) -> list[tuple[str, str]]:
    """(persona, URL) of every HTML page of the part that someone may open."""
    names = names_in(part)
    pages = []
    for name in names:
        persona = first_allowed(name)
        if ROWS[name][0] == "GET" and persona and not name.endswith(DOWNLOADS):
            pages += [
                (someone, url_for(name, world)) for someone in [persona, *OWN_FORMS.get(name, [])]
            ]
    return pages + [(persona, url) for name, persona, url in extra_pages(world) if name in names]


def targets_of(part, world) -> list[Target]:
    """Every form of the part of the product, once for each persona that uses it."""
    clients = {}
    found: dict[tuple, Target] = {}

    def add(persona, forms):
        for form in forms:
            if not is_logout(form.action):
                key = (form.method, form.action, persona, frozenset(form.fields))
                found.setdefault(key, Target(persona, form))

    for persona, url in pages_of(part, world):
        client = clients.setdefault(persona, login(persona, world))
        add(persona, forms_of(client.get(url), url))
    if part == "registry":
        add("curator", import_preview(clients["curator"], world))
    # POST-only URLs whose form no page here shows: posted with whatever Hypothesis makes up.
    posted = {urlsplit(target.form.action).path for target in found.values()}
    for name in names_in(part):
        url = url_for(name, world)
        if ROWS[name][0] == "POST" and name != "logout" and url not in posted:
            found[(url,)] = Target(first_allowed(name), Form("post", url))
    return list(found.values())


def is_logout(url) -> bool:
    return urlsplit(url).path == reverse("logout")


def login(persona, world) -> Client:
    client = Client()
    if world.user(persona) is not None:
        client.force_login(world.user(persona))
    return client


# --- The test ---------------------------------------------------------------------------------


def fuzz(target: Target, client: Client) -> str | None:
    """Send Hypothesis's values with the form; the failure, if any, with the smallest input.
    After a redirect (the form was saved) the next page is opened too: what was saved must
    show."""
    last = {}

    @settings(
        max_examples=target.examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def send_anything(data):
        last["payload"] = None
        payload = last["payload"] = payload_for(data, target.form)
        with transaction.atomic():
            if target.form.method == "get":
                response = client.get(target.form.action, payload)
            else:
                response = client.post(target.form.action, payload)
            assert response.status_code in {200, 302}, f"status {response.status_code}"
            following = urljoin(target.form.action, response.get("Location", ""))
            if response.status_code == 302 and urlsplit(following).netloc in {"", "testserver"}:
                assert client.get(following).status_code < 500, f"status of {following}"
            transaction.set_rollback(True)

    try:
        send_anything()
    except Exception as error:  # the view's own exception, re-raised by the test client
        return f"{target.label}: {type(error).__name__}: {error} ({where(error)})\n" + (
            f"    data: {shown(last['payload'])}" if last.get("payload") is not None else ""
        )
    return None


def where(error) -> str:
    """The line of the product's own code the error came from, else its last line."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "site-packages" not in f.filename and "/tests/" not in f.filename]
    frame = (ours or frames)[-1]
    return f"{frame.filename}:{frame.lineno}"


@pytest.mark.parametrize("part", PARTS)
def test_no_form_answers_malformed_input_with_an_error(fuzz_world, part):
    targets = targets_of(part, fuzz_world)
    assert targets, f"no forms found in {part}"
    clients = {}
    failures = []
    for target in targets:
        client = clients.setdefault(target.persona, login(target.persona, fuzz_world))
        failure = fuzz(target, client)
        if failure:
            failures.append(failure)
    assert not failures, f"{len(failures)} of {len(targets)} forms failed:\n" + "\n".join(failures)
