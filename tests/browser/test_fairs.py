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
    log_in(page, cashier)
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")

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
    page.route("**/sales/", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(False)
    page.reload()
    pending(page).to_have_attribute("data-count", "3")
    assert Sale.objects.count() == 2

    # The connection returns: everything waiting is sent.
    page.unroute("**/sales/")
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
    booth, cashier = counter["booth"], counter["cashier"]
    log_in(page, cashier)
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")
    answers: list[int] = []

    def reach_server_then_drop(route: Route) -> None:
        """The request reaches the server, but the connection drops before the answer."""
        answers.append(route.fetch().status)
        route.abort("connectionreset")

    page.route("**/sales/", reach_server_then_drop)
    sell(page, "HONEY", 2)
    expect(page.locator("#counter-message")).to_contain_text("did not answer")
    pending(page).to_have_attribute("data-count", "1")
    assert answers[0] == 201  # recorded, though the counter never heard it
    assert Sale.objects.count() == 1

    page.unroute("**/sales/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#recent a")).to_have_count(1)
    assert set(answers[1:]) <= {200}  # any retry while the connection was still bad: replays
    assert Sale.objects.count() == 1
    assert Exhibit.objects.get(pk=counter["honey"].pk).stock == 18


def test_refused_sale_is_shown_as_not_recorded_and_nothing_is_lost(
    page: Page, counter: dict[str, Any]
) -> None:
    booth, cashier = counter["booth"], counter["cashier"]
    Exhibit.objects.filter(pk=counter["rice"].pk).update(stock=1)
    log_in(page, cashier)
    page.goto(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/")
    page.context.set_offline(True)
    sell(page, "RICE", 2)
    sell(page, "HONEY", 1)
    pending(page).to_have_attribute("data-count", "2")
    page.context.set_offline(False)
    pending(page).to_have_attribute("data-count", "0")
    expect(page.locator("#rejected")).to_contain_text("Out of stock")
    expect(page.locator("#recent a")).to_have_count(1)
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
