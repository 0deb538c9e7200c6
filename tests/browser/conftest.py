"""Fixtures of the browser tests: Debian's Chromium, driven by Playwright, against live_server.

Browser tests are transactional (the live server's thread must see their data), and a
transactional test ends by flushing every table, the areas that a data migration loaded
included. Django's serialized_rollback cannot bring them back here: it reloads its snapshot
through `connections["default"]`, and while Playwright's sync API is alive it marks an event
loop as running in the test's thread, so asgiref hands that thread a second connection object
without the snapshot, and the reload silently does nothing. So the data that migrations ship
(areas, development stages, rubrics) is reloaded with the loaders the migrations use: before
each browser test, and after each module of them for the tests that follow (tests/shipped.py).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ogop.accounts import two_factor
from tests.factories import PASSWORD, authenticator_for, totp_code
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# Every browser test starts with the shipped data, and leaves it for the tests that follow.
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

# Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
# from a thread with a running loop unless told that this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every wait is explicit, and none should take longer than this.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session", autouse=True)
def _media_through_the_platform() -> Iterator[None]:
    """The live server sends uploads itself, from MEDIA_ROOT to anyone; in production every
    /media/ request goes through the platform, which decides who may see the file."""
    from django.test.testcases import _MediaFilesHandler

    original = _MediaFilesHandler._should_handle
    _MediaFilesHandler._should_handle = lambda self, path: False  # type: ignore[method-assign]
    yield
    _MediaFilesHandler._should_handle = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # A chart's Thai label breaks between words, found by PyThaiNLP, whose first use builds its
    # dictionary (seconds on a busy machine): build it before any page has a clock running.
    from ogop.core.charts import wrap_label

    wrap_label("การฝึกอบรม", 40)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def csp_reports() -> list[str]:
    """What the browser refused under the Content-Security-Policy, as it reported it."""
    return []


def watch_csp(page: Page, reports: list[str]) -> None:
    """Collect in reports what the Content-Security-Policy made the page refuse."""
    page.on(
        "console",
        lambda message: (
            reports.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )


@pytest.fixture
def page(browser: Browser, live_server: Any, csp_reports: list[str]) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies) that asks the live server for English.

    Whatever the Content-Security-Policy blocks (an inline script, a style, a request to
    another host) the browser reports on its console: any such report fails the test."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    watch_csp(page, csp_reports)
    yield page
    context.close()
    assert csp_reports == [], f"the page broke its Content-Security-Policy: {csp_reports}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots that outlive the run (test-artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(page: Page, user: Any) -> None:
    """Log in through the login page, and wait for the page it leads to. A person with an
    authenticator app then types its code; an administrator has set one up before."""
    device = authenticator_for(user) if two_factor.is_required(user) else None
    device = device or two_factor.authenticator(user)
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    if device is not None:
        page.fill("#id_code", totp_code(device))
        page.click("button.primary")
    expect(page.locator(".topbar .who")).to_contain_text(str(user))


def record_payment(
    page: Page,
    group_code: str,
    *,
    day: str,
    amount: str,
    method: str = "cash",
    to: str = "Pema, treasurer",
) -> None:
    """Pay a producer group from its page under Purchases, as a buying officer does."""
    page.goto(f"/supply/groups/{group_code}/")
    page.fill("#id_paid_on", day)
    page.fill("#id_amount", amount)
    page.select_option("#id_method", method)
    page.fill("#id_paid_to", to)
    page.get_by_role("button", name="Record the payment").click()


# Journeys: one person's day, run three times — in English on a desktop, and in Thai and in
# Dzongkha on a phone — so every role's work is seen in each language and at each size.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
BROWSER_LOCALES = {"en": "en-GB", "th": "th-TH", "dz": "dz-BT"}
JOURNEY_RUNS = [
    pytest.param(("en", DESKTOP), id="en-desktop"),
    pytest.param(("th", PHONE), id="th-phone"),
    pytest.param(("dz", PHONE), id="dz-phone"),
]


@dataclass
class Journey:
    """The page of one run of a journey, with what the run is (language, size) and its helpers."""

    page: Page
    language: str
    phone: bool
    artifacts: Path
    name: str

    def say(self, text: str) -> str:
        """The platform's text as this run's person reads it (a msgid in, a translation out)."""
        from django.utils import translation

        with translation.override(self.language):
            return translation.gettext(text)

    def shot(self, step: str) -> Path:
        """Save the whole page as journey-<name>-<language>-<size>-<step>.png, and check that it
        does not scroll sideways on a phone."""
        size = "phone" if self.phone else "desktop"
        path = self.artifacts / f"journey-{self.name}-{self.language}-{size}-{step}.png"
        self.page.screenshot(path=path, full_page=True)
        self.fits()
        return path

    def fits(self) -> None:
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px"

    def reads(self) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)


@pytest.fixture(params=JOURNEY_RUNS)
def journey(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: Any,
    csp_reports: list[str],
    artifacts: Path,
) -> Iterator[Journey]:
    """A fresh browser whose language and size are this run's; the test module names the
    journey with `JOURNEY = "<role>"`. Breaking the Content-Security-Policy fails it."""
    language, viewport = request.param
    context = browser.new_context(
        base_url=live_server.url, locale=BROWSER_LOCALES[language], viewport=viewport
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    watch_csp(page, csp_reports)
    name = getattr(request.module, "JOURNEY", request.node.originalname)
    yield Journey(page, language, viewport is PHONE, artifacts, name)
    context.close()
    assert csp_reports == [], f"the page broke its Content-Security-Policy: {csp_reports}"
