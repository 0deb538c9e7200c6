"""From the packing house to a shop's shelf in a real browser: an officer sends a batch to the
Paro Airport shop (more than is packed first), the shop's cashier receives it on a phone (a
shortfall without a reason first), and counts the shelf (a difference without a reason first)."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.outlets.models import Dispatch, Outlet, Stock, StockMove
from tests.browser.conftest import log_in
from tests.browser.test_supply import PHONE, no_sideways_scroll
from tests.factories import ProductFactory, UserFactory
from tests.supply.helpers import packed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_goods_go_from_the_packing_house_to_the_paro_shop_and_are_counted(
    page: Page, browser: Any, live_server: Any, group: Any, artifacts: Path
) -> None:
    officer = UserFactory(role=Role.PARTNER_OFFICER)
    cashier = UserFactory(role=Role.CASHIER)
    product = ProductFactory(producer_group=group, name_en="Tang wild honey")
    batch = packed(product, code="HNY-1712", quantity=60, buyer=officer)
    shop = Outlet.objects.create(
        code="SHOP-PARO", name="Paro Airport shop", kind="shop", city="Paro"
    )
    shop.staff.add(cashier)

    # The officer sends more than the packing house holds: refused at the lines, kept typed.
    log_in(page, officer)
    page.goto("/outlets/")
    page.get_by_role("link", name="Send goods").click()
    expect(page.locator("#at-packing")).to_contain_text("HNY-1712")
    page.select_option("#id_destination", "SHOP-PARO")
    page.fill("#id_sent_on", "01/12/2017")
    page.fill("#id_lines-0-product", product.code)
    page.fill("#id_lines-0-batch", "HNY-1712")
    page.fill("#id_lines-0-quantity", "61")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("[role=alert]").first).to_contain_text(
        "the packing house holds 60 units; 61 cannot be sent"
    )
    expect(page.locator("#id_lines-0-batch")).to_have_value("HNY-1712")
    page.screenshot(path=artifacts / "outlets-dispatch-refused.png", full_page=True)
    assert not Dispatch.objects.exists()
    page.fill("#id_lines-0-quantity", "24")
    page.get_by_role("button", name="Send").click()
    dispatch = Dispatch.objects.get()
    expect(page.locator("h1")).to_contain_text(dispatch.code)
    expect(page.locator("#received")).to_contain_text("on the way")

    # The shop's cashier, on a phone, finds it on the way, and receives two fewer.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    cashier_page = context.new_page()
    log_in(cashier_page, cashier)
    cashier_page.goto("/outlets/")
    cashier_page.get_by_role("link", name="Paro Airport shop").click()
    cashier_page.locator("#arriving").get_by_role("link", name=dispatch.code).click()
    cashier_page.fill("#id_received_on", "03/12/2017")
    received = cashier_page.get_by_label("Units received HNY-1712")
    expect(received).to_have_value("24")
    received.fill("22")
    cashier_page.get_by_role("button", name="Record what arrived").click()
    expect(cashier_page.locator("#lines .error")).to_contain_text(
        "24 units were sent and 22 arrived: say why they differ."
    )
    cashier_page.screenshot(path=artifacts / "outlets-receipt-refused.png", full_page=True)
    no_sideways_scroll(cashier_page)
    assert not StockMove.objects.exists()
    cashier_page.get_by_label("Why they differ HNY-1712").fill("Two jars broken on the road")
    cashier_page.get_by_role("button", name="Record what arrived").click()
    expect(cashier_page.locator("#received")).to_contain_text("3 December 2017")
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == 22

    # The shelf count finds one fewer: a reason is asked for, then the stock follows.
    cashier_page.goto(shop.get_absolute_url())
    expect(cashier_page.locator("#stock-products")).to_contain_text("22")
    cashier_page.get_by_role("link", name="Count the stock").click()
    cashier_page.fill("#id_on", "10/12/2017")
    cashier_page.get_by_label("Units counted HNY-1712").fill("21")
    cashier_page.get_by_role("button", name="Record the count").click()
    expect(cashier_page.locator(".field:has(#id_reason) .error")).to_contain_text("say why")
    cashier_page.fill("#id_reason", "One jar missing")
    cashier_page.get_by_role("button", name="Record the count").click()
    expect(cashier_page.locator("#stock-batches")).to_contain_text("21")
    expect(cashier_page.locator("#moves")).to_contain_text("One jar missing")
    cashier_page.screenshot(path=artifacts / "outlets-shop-stock.png", full_page=True)
    no_sideways_scroll(cashier_page)
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == 21
    context.close()
