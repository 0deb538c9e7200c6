"""Setting a fair up through its pages, buyer leads, and query counts of every list."""

import datetime as dt
from decimal import Decimal as D
from uuid import uuid4

import lxml.html
import pytest
from django.urls import reverse

from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, LeadStatus, Restock
from ogop.fairs.services import sale_record
from tests.factories import PASSWORD, ProductFactory
from tests.fairs.factories import (
    MERCHANT_QR,
    BoothFactory,
    BuyerLeadFactory,
    ExhibitFactory,
    FairFactory,
)


@pytest.fixture
def staff_client(client, supervisor):
    client.login(username=supervisor.username, password=PASSWORD)
    return client


def test_supervisor_creates_a_fair_with_thai_dates(staff_client):
    response = staff_client.post(
        reverse("fair_create"),
        {
            "code": "OTOP-CITY-2018",
            "name_en": "OTOP CITY 2018",
            "venue_en": "IMPACT",
            "city_en": "Nonthaburi",
            "country": "th",
            "starts_on": "16/12/2561",
            "ends_on": "24/12/2561",
            "currency": "THB",
        },
    )
    assert response.status_code == 302
    fair = Fair.objects.get(code="OTOP-CITY-2018")
    assert (fair.starts_on, fair.country) == (dt.date(2018, 12, 16), "TH")


def test_fair_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        reverse("fair_create"),
        {
            "code": "BAD",
            "name_en": "Bad",
            "venue_en": "V",
            "city_en": "C",
            "country": "TH",
            "starts_on": "2018-12-20",
            "ends_on": "2018-12-10",
            "currency": "THB",
        },
    )
    assert response.status_code == 422
    assert "cannot end before it starts" in response.text
    assert not Fair.objects.filter(code="BAD").exists()


def test_supervisor_sets_up_a_booth_with_groups_and_cashiers(staff_client, fair, group, cashier):
    response = staff_client.post(
        reverse("fair_booth_create", args=[fair.code]),
        {
            "code": "BT-09",
            "name": "Bhutan honey",
            "pavilion_country": "bt",
            "producer_groups": [group.pk],
            "cashiers": [cashier.pk],
        },
    )
    assert response.status_code == 302
    booth = Booth.objects.get(code="BT-09")
    assert (booth.fair, booth.pavilion_country) == (fair, "BT")
    assert list(booth.cashiers.all()) == [cashier]


def test_booth_code_is_unique_in_its_fair(staff_client, booth):
    response = staff_client.post(
        reverse("fair_booth_create", args=[booth.fair.code]), {"code": booth.code, "name": "Twin"}
    )
    assert response.status_code == 422
    assert Booth.objects.filter(code=booth.code).count() == 1


def test_exhibit_starts_with_its_opening_stock(staff_client, booth, product):
    url = reverse("fair_exhibit_create", args=[booth.fair.code, booth.code])
    data = {"product": product.code, "fair_price": "150", "min_price": "120", "opening_stock": "24"}
    assert staff_client.post(url, data).status_code == 302
    exhibit = Exhibit.objects.get()
    assert (exhibit.fair_price, exhibit.stock) == (D("150.00"), 24)
    assert staff_client.post(url, data).status_code == 422  # the same product twice


def test_lowest_price_above_fair_price_is_refused(staff_client, booth, product):
    url = reverse("fair_exhibit_create", args=[booth.fair.code, booth.code])
    data = {"product": product.code, "fair_price": "100", "min_price": "120", "opening_stock": "5"}
    response = staff_client.post(url, data)
    assert response.status_code == 422
    assert "cannot be above the fair price" in response.text
    assert not Exhibit.objects.exists()


def test_restock_page_adds_to_stock(staff_client, exhibit, supervisor):
    url = reverse("fair_exhibit_restock", args=[exhibit.booth.fair.code, exhibit.pk])
    assert staff_client.post(url, {"quantity": "0"}).status_code == 422
    assert staff_client.post(url, {"quantity": "12", "note": "Van"}).status_code == 302
    exhibit.refresh_from_db()
    assert exhibit.stock == 22
    assert Restock.objects.get().by == supervisor


def test_supervisor_records_a_buyer_lead_for_exhibited_products(staff_client, exhibit):
    fair = exhibit.booth.fair
    response = staff_client.post(
        reverse("fair_lead_create", args=[fair.code]),
        {
            "buyer_name": "Aiko Tanaka",
            "company": "Kyoto Fine Foods",
            "country": "jp",
            "contact": "aiko@example.jp",
            "products": [exhibit.product.pk],
            "status": LeadStatus.NEW,
        },
    )
    assert response.status_code == 302
    lead = BuyerLead.objects.get()
    assert (lead.country, list(lead.products.all())) == ("JP", [exhibit.product])
    edit = reverse("fair_lead_edit", args=[fair.code, lead.pk])
    data = {"buyer_name": "Aiko Tanaka", "status": LeadStatus.NEGOTIATING, "products": []}
    assert staff_client.post(edit, data).status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEGOTIATING


