"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against
Django's live server. Every page a test visits is checked with axe-core, and a failing test
leaves a screenshot under var/test-artifacts/."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from mentoring_site.settings import BASE_DIR

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = BASE_DIR / "var" / "test-artifacts"
# Chromium as root in a container, and nothing that reaches out to the network by itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            # The live server needs committed data, so these tests flush the database after
            # themselves; serialized rollback puts back what migrations created (the shipped
            # topics), or the tests that run next would find it gone.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AuditedPage:
    """A Playwright page whose every loaded document must pass axe-core before the test ends."""

    axe = Axe()
    opened: list["AuditedPage"] = []  # this test's pages, for the screenshots of a failure

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.loaded = []
        self.audited = set()
        page.on("load", lambda p: self.loaded.append(p.url))
        AuditedPage.opened.append(self)

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def check_accessibility(self):
        """Run axe-core on the current page; serious or critical violations fail the test."""
        self.page.wait_for_load_state()
        results = self.axe.run(self.page)
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in SERIOUS
        ]
        assert not problems, f"axe-core on {self.page.url}:\n" + "\n".join(problems)
        self.audited.add(self.page.url)

    def unaudited(self):
        ours = (url for url in self.loaded if url.startswith(self.base_url))
        return [url for url in ours if url not in self.audited]


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    AuditedPage.opened.clear()
    audited = AuditedPage(context.new_page(), live_server.url)
    yield audited
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for number, opened in enumerate(AuditedPage.opened):
            if not opened.page.is_closed():
                suffix = f"-{number}" if number else ""
                opened.page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)
    context.close()
    if failed is not None and failed.passed:
        assert not audited.unaudited(), "pages visited without an axe-core check"


def log_in(page, username, password):
    page.goto("/login/")
    page.page.get_by_label("Имя пользователя").fill(username)
    page.page.get_by_label("Пароль").fill(password)
    page.page.get_by_role("button", name="Войти").click()
    page.check_accessibility()


def field(page, label):
    """The form field labelled ``label``, whether or not it is marked required (crispy adds «*»)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))
