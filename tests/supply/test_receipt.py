"""A payment's receipt for its group: what it paid for and what is still owed, in the group's
language by default or the one chosen, as a page and as a PDF."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ogop.supply.selectors import payment_receipt
from ogop.supply.services import payment_record, purchase_record
from tests.factories import ProducerGroupFactory, area
from tests.reports.test_programme_report import comparable, pdf_text

pytestmark = pytest.mark.django_db

DAY = dt.date(2017, 11, 20)


def buy(group, officer, amount, currency="BTN", material="honey"):
    purchase, _made = purchase_record(
        group=group,
        bought_on=DAY,
        material=material,
        quantity=D(1),
        unit="l",
        unit_price=D(amount),
        currency=currency,
        user=officer,
    )
    return purchase


def pay(group, officer, amount, currency="BTN", **more):
    return payment_record(
        group=group,
        paid_on=DAY + dt.timedelta(days=5),
        amount=D(amount),
        currency=currency,
        method="cash",
        paid_to="Pema Choden",
        user=officer,
        **more,
    )


def receipt_url(payment, language=None):
    url = reverse("payment_receipt", args=[payment.pk])
    return f"{url}?language={language}" if language else url


def pdf_url(payment, language):
    return reverse("payment_receipt_pdf", args=[payment.pk]) + f"?language={language}"


# What a receipt pays for -------------------------------------------------------------------


def test_a_payment_settles_the_oldest_purchases_first(officer, group):
    honey = buy(group, officer, "600", material="honey")
    rice = buy(group, officer, "1000", material="red rice")
    buy(group, officer, "300", material="chilli")
    first = pay(group, officer, "800")
    second = pay(group, officer, "1000")

    receipt = payment_receipt(first)
    assert [(row.purchase, row.paid, row.in_full) for row in receipt.settled] == [
        (honey, D("600.00"), True),
        (rice, D("200.00"), False),
    ]
    assert (receipt.owed_before, receipt.owed_after) == (D("1900.00"), D("1100.00"))

    receipt = payment_receipt(second)
    assert [(row.purchase.material, row.paid, row.in_full) for row in receipt.settled] == [
        ("red rice", D("800.00"), True),
        ("chilli", D("200.00"), False),
    ]
    assert (receipt.owed_before, receipt.owed_after) == (D("1100.00"), D("100.00"))


def test_a_receipt_is_as_it_was_when_paid_whatever_is_bought_or_paid_later(officer, group):
    buy(group, officer, "500")
    payment = pay(group, officer, "500")
    buy(group, officer, "700", material="rice")
    pay(group, officer, "100")
    receipt = payment_receipt(payment)
    assert [row.purchase.material for row in receipt.settled] == ["honey"]
    assert (receipt.owed_before, receipt.owed_after) == (D("500.00"), D("0.00"))


def test_a_receipt_counts_the_purchases_of_its_currency_only(officer, group):
    buy(group, officer, "900", currency="THB")
    buy(group, officer, "400")
    receipt = payment_receipt(pay(group, officer, "400"))
    assert [row.purchase.currency for row in receipt.settled] == ["BTN"]
    assert receipt.owed_after == 0


def test_the_receipt_number_is_the_year_and_the_payment_s_number(officer, group):
    buy(group, officer, "100")
    payment = pay(group, officer, "100")
    assert payment.receipt_number == f"R-2017-{payment.pk:05}"


# The page ------------------------------------------------------------------------------------


def test_a_bhutanese_group_s_receipt_is_in_dzongkha_by_default(officer_client, officer, group):
    buy(group, officer, "1500")
    payment = pay(group, officer, "1234.50", reference="CHQ-77")
    page = officer_client.get(receipt_url(payment))
    assert page.status_code == 200
    assert 'lang="dz"' in page.text
    words = "དངུལ་ཀྲམ་གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི་དང་ཕྱེད་ཏམ་ལྔ་བཅུ"
    assert words in page.text
    assert "1,234.50 BTN" in page.text
    assert payment.receipt_number in page.text
    for shown in (group.name, group.code, "Pema Choden", "CHQ-77", str(officer)):
        assert shown in page.text
    # Its gewog and dzongkhag, under their Dzongkha names when they have them.
    assert group.area.name_dz
    assert group.area.name_dz in page.text
    assert group.area.parent.name_dz in page.text
    # What is still owed after it, and the chooser set to Dzongkha.
    assert "265.50 BTN" in page.text
    assert '<option value="dz" selected>' in page.text


def test_the_receipt_is_in_the_language_chosen(officer_client, officer, group):
    buy(group, officer, "1500")
    payment = pay(group, officer, "1234.50")
    page = officer_client.get(receipt_url(payment, "en"))
    assert 'lang="en"' in page.text
    assert "One thousand, two hundred and thirty-four ngultrum and fifty chhertum only" in page.text
    assert "Payment receipt" in page.text
    assert "Tang" in page.text
    assert "Bumthang" in page.text
    assert "Still owed after this payment" in page.text
    thai = officer_client.get(receipt_url(payment, "th"))
    assert "หนึ่งพันสองร้อยสามสิบสี่งุลตรัมห้าสิบเชตรัม" in thai.text
    assert "2560" in thai.text  # the day paid, in the Buddhist Era


def test_a_thai_group_s_receipt_is_in_thai_by_default(officer_client, officer):
    group = ProducerGroupFactory(area=area("840503"))
    buy(group, officer, "171", currency="THB")
    payment = pay(group, officer, "171", currency="THB")
    page = officer_client.get(receipt_url(payment))
    assert 'lang="th"' in page.text
    assert "หนึ่งร้อยเจ็ดสิบเอ็ดบาทถ้วน" in page.text


def test_an_unknown_language_gets_the_group_s(officer_client, officer, group):
    buy(group, officer, "100")
    payment = pay(group, officer, "100")
    page = officer_client.get(receipt_url(payment, "xx"))
    assert page.status_code == 200
    assert 'lang="dz"' in page.text


def test_the_group_s_account_links_each_payment_to_its_receipt(officer_client, officer, group):
    buy(group, officer, "100")
    payment = pay(group, officer, "100")
    page = officer_client.get(reverse("group_account", args=[group.code]))
    assert f'href="{receipt_url(payment)}"' in page.text
    assert f"Receipt {payment.receipt_number}" in page.text


def test_the_receipt_page_reads_the_same_whatever_a_group_has_bought(
    officer_client, officer, group
):
    def queries() -> int:
        payment = pay(group, officer, "1")
        with CaptureQueriesContext(connection) as captured:
            officer_client.get(receipt_url(payment))
        return len(captured)

    buy(group, officer, "10")
    few = queries()
    for _ in range(10):
        buy(group, officer, "10")
    assert queries() == few


# The PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", ["Payment receipt", "One thousand, two hundred and thirty-four ngultrum"]),
        ("th", ["หนึ่งพันสองร้อยสามสิบสี่งุลตรัมห้าสิบเชตรัม"]),
        ("dz", ["དངུལ་ཀྲམ་གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི"]),
    ],
)
def test_the_pdf_says_the_amount_in_words_in_its_language(
    officer_client, officer, group, tmp_path, language, said
):
    buy(group, officer, "1500")
    payment = pay(group, officer, "1234.50")
    response = officer_client.get(pdf_url(payment, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="receipt-{payment.receipt_number}-{language}.pdf"'
    )
    text = comparable(pdf_text(response.content, tmp_path))
    for shown in [*said, payment.receipt_number, "1,234.50BTN", group.code, "PemaChoden"]:
        assert comparable(shown) in text, shown


def test_a_producer_sees_the_receipts_of_their_own_group_only(client_as, officer, group):
    buy(group, officer, "100")
    own = pay(group, officer, "100")
    other_group = ProducerGroupFactory()
    buy(other_group, officer, "100")
    other = pay(other_group, officer, "100")
    client = client_as("producer", group=group)
    assert client.get(receipt_url(own)).status_code == 200
    assert client.get(pdf_url(own, "dz")).status_code == 200
    assert client.get(receipt_url(other)).status_code == 404
    assert client.get(pdf_url(other, "dz")).status_code == 404
