"""Walkers over every page of the platform, with JavaScript on, as the role that may see it.

On each page: an accessibility scan (axe-core, run in the page) finds no serious or critical
violation; nothing is written to the console as an error, nothing breaks the
Content-Security-Policy, nothing is asked of another host; at 390 px wide, nothing scrolls
sideways; and each form that changes data, sent with a wrong value, shows its error where the
person is looking. The pages and the reasons for the URLs that are not walked are in
tests/browser/walk.py; a named URL in neither fails tests/test_walked_pages.py.

One browser per worker, one context per role and test, the pages in a loop: each test builds
the world once (they are transactional) and reports every page that fails, not just the first.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ogop.accounts.models import Role
from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, log_in
from tests.browser.walk import ANONYMOUS, PAGES, World, build_world

ROLES = [ANONYMOUS, *Role.values]
AXE = Axe()
BLOCKING = {"serious", "critical"}


def pages_of(role: str) -> list[str]:
    return [name for name, (who, _url) in PAGES.items() if who == role]


class Watch:
    """What a context's pages did that they should not: console errors, uncaught errors,
    requests to another host."""

    def __init__(self, context: BrowserContext, host: str) -> None:
        self.problems: list[str] = []
        self.host = host
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"uncaught: {error.error}"))
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("requestfailed", self._failed)

    def _failed(self, request: Any) -> None:
        # The walk moves on as soon as a page is checked: what the browser was still fetching
        # (an icon, a late image) is abandoned, not refused, and the next page asks again.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _response(self, response: Any) -> None:
        # A page's own answer is checked where it is opened, and a refused form is the walk's
        # aim; anything else the page asked for must be there.
        request = response.request
        refused_form = request.method == "POST" and response.status < 500
        if response.status >= 400 and not request.is_navigation_request() and not refused_form:
            self.problems.append(f"{response.url} answered {response.status}")

    def _console(self, message: Any) -> None:
        # A resource that failed is reported, with its address, by _response.
        if message.text.startswith("Failed to load resource"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        if parts.netloc != self.host:
            self.problems.append(f"request to another host: {request.url}")

    def take(self) -> list[str]:
        taken, self.problems[:] = list(self.problems), []
        return taken


@pytest.fixture
def world(transactional_db: None) -> World:
    return build_world()


def _context(
    browser: Browser, live_server: Any, world: World, role: str, viewport: dict[str, int]
) -> tuple[BrowserContext, Page, Watch]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    # A walk opens a hundred pages: one slow answer on a busy machine is not a failure.
    context.set_default_navigation_timeout(3 * TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    watch = Watch(context, urlsplit(live_server.url).netloc)
    page = context.new_page()
    if role != ANONYMOUS:
        log_in(page, world.users[role])
    watch.take()
    return context, page, watch


@pytest.fixture
def walker(browser: Browser, live_server: Any, world: World) -> Iterator[Any]:
    """Opens a context as a role at a size, logged in; closes it after the test."""
    contexts: list[BrowserContext] = []

    def open_as(role: str, viewport: dict[str, int]) -> tuple[Page, Watch]:
        context, page, watch = _context(browser, live_server, world, role, viewport)
        contexts.append(context)
        return page, watch

    yield open_as
    for context in contexts:
        context.close()


def _open(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    status = response.status if response else None
    return [] if status == 200 else [f"answered {status}"]


def _axe(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"axe {v['impact']} {v['id']}: {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def _too_wide(page: Page) -> list[str]:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return [f"{overflow} px wider than the phone"] if overflow > 0 else []


def _walk(page: Page, watch: Watch, world: World, role: str, check: Any) -> str:
    """Open each page of the role and check it; what failed, page by page ("" if nothing)."""
    failures = []
    for name in pages_of(role):
        url = PAGES[name][1](world)
        problems = _open(page, url) + check(page) + watch.take()
        if problems:
            failures.append(f"{name} {url}:\n  " + "\n  ".join(problems))
    return "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_is_accessible_and_quiet(walker: Any, world: World, role: str) -> None:
    page, watch = walker(role, DESKTOP)
    failures = _walk(page, watch, world, role, _axe)
    assert failures == "", failures


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_page_is_wider_than_a_phone(walker: Any, world: World, role: str) -> None:
    page, watch = walker(role, PHONE)
    failures = _walk(page, watch, world, role, _too_wide)
    assert failures == "", failures


# The forms that change data, and the fields a person fills in: the language switch and
# logging out are on every page, and a form of buttons only has no value to get wrong.
FORMS_WITH_FIELDS = """
() => [...document.querySelectorAll("main form[method=post]")].map((form, index) => {
  const fields = [...form.elements].filter((e) =>
    e.tagName !== "BUTTON" && !["hidden", "submit", "button"].includes(e.type)
    && e.getClientRects().length > 0);
  return fields.length ? index : null;
}).filter((index) => index !== null)
"""

# A wrong value for a form: its last required field emptied (the furthest down the page); in a
# form without one, a word where a number, a date or an e-mail address goes, a choice that is
# not on the list, or else every text emptied. The browser's own checks are turned off, so
# that what is tested is what the server says and where the page shows it (the browser's are
# shown at the field).
SPOIL = """
(index) => {
  const form = document.querySelectorAll("main form[method=post]")[index];
  form.noValidate = true;
  const fields = [...form.elements].filter((e) =>
    e.tagName !== "BUTTON" && !["hidden", "submit", "button", "checkbox", "radio", "file"]
      .includes(e.type) && !e.disabled && e.getClientRects().length > 0);
  const required = fields.filter((e) => e.required).pop();
  if (required) {
    required.value = "";
    return "emptied " + required.name;
  }
  const typed = fields.find((e) => ["number", "date", "email"].includes(e.type)
    || ["numeric", "decimal"].includes(e.inputMode));
  if (typed) {
    typed.type = "text";
    typed.value = "not a value";
    return "a word in " + typed.name;
  }
  const select = fields.find((e) => e.tagName === "SELECT");
  if (select) {
    select.add(new Option("?", "not-a-choice"));
    select.value = "not-a-choice";
    return "a choice not on the list in " + select.name;
  }
  const texts = fields.filter((e) => e.tagName === "TEXTAREA" || e.type === "text");
  texts.forEach((e) => { e.value = ""; });
  return texts.length ? "emptied " + texts.map((e) => e.name).join(", ") : null;
}
"""

# Sent as with the form's main button, which may carry the action (submit, not save).
SEND = """
(form) => form.requestSubmit(
  form.querySelector("button.primary[type=submit], button.primary:not([type])") || undefined)
