"""Payment by QR at the counter, in a real browser: the cashier picks QR payment, the tablet
draws a code carrying the sale's amount — offline too — that reads back as the payload the
server makes; confirming records the sale as paid by QR and its receipt says so, cancelling
records nothing; a fair without a payee offers no QR and says why."""

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from ogop.fairs import payment_qr
from ogop.fairs.models import Fair, Sale
from tests.browser.test_fairs import counter, device_sales, open_counter, pending
from tests.fairs.factories import MERCHANT_QR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["counter"]  # the fixture, shared with the counter's other browser tests

PROMPTPAY_ID = "0812345678"


@pytest.fixture
def qr_counter(counter: dict[str, Any]) -> dict[str, Any]:
    """The counter of a fair in baht that PromptPay pays to 081-234-5678."""
    fair = counter["booth"].fair
    fair.promptpay_id = PROMPTPAY_ID
    fair.save()
    return counter


def ask_qr_payment(page: Page, code: str, quantity: int) -> None:
    page.click(f'.product-button[data-code="{code}"]')
    page.fill("#quantity", str(quantity))
    page.check('input[name="payment_method"][value="qr"]')
    page.click("#record-sale")
    expect(page.locator("#qr-dialog")).to_be_visible()


def qr_shown(page: Page) -> list[str]:
    """What a phone's camera would read from the code on the screen."""
    image = Image.open(io.BytesIO(page.locator("#qr-code").screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_cashier_takes_a_promptpay_payment_and_the_receipt_says_so(
    page: Page, qr_counter: dict[str, Any], artifacts: Path
) -> None:
    open_counter(page, qr_counter)
    expect(page.locator("label.payment-option", has_text="QR payment")).to_contain_text(
        "QR payment (PromptPay)"
    )
    ask_qr_payment(page, "HONEY", 2)

    # The code carries the sale's amount: what the server would make for 180 baht
    expect(page.locator("#qr-amount")).to_have_text("180.00 THB")
    expect(page.locator("#qr-dialog")).to_contain_text("PromptPay 081-234-5678")
    expected = payment_qr.promptpay_qr(PROMPTPAY_ID).payload(Decimal("180.00"))
    assert page.locator("#qr-code").get_attribute("data-payload") == expected
    assert qr_shown(page) == [expected]
    page.screenshot(path=str(artifacts / "fairs-counter-qr-payment.png"), full_page=True)
    # Nothing is recorded while the buyer pays
    pending(page).to_have_attribute("data-count", "0")
    assert not Sale.objects.exists()

    page.get_by_role("button", name="Confirm payment received").click()
    expect(page.locator("#qr-dialog")).to_be_hidden()
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    sale = Sale.objects.get()
    assert (sale.payment_method, sale.total, sale.quantity) == ("qr", Decimal("180.00"), 2)

    page.goto(page.locator("#last-sale a").get_attribute("href") or "")
    payment = page.locator("dt", has_text="Payment").locator("xpath=following-sibling::dd[1]")
    expect(payment).to_have_text("QR payment (PromptPay)")
    page.screenshot(path=str(artifacts / "fairs-receipt-qr-payment.png"), full_page=True)


def test_cancelling_a_qr_payment_records_nothing_and_keeps_the_sale_in_the_form(
    page: Page, qr_counter: dict[str, Any]
) -> None:
    open_counter(page, qr_counter)
    ask_qr_payment(page, "RICE", 3)
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#qr-dialog")).to_be_hidden()
    expect(page.locator("#counter-message")).to_contain_text("QR payment cancelled")
    expect(page.locator("#quantity")).to_have_value("3")
    # Escape closes it the same way
    page.click("#record-sale")
    expect(page.locator("#qr-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#qr-dialog")).to_be_hidden()
    pending(page).to_have_attribute("data-count", "0")
    assert device_sales(page, qr_counter["booth"], qr_counter["cashier"])["queue"] == []
    assert not Sale.objects.exists()

    # The cashier takes cash instead
    page.check('input[name="payment_method"][value="cash"]')
    page.click("#record-sale")
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    assert Sale.objects.get().payment_method == "cash"


def test_qr_is_drawn_on_the_tablet_without_a_network(
    page: Page, qr_counter: dict[str, Any], artifacts: Path
) -> None:
    open_counter(page, qr_counter)
    # The wifi drops and the cashier reloads: the counter (and the QR library) come from the
    # device (see test_counter_offline for why the sales' address is cut off as well)
    page.context.route("**/sales/", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)
    page.reload()
    ask_qr_payment(page, "HONEY", 1)
    expected = payment_qr.promptpay_qr(PROMPTPAY_ID).payload(Decimal("90.00"))
    assert qr_shown(page) == [expected]
    page.screenshot(path=str(artifacts / "fairs-counter-qr-offline.png"), full_page=True)
    page.get_by_role("button", name="Confirm payment received").click()
    pending(page).to_have_attribute("data-count", "1")

    # Back online, the sale reaches the server as paid by QR
    page.context.unroute("**/sales/")
    page.context.set_offline(False)
    pending(page).to_have_attribute("data-count", "0")
    assert Sale.objects.get().payment_method == "qr"


def test_fair_in_ngultrum_shows_its_merchant_qr(
    page: Page, counter: dict[str, Any], settings: Any
) -> None:
    settings.OGOP_MERCHANT_QR_SCHEME_ID = "A000000999"
    fair = counter["booth"].fair
    Fair.objects.filter(pk=fair.pk).update(currency="BTN", country="BT", **MERCHANT_QR)
    fair.refresh_from_db()
    open_counter(page, counter)
    ask_qr_payment(page, "HONEY", 3)
    expect(page.locator("#qr-amount")).to_have_text("270.00 BTN")
    expected = payment_qr.for_fair(fair).payload(Decimal("270.00"))  # type: ignore[union-attr]
    assert qr_shown(page) == [expected]
    page.get_by_role("button", name="Confirm payment received").click()
    expect(page.locator("#last-sale a")).to_have_text("Receipt")
    page.goto(page.locator("#last-sale a").get_attribute("href") or "")
    payment = page.locator("dt", has_text="Payment").locator("xpath=following-sibling::dd[1]")
    expect(payment).to_have_text("QR payment (Bhutan QR)")


def test_fair_without_a_payee_offers_no_qr_and_says_why(
    page: Page, counter: dict[str, Any], artifacts: Path
) -> None:
    open_counter(page, counter)
    choice = page.locator('input[name="payment_method"][value="qr"]')
    expect(choice).to_be_disabled()
    expect(page.locator("#qr-unavailable")).to_be_visible()
    expect(page.locator("#qr-unavailable")).to_contain_text("the fair has no PromptPay id")
    expect(page.locator("#qr-dialog")).to_have_count(0)
    page.screenshot(path=str(artifacts / "fairs-counter-no-qr.png"), full_page=True)