def test_lead_for_a_product_not_at_the_fair_is_refused(staff_client, fair, other_product):
    response = staff_client.post(
        reverse("fair_lead_create", args=[fair.code]),
        {"buyer_name": "X", "products": [other_product.pk], "status": LeadStatus.NEW},
    )
    assert response.status_code == 422
    assert not BuyerLead.objects.exists()


# Query counts, whatever the data size ------------------------------------------------------


def _grow(fair, cashier, n):
    """n booths, each with an exhibit, two sales and a lead."""
    for _ in range(n):
        booth = BoothFactory(fair=fair, cashiers=[cashier])
        exhibit = ExhibitFactory(booth=booth, product=ProductFactory())
        for _sale in range(2):
            sale_record(
                exhibit=exhibit,
                quantity=1,
                unit_price=D("90"),
                client_uuid=uuid4(),
                cashier=cashier,
            )
        BuyerLeadFactory(fair=fair, products=[exhibit.product])


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("fair list", lambda fair: reverse("fair_list")),
        ("fair", lambda fair: reverse("fair_detail", args=[fair.code])),
        ("booth", lambda fair: fair.booths.first().get_absolute_url()),
        (
            "counter",
            lambda fair: reverse("fair_counter", args=[fair.code, fair.booths.first().code]),
        ),
        ("sales", lambda fair: reverse("fair_sale_list", args=[fair.code])),
        ("leads", lambda fair: reverse("fair_lead_list", args=[fair.code])),
        ("report", lambda fair: reverse("fair_report", args=[fair.code])),
        ("report xlsx", lambda fair: reverse("fair_report_xlsx", args=[fair.code])),
    ],
)
def test_page_query_count_does_not_grow_with_the_data(
    name, url, client, supervisor, cashier, django_assert_max_num_queries
):
    fair = FairFactory()
    FairFactory()
    _grow(fair, cashier, 2)
    client.login(username=supervisor.username, password=PASSWORD)
    address = url(fair)
    with django_assert_max_num_queries(16) as small:
        assert client.get(address).status_code == 200
    _grow(fair, cashier, 8)
    # The booth page is of the first booth: its list grows through the fair's other pages.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(address).status_code == 200


def test_cashier_counter_query_count_holds_with_many_exhibits(
    client, cashier, booth, django_assert_max_num_queries
):
    for _ in range(30):
        ExhibitFactory(booth=booth, product=ProductFactory())
    client.login(username=cashier.username, password=PASSWORD)
    with django_assert_max_num_queries(10):
        client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))


def test_opening_stock_below_the_items_sold_is_refused_on_the_form(staff_client, exhibit, cashier):
    sale_record(
        exhibit=exhibit, quantity=7, unit_price=D("90"), client_uuid=uuid4(), cashier=cashier
    )
    url = reverse("fair_exhibit_edit", args=[exhibit.booth.fair.code, exhibit.pk])
    data = {"fair_price": "90", "min_price": "80", "opening_stock": "0"}
    response = staff_client.post(url, data)
    assert response.status_code == 422
    assert "cannot be below 7" in str(response.context["form"].errors["opening_stock"])
    assert Exhibit.objects.values_list("opening_stock", "stock").get(pk=exhibit.pk) == (10, 3)


def fair_form_values(fair, **changes):
    return {
        "name_en": fair.name_en,
        "venue_en": fair.venue_en,
        "city_en": fair.city_en,
        "country": fair.country,
        "starts_on": fair.starts_on.strftime("%d/%m/%Y"),
        "ends_on": fair.ends_on.strftime("%d/%m/%Y"),
        "currency": fair.currency,
        **changes,
    }


def test_fair_currency_is_fixed_on_its_form_once_it_has_a_sale(staff_client, exhibit, cashier):
    fair = exhibit.booth.fair
    url = reverse("fair_edit", args=[fair.code])
    assert not staff_client.get(url).context["form"].fields["currency"].disabled
    sale_record(
        exhibit=exhibit, quantity=1, unit_price=D("90"), client_uuid=uuid4(), cashier=cashier
    )
    page = staff_client.get(url)
    assert page.context["form"].fields["currency"].disabled
    assert "Fixed: the fair has sales in this currency." in page.text
    staff_client.post(url, fair_form_values(fair, currency="BTN", city_en="Bangkok"))
    fair.refresh_from_db()
    assert (fair.currency, fair.city_en) == ("THB", "Bangkok")