"""

# An error is where the person is looking when it is shown, has words, and is on the screen.
ERROR_IN_VIEW = """
() => [...document.querySelectorAll("[role=alert], .error, .errorlist, .error-box")].some((e) => {
  const box = e.getBoundingClientRect();
  return e.textContent.trim() && box.width > 0 && box.height > 0
    && box.bottom > 0 && box.top < window.innerHeight;
})
"""


def _send_spoiled(page: Page, index: int) -> str | None:
    """Spoil the form and send it; wait for the answer and, for a whole page, its load."""
    spoiled = page.evaluate(SPOIL, index)
    if spoiled is None:
        return None
    form = page.locator("main form[method=post]").nth(index)
    whole_page = form.get_attribute("hx-post") is None
    with page.expect_response(lambda r: r.request.method == "POST"):
        if whole_page:
            with page.expect_navigation():
                form.evaluate(SEND)
        else:
            form.evaluate(SEND)
    return spoiled


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_form_sent_wrong_shows_its_error_in_view(
    walker: Any, world: World, role: str, artifacts: Path
) -> None:
    page, watch = walker(role, PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    failures = {}
    for name in pages_of(role):
        url = PAGES[name][1](world)
        _open(page, url)
        for index in page.evaluate(FORMS_WITH_FIELDS):
            _open(page, url)
            spoiled = _send_spoiled(page, index)
            where = f"{name} {url} form {index}"
            if spoiled is None:
                failures[where] = ["no value to get wrong: add one to SPOIL"]
                continue
            try:
                page.wait_for_function(ERROR_IN_VIEW, timeout=TIMEOUT_MS)
            except Exception:
                failures[where] = [f"{spoiled}: no error in view"]
            page.screenshot(path=artifacts / f"walker-form-{name}-{index}.png")
            if problems := watch.take():
                failures.setdefault(where, []).extend(problems)
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
