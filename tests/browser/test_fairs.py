"""The fair counter in a real browser: sales made online, offline and through a dropped
connection all reach the server exactly once."""

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from ogop.accounts.models import Role
from ogop.demo import fairs as demo_fairs
from ogop.fairs.models import Exhibit, Sale
from ogop.products import shipped
from ogop.products.models import Stage
from tests.browser.conftest import log_in
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _stages_after_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Give the shipped stages back to the tests that follow (the areas: see conftest)."""
    yield
    with django_db_blocker.unblock():
        shipped.install_stages(Stage)


@pytest.fixture
def counter(transactional_db: None) -> dict[str, Any]:
    """A booth of a fair running today, its cashier and two products with 20 in stock."""
    shipped.install_stages(Stage)  # a transactional test's flush removed the shipped stages
    cashier = UserFactory(role=Role.CASHIER)
    booth = BoothFactory(cashiers=[cashier])
    honey = ExhibitFactory(booth=booth, product=ProductFactory(code="HONEY"), opening_stock=20)
    rice = ExhibitFactory(booth=booth, product=ProductFactory(code="RICE"), opening_stock=20)
    return {"cashier": cashier, "booth": booth, "honey": honey, "rice": rice}


def open_counter(page: Page, counter: dict[str, Any]) -> None:
    """The booth's counter, as its cashier opens it."""
    booth = counter["booth"]
    log_in(page, counter["cashier"])
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")
    # The counter's service worker in control before any sale: a sale sent while the worker
    # is still starting may pass outside the routes a test sets on the browser.
    expect(page.locator("#counter")).to_have_attribute("data-offline-ready", "true")


def sell(page: Page, code: str, quantity: int = 1) -> None:
    page.click(f'.product-button[data-code="{code}"]')
    page.fill("#quantity", str(quantity))
    page.click("#record-sale")


def pending(page: Page) -> Any:
    return expect(page.locator("#pending"))


def device_sales(page: Page, booth: Any, user: Any) -> dict[str, Any]:
    key = f"ogop-counter:{user.pk}:{booth.pk}"
    return json.loads(page.evaluate(f"window.localStorage.getItem('{key}')"))


