"""The cashier's day at a fair booth, on a tablet with flaky wifi: log in, open today's
counter, sell, meet a wrong price and a refusal (the last rice sold by another counter), lose
the connection, keep selling and reloading, come back — and every sale is recorded once."""

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from ogop.accounts.models import Role
from ogop.fairs.models import Exhibit, Fair, Sale
from ogop.products import shipped
from ogop.products.models import Stage
from tests.browser.conftest import Journey, log_in
from tests.browser.test_fairs import _stages_after_module
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "cashier"
__all__ = ["_stages_after_module"]  # gives the shipped stages back after this module


@pytest.fixture
def booth(transactional_db: None) -> Any:
    """Today's fair (PromptPay pays 081-234-5678), the cashier's booth: honey (20), one rice
    left, and tea sold out."""
    shipped.install_stages(Stage)
    cashier = UserFactory(role=Role.CASHIER, first_name="Pema")
    booth = BoothFactory(cashiers=[cashier], name="Bhutan pavilion")
    Fair.objects.filter(pk=booth.fair.pk).update(promptpay_id="0812345678")
    for code, stock in [("HONEY", 20), ("RICE", 1), ("TEA", 0)]:
        ExhibitFactory(booth=booth, product=ProductFactory(code=code), opening_stock=stock)
    return booth


def sell(journey: Journey, code: str, quantity: int = 1, price: str | None = None) -> None:
    page = journey.page
    page.click(f'.product-button[data-code="{code}"]')
    page.fill("#quantity", str(quantity))
    if price is not None:
        page.fill("#unit-price", price)
    page.click("#record-sale")


def test_cashier_sells_through_a_refusal_and_a_lost_connection(
    journey: Journey, booth: Any
) -> None:
    page, say = journey.page, journey.say
    cashier = booth.cashiers.get()
    pending = page.locator("#pending")

    # Morning: log in and open today's counter from the fair's page
    log_in(page, cashier)
    page.goto("/fairs/")
    page.get_by_role("link", name=booth.fair.name).click()
    page.get_by_role("link", name=say("Open the counter")).click()
    expect(page.locator("h1")).to_contain_text(booth.name)
    journey.reads()
    expect(page.locator("#fair-closed")).to_be_hidden()
    expect(page.locator('.product-button[data-code="TEA"]')).to_be_disabled()
    # the tablet holds what it needs to open the counter without a network
    expect(page.locator("#offline-ready")).to_be_visible()
    expect(page.locator("#offline-ready")).to_have_text(say("Works offline"))
    journey.shot("counter")

    # A sale
    sell(journey, "HONEY", 2)
    expect(page.locator("#last-sale a")).to_have_text(say("Receipt"))

    # A wrong value: a price below the lowest allowed is stopped on the tablet
    sell(journey, "HONEY", 1, price="10")
    expect(page.locator("#counter-message")).to_contain_text(
        say("The price is below the lowest price allowed:")
    )
    expect(pending).to_have_attribute("data-count", "0")

    # A refusal: another counter sold the last rice meanwhile
    Exhibit.objects.filter(booth=booth, product__code="RICE").update(stock=0)
    sell(journey, "RICE", 1)
    expect(page.locator("#last-sale")).to_contain_text(say("Not recorded:"))
    expect(page.locator('.product-button[data-code="RICE"] .stock-value')).to_have_text("0")
    expect(page.locator('.product-button[data-code="RICE"]')).to_be_disabled()
    expect(page.locator("#rejected-box")).to_be_visible()
    journey.shot("refused")
    page.get_by_role("button", name=say("Dismiss")).click()
    expect(page.locator("#rejected-box")).to_be_hidden()

    # The wifi drops: sales are kept on the tablet, and a reload still opens the counter.
    # (Chromium's offline emulation does not reach every request, a reloaded page's first
    # among them: the sales' address is cut off for the whole browser too, as the wifi would.)
    page.context.route("**/sales/", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)
    expect(page.locator("#connection")).to_contain_text(
        say("Offline: sales are kept on this device and sent when the connection returns.")
    )
    sell(journey, "HONEY", 1)
    expect(pending).to_have_attribute("data-count", "1")
    page.reload()
    expect(pending).to_have_attribute("data-count", "1")
    sell(journey, "HONEY", 3)
    expect(pending).to_have_attribute("data-count", "2")
    expect(page.locator("#connection")).to_contain_text(
        say("Offline: sales are kept on this device and sent when the connection returns.")
    )
    expect(page.locator('.product-button[data-code="HONEY"] .stock-value')).to_have_text("14")
    journey.shot("offline")
    # What the tablet holds is checked here, and what the server holds once the connection
    # returns: a sale whose answer never came back may have reached it, and is then recorded
    # once all the same.

    # The wifi returns: every sale reaches the server, once
    page.context.unroute("**/sales/")
    page.context.set_offline(False)
    expect(pending).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(3)
    journey.shot("back")
    key = f"ogop-counter:{cashier.pk}:{booth.pk}"
    state = json.loads(page.evaluate(f"localStorage.getItem('{key}')"))
    sent = {sale["client_uuid"]: sale["quantity"] for sale in state["recent"]}
    recorded = {str(uid): n for uid, n in Sale.objects.values_list("client_uuid", "quantity")}
    assert recorded == sent
    assert sorted(sent.values()) == [1, 2, 3]
    assert Exhibit.objects.get(booth=booth, product__code="HONEY").stock == 14

    # A buyer pays by QR: the code carries the amount, and the sale waits for the cashier
    page.click('.product-button[data-code="HONEY"]')
    page.check('input[name="payment_method"][value="qr"]')
    page.click("#record-sale")
    expect(page.locator("#qr-dialog")).to_be_visible()
    expect(page.locator("#qr-amount")).to_have_text("90.00 THB")
    expect(page.locator("#qr-code svg")).to_be_visible()
    journey.shot("qr")
    page.get_by_role("button", name=say("Confirm payment received")).click()
    expect(page.locator("#recent a")).to_have_count(4)
    assert Sale.objects.filter(payment_method="qr").count() == 1
