"""The product registry in a real browser: language, create, search, and who sees what."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect

from ogop.accounts.models import User
from ogop.products.models import Product
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THAI_NAME = "น้ำผึ้งป่าทดสอบ"


def is_results_swap(response: Response) -> bool:
    """The htmx request of the products filter form."""
    return "/products/?" in response.url and response.request.headers.get("hx-request") == "true"


def fill_new_product(page: Page, *, code: str, group_code: str, price: str) -> None:
    page.goto("/products/new/")
    page.fill("#id_code", code)
    page.fill("#id_name_en", "Wild forest honey")
    page.fill("#id_name_th", THAI_NAME)
    page.select_option("#id_category", "food")
    page.fill("#id_producer_group", group_code)
    page.fill("#id_price", price)


def test_officer_logs_in_switches_to_thai_creates_product_and_finds_it(
    page: Page, live_server: Any, officer: User, group: Any, product: Product, artifacts: Path
) -> None:
    log_in(page, officer)

    with page.expect_navigation():
        page.select_option("#language-select", "th")
    expect(page.locator("html")).to_have_attribute("lang", "th")

    fill_new_product(page, code="HONEY-TH-01", group_code=group.code, price="๑,๒๕๐.๕๐")
    page.click("form.form button.primary")
    expect(page).to_have_url(f"{live_server.url}/products/HONEY-TH-01/")
    expect(page.locator("h1")).to_contain_text(THAI_NAME)
    expect(page.locator("dl.facts")).to_contain_text("1,250.50 BTN")
    assert Product.objects.get(code="HONEY-TH-01").price == Decimal("1250.50")

    page.goto("/products/")
    results = page.locator("#results")
    expect(results).to_contain_text(product.name)
    page.evaluate("window.notReloaded = true")
    search = page.locator("input[name=q]")
    with page.expect_response(is_results_swap):
        search.press_sequentially("ผึ้งป่า")
    expect(results).to_contain_text(THAI_NAME)
    expect(results).not_to_contain_text(product.name)
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("html")).to_have_attribute("lang", "th")

    screenshot = artifacts / "product-list-th.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0


def test_product_list_filters_as_the_officer_types(
    page: Page, officer: User, product: Product, other_product: Product
) -> None:
    log_in(page, officer)
    page.goto("/products/")

    page.evaluate("window.notReloaded = true")
    with page.expect_response(is_results_swap, timeout=2_000):
        page.locator("input[name=q]").press_sequentially(product.code)
    expect(page.locator("#results")).not_to_contain_text(other_product.name)

    # Enter filters through htmx too, without reloading the page.
    with page.expect_response(is_results_swap, timeout=2_000):
        page.locator("input[name=q]").press("Enter")
    expect(page.locator("#results")).to_contain_text(product.name)
    assert page.evaluate("window.notReloaded") is True


def test_producer_sees_only_own_group_products_and_404_for_others(
    page: Page, producer: User, product: Product, other_product: Product
) -> None:
    log_in(page, producer)

    page.goto("/products/")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(product.name)
    expect(page.locator("#results")).not_to_contain_text(other_product.name)

    response = page.goto(other_product.get_absolute_url())
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator("main")).not_to_contain_text(other_product.name)


@pytest.mark.parametrize(
    ("field", "code", "price"),
    [
        pytest.param("price", "HONEY-NEW", "-๕๐", id="negative price"),
        pytest.param("code", None, "๑๒๐", id="duplicate code"),
    ],
)
def test_invalid_product_shows_error_at_the_field_and_saves_nothing(
    page: Page,
    officer: User,
    group: Any,
    product: Product,
    field: str,
    code: str | None,
    price: str,
) -> None:
    log_in(page, officer)

    fill_new_product(page, code=code or product.code, group_code=group.code, price=price)
    with page.expect_navigation() as navigation:
        page.click("form.form button.primary")

    assert navigation.value is not None
    assert navigation.value.status == 422
    field_box = page.locator(".field.has-error")
    expect(field_box).to_have_count(1)
    expect(field_box.locator(f"#id_{field}")).to_be_visible()
    expect(field_box.locator(".error[role=alert]")).not_to_be_empty()
    expect(page.locator("#id_name_th")).to_have_value(THAI_NAME)
    assert list(Product.objects.values_list("code", "name_en")) == [(product.code, product.name_en)]