def test_sales_made_offline_reach_the_server_exactly_once(
    page: Page, counter: dict[str, Any], artifacts: Path
) -> None:
    booth, cashier = counter["booth"], counter["cashier"]
    open_counter(page, counter)

    # Online: each sale is recorded at once and gets its receipt.
    sell(page, "HONEY", 2)
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    sell(page, "RICE", 1)
    expect(page.locator("#recent a")).to_have_count(2)
    pending(page).to_have_attribute("data-count", "0")
    assert Sale.objects.count() == 2

    # The wifi drops: sales are kept on the device, and the page says how many wait.
    page.context.set_offline(True)
    expect(page.locator("#connection")).to_contain_text("Offline")
    sell(page, "HONEY", 1)
    sell(page, "RICE", 3)
    sell(page, "HONEY", 4)
    pending(page).to_have_attribute("data-count", "3")
    pending(page).to_contain_text("3")
    expect(page.locator('.product-button[data-code="HONEY"] .stock-value')).to_have_text("13")
    page.screenshot(path=str(artifacts / "fairs-counter-offline.png"), full_page=True)
    assert Sale.objects.count() == 2

    # Still no answer from the server, and the tab is reloaded: the queue is on the device.
    # The whole browser's routes: the counter's service worker sees its requests first, and
    # what passes through it escapes a page's routes.
    page.context.route("**/sales/", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(False)
    page.reload()
    pending(page).to_have_attribute("data-count", "3")
    assert Sale.objects.count() == 2

    # The connection returns: everything waiting is sent.
    page.context.unroute("**/sales/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(5)

    state = device_sales(page, booth, cashier)
    sent = {sale["client_uuid"]: sale["quantity"] for sale in state["recent"]}
    recorded = dict(Sale.objects.values_list("client_uuid", "quantity"))
    assert {str(uid): quantity for uid, quantity in recorded.items()} == sent
    assert len(sent) == 5
    assert Exhibit.objects.get(pk=counter["honey"].pk).stock == 20 - 2 - 1 - 4
    assert Exhibit.objects.get(pk=counter["rice"].pk).stock == 20 - 1 - 3
    assert state["queue"] == []
    assert state["rejected"] == []


def test_sale_whose_answer_is_lost_is_sent_again_and_recorded_once(
    page: Page, counter: dict[str, Any]
) -> None:
    open_counter(page, counter)
    answers: list[int] = []

    def reach_server_then_drop(route: Route) -> None:
        """The request reaches the server, but the connection drops before the answer."""
        answers.append(route.fetch().status)
        route.abort("connectionreset")

    page.context.route("**/sales/", reach_server_then_drop)
    sell(page, "HONEY", 2)
    expect(page.locator("#counter-message")).to_contain_text("did not answer")
    pending(page).to_have_attribute("data-count", "1")
    assert answers[0] == 201  # recorded, though the counter never heard it
    assert Sale.objects.count() == 1

    page.context.unroute("**/sales/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(1)
    assert set(answers[1:]) <= {200}  # any retry while the connection was still bad: replays
    assert Sale.objects.count() == 1
    assert Exhibit.objects.get(pk=counter["honey"].pk).stock == 18


def test_refused_sale_is_shown_as_not_recorded_and_nothing_is_lost(
    page: Page, counter: dict[str, Any]
) -> None:
    open_counter(page, counter)
    # Another counter sells all but one rice while this one shows 20 and is offline
    Exhibit.objects.filter(pk=counter["rice"].pk).update(stock=1)
    page.context.set_offline(True)
    sell(page, "RICE", 2)
    sell(page, "HONEY", 1)
    pending(page).to_have_attribute("data-count", "2")
    page.context.set_offline(False)
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#rejected")).to_contain_text("Out of stock")
    expect(page.locator("#recent a")).to_have_count(1)
    # The refusal brings the server's stock: 1 rice, not the 20 the page was opened with
    expect(page.locator('.product-button[data-code="RICE"] .stock-value')).to_have_text("1")
    assert list(Sale.objects.values_list("exhibit__product__code", flat=True)) == ["HONEY"]
    assert Sale.objects.get().total == Decimal("90.00")


def test_tablet_with_a_wrong_clock_dates_its_sales_by_the_server(
    page: Page, counter: dict[str, Any]
) -> None:
    booth, cashier = counter["booth"], counter["cashier"]
    log_in(page, cashier)
    page.clock.set_system_time(dt.datetime(2016, 1, 1, tzinfo=dt.UTC))
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")
    sell(page, "HONEY", 1)
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    sale = Sale.objects.get()
    assert abs(sale.sold_at - timezone.now()) < dt.timedelta(minutes=1)


def test_refused_sales_show_their_reason_hold_back_nothing_and_can_be_corrected(
    page: Page, counter: dict[str, Any], artifacts: Path
) -> None:
    booth, cashier, honey = counter["booth"], counter["cashier"], counter["honey"]
    booth.fair.allow_negative_stock = True
    booth.fair.save()
    open_counter(page, counter)

    # Given a sale the tablet kept from before the bounds (3,000,000,000 items), still queued
    key = f"ogop-counter:{cashier.pk}:{booth.pk}"
    huge = {
        "client_uuid": "0b7d5c1e-7a43-4d4e-9a55-3c1f4a3e8b01",
        "exhibit": honey.pk,
        "quantity": 3_000_000_000,
        "unit_price": "90.00",
        "payment_method": "cash",
        "sold_at": timezone.now().isoformat(),
        "label": "HONEY",
        "total_display": "270,000,000,000.00 THB",
    }
    state = {"queue": [huge], "rejected": [], "recent": []}
    page.evaluate("([key, state]) => localStorage.setItem(key, state)", [key, json.dumps(state)])
    page.reload()
    # and the organiser lowering the honey's price while the counter is open
    Exhibit.objects.filter(pk=honey.pk).update(fair_price=Decimal("80"), min_price=Decimal("70"))

    # When the cashier sells honey at the price the page still shows, then rice
    sell(page, "HONEY", 2)
    sell(page, "RICE", 1)

    # Then the rice is recorded, and both refused sales are shown with their reasons
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(1)
    rejected = page.locator("#rejected li")
    expect(rejected).to_have_count(2)
    expect(rejected.nth(0)).to_contain_text("a sale holds at most 100,000 items")
    expect(rejected.nth(1)).to_contain_text("above the fair price 80.00")
    assert list(Sale.objects.values_list("exhibit__product__code", "quantity")) == [("RICE", 1)]
    expect(page.locator('.product-button[data-code="HONEY"] .stock-value')).to_have_text("20")
    page.screenshot(path=str(artifacts / "fairs-counter-refused.png"), full_page=True)

    # When the cashier dismisses the first, and corrects the price of the second
    rejected.nth(0).get_by_role("button", name="Dismiss").click()
    expect(rejected).to_have_count(1)
    rejected.nth(0).get_by_role("button", name="Correct").click()
    expect(rejected).to_have_count(0)
    expect(page.locator("#chosen-product")).to_contain_text("HONEY")
    expect(page.locator("#quantity")).to_have_value("2")
    expect(page.locator("#unit-price")).to_have_value("90.00")
    page.fill("#unit-price", "80")
    page.click("#record-sale")

    # Then the corrected sale is recorded, and the refused ones are gone from the device
    expect(page.locator("#recent a")).to_have_count(2)
    expect(page.locator("#rejected-box")).to_be_hidden()
    honey_sale = Sale.objects.get(exhibit=honey)
    assert (honey_sale.quantity, honey_sale.total) == (2, Decimal("160.00"))
    assert device_sales(page, booth, cashier)["rejected"] == []
    assert Exhibit.objects.get(pk=honey.pk).stock == 18


def test_a_sale_the_server_fails_on_does_not_hold_back_the_next(
    page: Page, counter: dict[str, Any]
) -> None:
    booth, cashier = counter["booth"], counter["cashier"]
    open_counter(page, counter)
    failing: dict[str, Any] = {"uuid": None, "on": True}

    def fail_the_first_sale(route: Route) -> None:
        """The server fails on the first sale (an HTML 500 page) until told to stop."""
        uuid = json.loads(route.request.post_data or "{}").get("client_uuid")
        failing["uuid"] = failing["uuid"] or uuid
        if failing["on"] and uuid == failing["uuid"]:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error</h1>")
        else:
            route.continue_()

    page.context.route("**/sales/", fail_the_first_sale)
    sell(page, "HONEY", 2)
    expect(page.locator("#counter-message")).to_contain_text("did not answer")
    sell(page, "RICE", 1)

    # The rice is recorded while the honey still waits for its next try
    expect(page.locator("#recent a")).to_have_count(1)
    pending(page).to_have_attribute("data-count", "1")
    expect(page.locator("#recent")).to_contain_text("trying again")
    assert list(Sale.objects.values_list("exhibit__product__code", flat=True)) == ["RICE"]

    # The server recovers: the honey goes on its own next try, and nothing is refused
    failing["on"] = False
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(2)
    assert Sale.objects.count() == 2
    assert device_sales(page, booth, cashier)["rejected"] == []


def test_a_try_under_way_when_the_connection_returns_goes_again_at_once(
    page: Page, counter: dict[str, Any]
) -> None:
    """A try that set out offline and failed after the connection came back says nothing about
    the connection now: its sale goes again at once, not after a long wait between tries."""
    booth, cashier = counter["booth"], counter["cashier"]
    open_counter(page, counter)
    held: list[Route] = []
    page.context.route("**/sales/", lambda route: held.append(route))
    sell(page, "HONEY", 2)
    while not held:  # the try is under way
        page.wait_for_timeout(50)
    # The sale has waited through several failed tries: its next wait would be the longest
    key = f"ogop-counter:{cashier.pk}:{booth.pk}"
    page.evaluate(
        """key => {
          const state = JSON.parse(localStorage.getItem(key));
          state.queue.forEach((sale) => { sale.attempts = 5; });
          localStorage.setItem(key, JSON.stringify(state));
        }""",
        key,
    )

    # The connection returns while that try is under way; then the try fails
    page.evaluate("window.dispatchEvent(new Event('online'))")
    held[0].abort("internetdisconnected")
    page.context.unroute("**/sales/")  # a try held from here on goes through

    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(1)
    assert list(Sale.objects.values_list("quantity", flat=True)) == [2]
    assert device_sales(page, booth, cashier)["queue"] == []


def test_counter_of_a_fair_not_open_today_says_so_before_any_sale(
    page: Page, counter: dict[str, Any], artifacts: Path
) -> None:
    # Given a fair that ended years ago (the demo's OTOP CITY 2017)
    fair = counter["booth"].fair
    fair.starts_on, fair.ends_on = dt.date(2017, 12, 17), dt.date(2017, 12, 25)
    fair.save()

    # When its cashier opens the counter, the page says so before anything is tried
    open_counter(page, counter)
    expect(page.locator("#fair-closed")).to_be_visible()
    expect(page.locator("#fair-closed")).to_contain_text("Today is outside this fair")
    expect(page.locator("#record-sale")).to_be_disabled()
    page.screenshot(path=str(artifacts / "fairs-counter-fair-closed.png"), full_page=True)

    # and a sale forced through anyway is neither queued nor sent
    page.click('.product-button[data-code="HONEY"]')
    page.evaluate("document.getElementById('sale-form').requestSubmit()")
    expect(page.locator("#counter-message")).to_contain_text("Today is outside this fair")
    pending(page).to_have_attribute("data-count", "0")
    assert not Sale.objects.exists()


def test_sold_out_products_cannot_be_chosen_and_a_refusal_shows_the_servers_stock(
    page: Page, counter: dict[str, Any], artifacts: Path
) -> None:
    # Given honey sold out before the counter opened
    Exhibit.objects.filter(pk=counter["honey"].pk).update(stock=0)
    open_counter(page, counter)
    honey = page.locator('.product-button[data-code="HONEY"]')
    rice = page.locator('.product-button[data-code="RICE"]')
    expect(honey).to_be_disabled()
    page.fill("#code-input", "HONEY")
    page.press("#code-input", "Enter")
    expect(page.locator("#counter-message")).to_contain_text("Sold out at this booth: HONEY")
    expect(page.locator("#chosen-product")).to_have_text("No product chosen")

    # and another counter selling all but one rice while this one still shows 20
    Exhibit.objects.filter(pk=counter["rice"].pk).update(stock=1)

    # When the cashier sells 2 rice, the server refuses: the counter says so where they look
    # and shows the server's stock, not its own guess
    sell(page, "RICE", 2)
    expect(page.locator("#last-sale")).to_contain_text("Not recorded: Out of stock")
    expect(rice.locator(".stock-value")).to_have_text("1")
    page.screenshot(path=str(artifacts / "fairs-counter-out-of-stock.png"), full_page=True)

    # When the cashier sells the last one, it is recorded and rice cannot be chosen any more
    sell(page, "RICE", 1)
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    expect(rice.locator(".stock-value")).to_have_text("0")
    expect(rice).to_be_disabled()
    assert list(Sale.objects.values_list("exhibit__product__code", "quantity")) == [("RICE", 1)]

    # and a reload still shows both sold out
    page.reload()
    expect(rice).to_be_disabled()
    expect(honey).to_be_disabled()


def test_demo_market_is_open_today_and_its_counter_sells(
    page: Page, counter: dict[str, Any]
) -> None:
    # Given the demo's market, loaded with the demo's products and cashier
    for code, _stock in demo_fairs.MARKET_STOCK:
        ProductFactory(code=code)
    cashier = counter["cashier"]
    demo_fairs.load_market({"admin": UserFactory(role=Role.ADMIN), "cashier": cashier})

    # When the cashier opens its counter, it is open, and the sold-out product is shown so
    log_in(page, cashier)
    page.goto(f"/fairs/{demo_fairs.MARKET_CODE}/booths/{demo_fairs.MARKET_BOOTH}/counter/")
    expect(page.locator("#fair-closed")).to_be_hidden()
    expect(page.locator('.product-button[data-code="BT-P011"]')).to_be_disabled()

    # and a sale is recorded
    sell(page, "BT-P001", 2)
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    sale = Sale.objects.get(exhibit__booth__fair__code=demo_fairs.MARKET_CODE)
    assert (sale.cashier, sale.quantity) == (cashier, 2)
