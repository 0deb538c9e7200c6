"""From the farm to the shelf in a real browser: a buying officer records a purchase on a
phone (a wrong date first), pays the group (too much first), packs a batch from the lot (more
than it holds first), and a visitor opens the batch's page as the label's QR code would, before
and after a recall. A payment's receipt, in the group's language, and not for another group's
producer."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.supply.models import Batch, Lot, Payment, Purchase
from ogop.supply.services import purchase_record
from tests.browser.conftest import log_in, record_payment
from tests.factories import ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_buying_officer_buys_pays_packs_and_a_visitor_traces_the_batch(
    page: Page, group: Any, artifacts: Path
) -> None:
    partner = UserFactory(role=Role.PARTNER_OFFICER)
    product = ProductFactory(producer_group=group, name_en="Tang wild honey", unit="250 g jar")
    page.set_viewport_size(PHONE)
    log_in(page, partner)

    # A purchase, dated in the future by mistake: refused at the date, the rest kept.
    page.goto("/supply/purchases/")
    page.get_by_role("link", name="Record a purchase").click()
    page.fill("#id_group", group.code)
    page.fill("#id_bought_on", "20/11/2099")
    page.fill("#id_material", "Raw honey")
    page.fill("#id_grade", "A")
    page.fill("#id_quantity", "25")
    page.select_option("#id_unit", "l")
    page.fill("#id_unit_price", "400")
    page.get_by_role("button", name="Record").click()
    error = page.locator(".field:has(#id_bought_on) .error")
    expect(error).to_contain_text("is in the future")
    expect(page.locator("#id_material")).to_have_value("Raw honey")
    page.screenshot(path=artifacts / "supply-purchase-refused.png", full_page=True)
    no_sideways_scroll(page)
    assert not Purchase.objects.exists()

    page.fill("#id_bought_on", "20/11/2017")
    page.get_by_role("button", name="Record").click()
    lot = Lot.objects.get()
    expect(page.locator(".messages, [role=status]").first).to_contain_text(lot.code)
    expect(page.locator("#purchase")).to_contain_text("10,000.00")

    # Paying the group more than it is owed is refused; what it is owed is paid.
    record_payment(page, group.code, day="25/11/2017", amount="12000", method="transfer")
    expect(page.locator(".field:has(#id_amount) .error")).to_contain_text("is owed 10,000.00 BTN")
    assert not Payment.objects.exists()
    page.fill("#id_amount", "10000")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#balances")).to_contain_text("0.00")
    page.screenshot(path=artifacts / "supply-group-paid.png", full_page=True)
    no_sideways_scroll(page)

    # A batch that takes more than the lot holds is refused; then packed.
    page.goto("/supply/batches/new/")
    expect(page.locator("#lots")).to_contain_text(lot.code)
    page.fill("#id_product", product.code)
    page.fill("#id_code", "HNY-1712")
    page.fill("#id_produced_on", "01/12/2017")
    page.fill("#id_best_before", "01/12/2018")
    page.fill("#id_quantity", "90")
    page.fill("#id_inputs-0-lot", lot.code)
    page.fill("#id_inputs-0-quantity", "26")
    page.get_by_role("button", name="Pack").click()
    expect(page.locator("form .error").first).to_contain_text(f"Lot {lot.code} has 25 litre left")
    assert not Batch.objects.exists()
    page.fill("#id_inputs-0-quantity", "24")
    page.fill("#id_inputs-0-lost", "1.5")
    page.get_by_role("button", name="Pack").click()
    expect(page.locator("#inputs")).to_contain_text(lot.code)
    page.screenshot(path=artifacts / "supply-batch.png", full_page=True)
    no_sideways_scroll(page)

    # The label's address opens the batch's public page, for anyone.
    trace = page.locator("#trace-link").get_attribute("href")
    assert trace is not None
    assert trace.endswith(f"/01/{product.code}/10/HNY-1712/")
    visitor = page.context.browser.new_context(base_url=page.url.split("/supply/")[0])
    public = visitor.new_page()
    public.set_viewport_size(PHONE)
    public.goto(trace)
    expect(public.locator("h1")).to_have_text("Tang wild honey")
    expect(public.locator("#origins")).to_contain_text(group.name)
    expect(public.locator("#origins")).to_contain_text("Raw honey, bought on")
    expect(public.locator("#recalled")).to_have_count(0)
    public.screenshot(path=artifacts / "supply-trace.png", full_page=True)
    no_sideways_scroll(public)

    # A recall, without a reason first.
    page.get_by_role("button", name="Recall the batch").click()
    expect(page.locator(".field:has(#id_recall_reason) .error")).to_be_visible()
    page.fill("#id_recall_reason", "Fermenting jars found at the Paro shop")
    page.get_by_role("button", name="Recall the batch").click()
    expect(page.locator("#recalled")).to_contain_text("Fermenting jars")

    public.reload()
    expect(public.locator("#recalled")).to_contain_text("This batch has been recalled")
    public.screenshot(path=artifacts / "supply-trace-recalled.png", full_page=True)
    visitor.close()


def test_an_officer_pays_a_group_and_prints_its_receipt_in_dzongkha(
    page: Page, group: Any, other_group: Any, artifacts: Path
) -> None:
    """A payment's receipt opens from the group's page in the group's language (Dzongkha for a
    Bhutanese group) with the amount in words; it can be switched to English; a producer of
    another group is not shown it."""
    partner = UserFactory(role=Role.PARTNER_OFFICER)
    purchase_record(
        group=group,
        bought_on=dt.date(2017, 11, 20),
        material="Red rice",
        quantity=Decimal(50),
        unit="kg",
        unit_price=Decimal("40"),
        user=partner,
    )
    page.set_viewport_size(PHONE)
    log_in(page, partner)
    record_payment(
        page, group.code, day="25/11/2017", amount="1234.50", to="Pema Choden, treasurer"
    )
    payment = Payment.objects.get()

    page.get_by_role("link", name=f"Receipt {payment.receipt_number}").click()
    receipt = page.locator("#receipt")
    expect(receipt).to_have_attribute("lang", "dz")
    expect(page.locator("#id_language")).to_have_value("dz")
    expect(page.locator("#receipt-words")).to_have_text(
        "དངུལ་ཀྲམ་གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི་དང་ཕྱེད་ཏམ་ལྔ་བཅུ"
    )
    expect(page.locator("#receipt-amount")).to_have_text("1,234.50 BTN")
    expect(receipt).to_contain_text("Pema Choden, treasurer")
    expect(receipt).to_contain_text("བུམ་ཐང")  # Bumthang, its dzongkhag
    expect(page.locator("#receipt-balance")).to_contain_text("765.50 BTN")  # still owed
    expect(page.locator("#receipt-pdf")).to_have_attribute(
        "href", f"/supply/payments/{payment.pk}/receipt.pdf?language=dz"
    )
    page.screenshot(path=artifacts / "supply-receipt-dz.png", full_page=True)
    no_sideways_scroll(page)

    # Chosen in English: the page changes as soon as the language is chosen.
    page.select_option("#id_language", "en")
    expect(receipt).to_have_attribute("lang", "en")
    expect(page.locator("#receipt-words")).to_have_text(
        "One thousand, two hundred and thirty-four ngultrum and fifty chhertum only"
    )
    expect(page.locator("#receipt-pdf")).to_have_attribute(
        "href", f"/supply/payments/{payment.pk}/receipt.pdf?language=en"
    )

    # A producer of another group: not found, and nothing of the payment shown.
    stranger = UserFactory(role=Role.PRODUCER)
    other_group.representatives.add(stranger)
    other = page.context.browser.new_context(base_url=page.url.split("/supply/")[0])
    other_page = other.new_page()
    log_in(other_page, stranger)
    response = other_page.goto(f"/supply/payments/{payment.pk}/receipt/")
    assert response is not None
    assert response.status == 404
    expect(other_page.locator("h1")).to_have_text("Not found")
    expect(other_page.locator("main")).not_to_contain_text("Pema Choden")
    other_page.screenshot(path=artifacts / "supply-receipt-other-group.png", full_page=True)
    other.close()