@pytest.mark.parametrize("quantity", ["100001", "3000000000", "9" * 30])
def test_restock_beyond_the_bound_is_refused_on_the_form(staff_client, exhibit, quantity):
    url = reverse("fair_exhibit_restock", args=[exhibit.booth.fair.code, exhibit.pk])
    response = staff_client.post(url, {"quantity": quantity})
    assert response.status_code == 422
    assert "100000" in str(response.context["form"].errors["quantity"])
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 10
    assert not Restock.objects.exists()


# The payee of the counter's payment QR ------------------------------------------------------


def field_errors(response, name):
    """The errors shown in the form's block of field `name`, as a person reads them there."""
    html = lxml.html.fromstring(response.content)
    (block,) = html.xpath(f'//div[contains(@class, "field")][.//*[@name="{name}"]]')
    return [error.text_content() for error in block.xpath('.//*[@class="error"]')]


def test_wrong_promptpay_id_is_refused_with_a_message_at_its_field(staff_client, fair):
    url = reverse("fair_edit", args=[fair.code])
    response = staff_client.post(url, fair_form_values(fair, promptpay_id="02-123-4567"))
    assert response.status_code == 422
    (error,) = field_errors(response, "promptpay_id")
    assert error.startswith("Enter a Thai mobile number (e.g. 081-234-5678)")
    assert field_errors(response, "name_en") == []
    fair.refresh_from_db()
    assert fair.promptpay_id == ""


def test_promptpay_id_with_a_wrong_check_digit_says_so_at_its_field(staff_client, fair):
    url = reverse("fair_edit", args=[fair.code])
    response = staff_client.post(url, fair_form_values(fair, promptpay_id="1-2345-67890-12-3"))
    assert response.status_code == 422
    assert "wrong check digit" in field_errors(response, "promptpay_id")[0]


def test_promptpay_id_is_kept_as_digits_and_shown_on_the_fairs_page(staff_client, fair):
    url = reverse("fair_edit", args=[fair.code])
    response = staff_client.post(url, fair_form_values(fair, promptpay_id="+66 81 234 5678"))
    assert response.status_code == 302
    fair.refresh_from_db()
    assert fair.promptpay_id == "0812345678"
    page = lxml.html.fromstring(staff_client.get(fair.get_absolute_url()).content)
    assert page.get_element_by_id("payment-qr").text_content() == "PromptPay 081-234-5678"


def test_fair_page_says_why_there_is_no_payment_qr(staff_client, fair):
    page = lxml.html.fromstring(staff_client.get(fair.get_absolute_url()).content)
    assert "the fair has no PromptPay id" in page.get_element_by_id("payment-qr").text_content()


def test_half_set_merchant_qr_names_each_missing_field(staff_client, settings):
    settings.OGOP_MERCHANT_QR_SCHEME_ID = ""
    fair = FairFactory(currency="BTN", country="BT")
    url = reverse("fair_edit", args=[fair.code])
    response = staff_client.post(url, fair_form_values(fair, qr_merchant_id="M1234"))
    assert response.status_code == 422
    for name in ["qr_merchant_name", "qr_merchant_city", "qr_merchant_category"]:
        assert field_errors(response, name) == [
            "Needed for the merchant QR, with the merchant's other fields."
        ]
    assert "OGOP_MERCHANT_QR_SCHEME_ID" in field_errors(response, "qr_scheme_id")[0]
    assert field_errors(response, "qr_merchant_id") == []


def test_merchant_qr_is_set_on_the_fairs_form(staff_client, settings):
    settings.OGOP_MERCHANT_QR_SCHEME_ID = "A000000999"
    fair = FairFactory(currency="BTN", country="BT")
    url = reverse("fair_edit", args=[fair.code])
    assert staff_client.post(url, fair_form_values(fair, **MERCHANT_QR)).status_code == 302
    page = lxml.html.fromstring(staff_client.get(fair.get_absolute_url()).content)
    assert page.get_element_by_id("payment-qr").text_content() == (
        "Bhutan Pavilion, merchant M1234"
    )


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("qr_merchant_name", "ร้านหัตถกรรม", "Use Latin letters"),
        ("qr_merchant_city", "Thimphu\x07", "Use Latin letters"),
        ("qr_merchant_category", "59", "four digits"),
        ("qr_merchant_id", "M 1234", "no spaces"),
        ("qr_scheme_id", "A0000 9", "scheme's id"),
    ],
)
def test_merchant_qr_value_a_qr_cannot_carry_is_refused_at_its_field(
    staff_client, name, value, says
):
    fair = FairFactory(currency="BTN", country="BT")
    url = reverse("fair_edit", args=[fair.code])
    response = staff_client.post(url, fair_form_values(fair, **{name: value}))
    assert response.status_code == 422
    assert says in " ".join(field_errors(response, name))
