"""The farmers' income on the programme's dashboard in a real browser: the map of what the
groups were paid by dzongkhag shows Bumthang's amount, and after a buying officer pays the group
(too much first, refused) the map, the table and the figure show the new amount at once."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.supply.models import Payment
from tests.browser.conftest import PHONE, log_in, record_payment
from tests.factories import ProducerGroupFactory, UserFactory, area
from tests.programme.factories import (
    ActivityFactory,
    ExchangeRateFactory,
    ProgrammeFactory,
    component,
)
from tests.supply.helpers import bought, paid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(transactional_db: None) -> Any:
    """A programme in baht (2016–2018) serving a Bumthang group that OGOP bought 5,000
    ngultrum of honey from and paid 2,500 (1,000 baht at 0.4)."""
    programme = ProgrammeFactory(title="OGOP support", currency="THB")
    group = ProducerGroupFactory(code="PG-TANG", name_en="Tang honey", area=area("BT-33-03"))
    ActivityFactory(component=component(programme)).producer_groups.add(group)
    ExchangeRateFactory(currency="BTN", quote="THB", valid_from=dt.date(2016, 1, 1), rate="0.4")
    bought(group, dt.date(2017, 11, 20), "10", unit="l", unit_price="250")
    paid(group, dt.date(2017, 11, 20), "2500")
    return programme


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_income_map_shows_a_payment_as_soon_as_it_is_recorded(
    page: Page, programme: Any, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, UserFactory(role=Role.PARTNER_OFFICER))
    dashboard = reverse("programme_dashboard", args=[programme.pk])
    bumthang = page.locator('#income-map g.income-area[data-area="BT-33"]')

    # What the Bumthang group was paid, on the map and in the table.
    page.goto(dashboard)
    expect(page.locator("#dashboard-paid")).to_have_text("1,000.00 THB")
    expect(bumthang.locator("text.amount")).to_have_text("1,000.00 THB")
    expect(bumthang.locator("text").first).to_have_text("Bumthang")
    expect(page.locator('#income-by-area tr[data-area="BT-33"]')).to_contain_text("1,000.00 THB")
    expect(page.locator("#income-map g.income-area.paid")).to_have_count(1)
    expect(page.locator("#income-legend text").first).to_have_text("1,000.00 THB")
    assert page.locator("#income-map circle").first.is_visible()
    page.locator("#income").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "dashboard-income-map.png", full_page=True)
    no_sideways_scroll(page)

    # Paying more than the group is owed is refused: the map stays as it was.
    record_payment(page, "PG-TANG", day="05/12/2017", amount="2600")
    expect(page.locator(".field:has(#id_amount) .error")).to_contain_text("is owed 2,500.00 BTN")
    assert Payment.objects.count() == 1
    page.goto(dashboard)
    expect(bumthang.locator("text.amount")).to_have_text("1,000.00 THB")

    # The rest of what the group is owed, paid: the map and the figures move at once.
    record_payment(page, "PG-TANG", day="05/12/2017", amount="2500")
    expect(page.locator("#balances")).to_contain_text("0.00")
    assert Payment.objects.get(paid_on=dt.date(2017, 12, 5)).amount == Decimal("2500.00")

    page.goto(dashboard)
    expect(page.locator("#dashboard-paid")).to_have_text("2,000.00 THB")
    expect(bumthang.locator("text.amount")).to_have_text("2,000.00 THB")
    expect(page.locator('#income-by-area tr[data-area="BT-33"]')).to_contain_text("2,000.00 THB")
    expect(page.locator("#income-total")).to_contain_text("paid to 1 producer group")
    page.screenshot(path=artifacts / "dashboard-income-map-paid.png", full_page=True)
    no_sideways_scroll(page)
