"""The Changes page in a real browser: every kind of record, a link to each, page by page."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.audit import PAGE_SIZE
from ogop.accounts.models import Role, User
from tests.browser.conftest import log_in
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def administrator() -> User:
    return UserFactory(role=Role.ADMIN, username="admin-tashi")


def test_a_new_booth_and_a_role_change_are_listed_and_a_busy_day_pages(
    browser: Any, live_server: Any, administrator: User, artifacts: Path, csp_reports: list[str]
) -> None:
    # Given a busy day: many products, a new booth, and a cashier made a producer
    ProductFactory.create_batch(PAGE_SIZE)
    booth = BoothFactory(code="B-77", name="Honey corner")
    karma = UserFactory(username="karma", role=Role.CASHIER)
    karma.role = Role.PRODUCER
    karma._history_user = administrator
    karma.save()

    # When the administrator opens the Changes page on a phone
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page: Page = context.new_page()
    page.on("console", lambda m: csp_reports.append(m.text) if "Refused" in m.text else None)
    log_in(page, administrator)
    page.goto("/staff/changes/")

    # Then the booth and the user are among the kinds, and listed, each linked to its record
    expect(page.locator("ul.counts")).to_contain_text("booths: 1")
    expect(page.locator("ul.counts")).to_contain_text("users:")
    entries = page.locator("ol.audit > li")
    expect(entries).to_have_count(PAGE_SIZE)
    role_change = entries.filter(has_text="role: fair cashier → producer")
    expect(role_change).to_have_count(1)
    expect(role_change).to_contain_text(f"{administrator} changed")
    expect(page.locator("main")).not_to_contain_text("password")
    page.screenshot(path=artifacts / "changes-day-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # And the rest of the day is a page away, not cut off
    expect(page.locator("main")).not_to_contain_text("Only the latest changes are listed")
    with page.expect_response(lambda r: "page=2" in r.url):
        page.locator("nav.pagination").get_by_role("link", name="next").click()
    expect(page.locator("nav.pagination")).to_contain_text("page 2 of")
    expect(entries.first).to_be_visible()

    # And a kind of record narrows the list; its entry leads to the booth's page
    page.goto("/staff/changes/?model=fairs.Booth")
    booth_entry = page.locator("ol.audit > li").filter(has_text="created")
    with page.expect_navigation():
        booth_entry.get_by_role("link", name="booth: B-77").click()
    assert page.url == f"{live_server.url}{booth.get_absolute_url()}"
    expect(page.locator("h1")).to_contain_text("Honey corner")
    context.close()
