"""The exhibit form's product box in a browser: found by name as one types, and without scripts."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ogop.accounts.models import Role
from ogop.fairs.models import Exhibit
from tests.browser.conftest import TIMEOUT_MS, log_in
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booth(db):
    ProductFactory(code="HONEY-1", name_en="Wild forest honey", name="Wild forest honey")
    ProductFactory(code="HONEY-2", name_en="Honey wine", name="Honey wine")
    ProductFactory(code="RICE-1", name_en="Red rice", name="Red rice")
    return BoothFactory()


def _new_exhibit(page: Page, booth: Any) -> None:
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/exhibits/new/")
    page.fill("#id_fair_price", "150")
    page.fill("#id_min_price", "120")
    page.fill("#id_opening_stock", "24")


def test_typing_a_name_suggests_the_products_that_have_it(
    page: Page, booth: Any, artifacts: Path
) -> None:
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))
    _new_exhibit(page, booth)
    page.locator("#id_product").press_sequentially("honey")
    options = page.locator("#id_product_options option")
    expect(options).to_have_count(2)
    expect(options.first).to_have_attribute("value", "HONEY-1")
    expect(page.locator("#id_product_options")).not_to_contain_text("Red rice")
    page.screenshot(path=artifacts / "exhibit-product-suggestions.png", full_page=True)
    page.fill("#id_product", "HONEY-2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("is exhibited")
    assert Exhibit.objects.get().product.code == "HONEY-2"


@pytest.fixture
def page_without_scripts(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_without_scripts_a_name_finds_its_product_or_names_the_codes_to_choose(
    page_without_scripts: Page, booth: Any, artifacts: Path
) -> None:
    page = page_without_scripts
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))
    _new_exhibit(page, booth)
    page.fill("#id_product", "honey")
    page.get_by_role("button", name="Save").click()
    error = page.get_by_role("alert")
    expect(error).to_contain_text("Several products match “honey”")
    expect(error).to_contain_text("HONEY-1 (Wild forest honey); HONEY-2 (Honey wine)")
    page.screenshot(path=artifacts / "exhibit-product-no-scripts.png", full_page=True)
    page.fill("#id_product", "forest")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Wild forest honey is exhibited")
    assert Exhibit.objects.get().product.code == "HONEY-1"
