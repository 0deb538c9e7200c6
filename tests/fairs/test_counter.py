"""The counter's page and its JSON endpoint: idempotent on the sale number, clear refusals."""

import datetime as dt
import json
import re
from uuid import uuid4

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ogop.fairs.models import Exhibit, Sale, SaleConflict
from ogop.fairs.payment_qr import promptpay_qr
from tests.factories import PASSWORD


@pytest.fixture
def cashier_client(client, cashier):
    client.login(username=cashier.username, password=PASSWORD)
    return client


def sale_url(booth):
    return reverse("fair_sale_record", args=[booth.fair.code, booth.code])


def post(client, booth, **fields):
    body = {
        "client_uuid": str(uuid4()),
        "quantity": 1,
        "unit_price": "90.00",
        "payment_method": "cash",
        "sold_at": timezone.now().isoformat(),
    } | fields
    return client.post(sale_url(booth), json.dumps(body), content_type="application/json")


def test_counter_page_offers_the_booths_products(cashier_client, booth, exhibit):
    response = cashier_client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))
    assert response.status_code == 200
    assert f'data-exhibit="{exhibit.pk}"' in response.text
    assert "fairs/counter.js" in response.text
    assert "<script>" not in response.text
    assert " onclick=" not in response.text


def test_sale_is_recorded_with_201_and_its_receipt(cashier_client, booth, exhibit, cashier):
    response = post(cashier_client, booth, exhibit=exhibit.pk, quantity=2, payment_method="qr")
    assert response.status_code == 201
    data = response.json()
    sale = Sale.objects.get()
    assert (data["client_uuid"], data["total"], data["stock"]) == (
        str(sale.client_uuid),
        "180.00",
        8,
    )
    assert (sale.cashier, sale.payment_method) == (cashier, "qr")
    assert cashier_client.get(data["receipt_url"]).status_code == 200


def test_same_sale_sent_twice_answers_200_with_the_first(cashier_client, booth, exhibit):
    uid = str(uuid4())
    when = timezone.now().isoformat()
    first = post(cashier_client, booth, exhibit=exhibit.pk, client_uuid=uid, sold_at=when)
    again = post(cashier_client, booth, exhibit=exhibit.pk, client_uuid=uid, sold_at=when)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["client_uuid"] == again.json()["client_uuid"] == uid
    assert Sale.objects.count() == 1
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 9


def test_same_number_with_different_content_answers_409_and_is_logged(
    cashier_client, booth, exhibit
):
    uid = str(uuid4())
    post(cashier_client, booth, exhibit=exhibit.pk, client_uuid=uid, quantity=1)
    response = post(cashier_client, booth, exhibit=exhibit.pk, client_uuid=uid, quantity=3)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "first sale stands" in response.json()["detail"]
    assert Sale.objects.get().quantity == 1
    assert SaleConflict.objects.count() == 1


def test_out_of_stock_answers_409_with_a_clear_message(cashier_client, booth, exhibit):
    Exhibit.objects.filter(pk=exhibit.pk).update(stock=1)
    response = post(cashier_client, booth, exhibit=exhibit.pk, quantity=2)
    assert response.status_code == 409
    assert response.json()["code"] == "out_of_stock"
    assert "Out of stock" in response.json()["detail"]
    assert response.json()["stock"] == 1  # the server's, for the counter to show
    assert not Sale.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"quantity": 0}, "quantity", "at least 1"),
        ({"quantity": -2}, "quantity", "at least 1"),
        ({"quantity": "2"}, "quantity", "whole number"),
        ({"unit_price": "70.00"}, "unit_price", "below the lowest"),
        ({"unit_price": "120"}, "unit_price", "above the fair price"),
        ({"unit_price": "abc"}, "unit_price", "not a number"),
        ({"client_uuid": "not-a-uuid"}, "client_uuid", "UUID"),
        ({"payment_method": "barter"}, "payment_method", "Unknown payment"),
        ({"sold_at": "yesterday"}, "sold_at", "not a date"),
    ],
)
def test_bad_sale_answers_422_naming_the_field(
    cashier_client, booth, exhibit, fields, field, message
):
    response = post(cashier_client, booth, exhibit=exhibit.pk, **fields)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert message in response.json()["detail"]
    assert not Sale.objects.exists()
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 10


def test_sale_dated_outside_the_fair_answers_422(cashier_client, booth, exhibit):
    when = (timezone.now() - dt.timedelta(days=5)).isoformat()
    response = post(cashier_client, booth, exhibit=exhibit.pk, sold_at=when)
    assert response.status_code == 422
    assert "outside the fair" in response.json()["detail"]
    assert response.json()["stock"] == 10


def test_counter_of_a_fair_not_open_today_warns_and_cannot_record(cashier_client, booth, exhibit):
    booth.fair.starts_on, booth.fair.ends_on = dt.date(2017, 12, 17), dt.date(2017, 12, 25)
    booth.fair.save()
    response = cashier_client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))
    assert "Today is outside this fair" in response.text
    assert 'id="fair-closed" class="error-box" role="alert">' in response.text
    assert 'data-first-day="2017-12-17"' in response.text
    assert re.search(r'id="record-sale"[^>]* disabled', response.text)


def test_counter_of_a_fair_open_today_hides_the_warning(cashier_client, booth, exhibit):
    response = cashier_client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))
    assert 'role="alert" hidden>' in response.text
    assert not re.search(r'id="record-sale"[^>]* disabled', response.text)


def test_sold_out_product_is_a_disabled_button(cashier_client, booth, exhibit):
    Exhibit.objects.filter(pk=exhibit.pk).update(stock=0)
    response = cashier_client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))
    button = re.search(rf'<button [^>]*data-exhibit="{exhibit.pk}"[^>]*>', response.text)
    assert button
    assert " disabled" in button.group(0)
    assert "sold-out" in button.group(0)


def test_counter_manifest_installs_the_booths_counter(cashier_client, booth):
    counter = reverse("fair_counter", args=[booth.fair.code, booth.code])
    page = cashier_client.get(counter).text
    url = reverse("fair_counter_manifest", args=[booth.fair.code, booth.code])
    assert f'<link rel="manifest" href="{url}" crossorigin="use-credentials">' in page
    response = cashier_client.get(url)
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["start_url"], manifest["id"], manifest["display"]) == (
        counter,
        counter,
        "standalone",
    )
    assert booth.code in manifest["name"]
    assert manifest["short_name"] == booth.code
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert sizes == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert cashier_client.get(icon["src"]).status_code == 200


def test_service_worker_is_served_at_the_root_for_anyone(client):
    response = client.get(reverse("counter_service_worker"))
    assert reverse("counter_service_worker") == "/counter-sw.js"  # its scope: the whole site
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    config = json.loads(re.match(r"const OGOP = (.*);\n", response.text).group(1))
    assert config["forgetOn"] == [reverse("login"), reverse("logout")]
    counter = reverse("fair_counter", args=["F-1", "B-1"])
    assert re.match(config["counter"], counter)
    assert not re.match(config["counter"], counter + "manifest.webmanifest")
    assert not re.match(config["counter"], reverse("fair_sale_list", args=["F-1"]))


def test_service_worker_version_changes_with_a_static_file(tmp_path, settings):
    from ogop.fairs import offline

    offline.version.cache_clear()
    before = offline.version()
    (tmp_path / "extra.css").write_text("body { color: red }")
    settings.STATICFILES_DIRS = [tmp_path]
    offline.version.cache_clear()
    try:
        assert offline.version() != before
    finally:
        offline.version.cache_clear()


def test_product_not_exhibited_at_this_booth_is_refused(
    cashier_client, booth, exhibit, other_exhibit
):
    response = post(cashier_client, booth, exhibit=other_exhibit.pk)
    assert response.status_code == 422
    assert "not exhibited at this booth" in response.json()["detail"]
    assert not Sale.objects.exists()


def test_cashier_cannot_sell_at_a_booth_not_assigned_to_them(cashier_client, other_exhibit):
    response = post(cashier_client, other_exhibit.booth, exhibit=other_exhibit.pk)
    assert response.status_code == 404
    assert not Sale.objects.exists()


def test_anonymous_sale_answers_401_in_json(client, booth, exhibit):
    response = post(client, booth, exhibit=exhibit.pk)
    assert response.status_code == 401
    assert response.json()["code"] == "login"


def test_sale_without_csrf_token_is_refused(cashier, booth, exhibit):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username=cashier.username, password=PASSWORD)
    response = post(client, booth, exhibit=exhibit.pk)
    assert response.status_code == 403
    assert not Sale.objects.exists()


def test_malformed_json_answers_400(cashier_client, booth):
    response = cashier_client.post(sale_url(booth), "{oops", content_type="application/json")
    assert response.status_code == 400


def test_receipt_of_a_baht_sale_says_the_amount_in_thai_words(cashier_client, booth, exhibit):
    data = post(cashier_client, booth, exhibit=exhibit.pk, quantity=2, unit_price="85.50").json()
    response = cashier_client.get(data["receipt_url"])
    assert "171.00 THB" in response.text
    assert "หนึ่งร้อยเจ็ดสิบเอ็ดบาทถ้วน" in response.text


def test_receipt_in_another_currency_has_no_baht_text(cashier_client, booth, exhibit):
    booth.fair.currency = "USD"
    booth.fair.save()
    data = post(cashier_client, booth, exhibit=exhibit.pk).json()
    response = cashier_client.get(data["receipt_url"])
    assert "บาท" not in response.text


def test_receipt_in_thai_shows_the_buddhist_era_year(cashier_client, booth, exhibit):
    data = post(cashier_client, booth, exhibit=exhibit.pk).json()
    response = cashier_client.get(data["receipt_url"], HTTP_ACCEPT_LANGUAGE="th")
    assert str(timezone.localdate().year + 543) in response.text
    assert "เก้าสิบบาทถ้วน" in response.text


# Hostile input: every refusal is a JSON 4xx with its reason, never a 500 --------------------


@pytest.fixture
def oversell_booth(booth):
    """The booth of a fair that records a sale even when the stock is used up."""
    booth.fair.allow_negative_stock = True
    booth.fair.save()
    return booth


def assert_refused_in_json(response, status, field=None, says=""):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["code"]
    assert data["detail"]
    if field is not None:
        assert data["field"] == field
    assert says in data["detail"]
    assert not Sale.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"quantity": 3_000_000_000}, "quantity", "at most 100,000"),
        ({"quantity": 10**30}, "quantity", "at most 100,000"),
        ({"quantity": 100_001}, "quantity", "at most 100,000"),
        ({"unit_price": "1e999999"}, "unit_price", "too large"),
        ({"unit_price": "99999999999999999999"}, "unit_price", "too large"),
        ({"unit_price": "-1"}, "unit_price", "cannot be negative"),
        ({"unit_price": "NaN"}, "unit_price", "not a number"),
        ({"unit_price": "Infinity"}, "unit_price", "not a number"),
        ({"unit_price": None}, "unit_price", "not a number"),
        ({"unit_price": {"a": 1}}, "unit_price", "not a number"),
        ({"exhibit": 10**30}, "exhibit", "not exhibited"),
        ({"exhibit": -1}, "exhibit", "not exhibited"),
        ({"sold_at": "0001-01-01T00:00:00+23:59"}, "sold_at", ""),
        ({"sold_at": "9999-12-31T23:59:59-23:59"}, "sold_at", ""),
        ({"client_uuid": ["a"]}, "client_uuid", "UUID"),
    ],
)
def test_hostile_sale_is_refused_in_json_before_the_database_sees_it(
    cashier_client, oversell_booth, exhibit, fields, field, says
):
    response = post(cashier_client, oversell_booth, **({"exhibit": exhibit.pk} | fields))
    assert_refused_in_json(response, 422, field, says)
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 10


def test_sale_whose_total_does_not_fit_is_refused(cashier_client, oversell_booth, exhibit):
    Exhibit.objects.filter(pk=exhibit.pk).update(
        fair_price="9999999999.99", min_price="9999999999.99"
    )
    response = post(
        cashier_client,
        oversell_booth,
        exhibit=exhibit.pk,
        quantity=1000,
        unit_price="9999999999.99",
    )
    assert_refused_in_json(response, 422, "quantity", "too large")


def test_deeply_nested_json_answers_400_in_json(cashier_client, booth):
    body = "[" * 100_000 + "]" * 100_000
    response = cashier_client.post(sale_url(booth), body, content_type="application/json")
    assert_refused_in_json(response, 400, says="not valid JSON")


def test_huge_number_in_json_answers_400_in_json(cashier_client, booth, exhibit):
    body = '{"quantity": ' + "9" * 5000 + "}"
    response = cashier_client.post(sale_url(booth), body, content_type="application/json")
    assert_refused_in_json(response, 400, says="not valid JSON")


def test_malformed_json_answers_400_in_json(cashier_client, booth):
    response = cashier_client.post(sale_url(booth), b"\xff{oops", content_type="application/json")
    assert_refused_in_json(response, 400, says="not valid JSON")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_sale_sent_as_anything_but_json_answers_415_in_json(
    cashier_client, booth, exhibit, content_type
):
    body = json.dumps({"client_uuid": str(uuid4()), "exhibit": exhibit.pk, "quantity": 1})
    response = cashier_client.post(sale_url(booth), body, content_type=content_type)
    assert_refused_in_json(response, 415, says="JSON")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"client_uuid": "\\u0000"}', "application/json"),
        (b'{"client_uuid": "\x00"}', "application/json"),
        (b'{"payment_method": "cash\\u0000"}', "text/plain"),
        (b"\x00", ""),
    ],
)
def test_nul_in_a_sale_answers_4xx_in_json(cashier_client, booth, exhibit, body, content_type):
    response = cashier_client.post(sale_url(booth), body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert_refused_in_json(response, response.status_code)


@pytest.mark.parametrize("accept", ["application/json", "*/*", ""])
def test_sale_with_a_missing_or_wrong_csrf_token_answers_403_in_json(
    cashier, booth, exhibit, accept
):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username=cashier.username, password=PASSWORD)
    client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))  # sets the cookie
    body = json.dumps({"client_uuid": str(uuid4()), "exhibit": exhibit.pk, "quantity": 1})
    headers = {"X-CSRFToken": "wrong" * 8, "Accept": accept} if accept else {}
    response = client.post(sale_url(booth), body, content_type="application/json", headers=headers)
    assert_refused_in_json(response, 403, says="security token")
    assert response.json()["code"] == "csrf"


def test_form_without_csrf_token_still_gets_the_html_page(cashier, booth):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username=cashier.username, password=PASSWORD)
    response = client.post(reverse("fair_lead_create", args=[booth.fair.code]), {})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_sale_too_large_answers_413_in_json(cashier_client, booth, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"padding": "x" * 2000})
    response = cashier_client.post(sale_url(booth), body, content_type="application/json")
    assert_refused_in_json(response, 413)


def test_sale_endpoint_answers_a_get_with_405(cashier_client, booth):
    response = cashier_client.get(sale_url(booth))
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_request_asking_for_json_gets_a_csrf_refusal_in_json(cashier, booth):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.login(username=cashier.username, password=PASSWORD)
    url = reverse("fair_lead_create", args=[booth.fair.code])
    response = client.post(url, {}, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"


# Any value in any field, any body, any content type: a JSON answer, never a server error.

SALE_FIELDS = ["client_uuid", "exhibit", "quantity", "unit_price", "payment_method", "sold_at"]
ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["1e999999", "-0", "NaN", "sNaN", "Infinity", "0001-01-01T00:00:00+23:59"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.dictionaries(st.sampled_from(SALE_FIELDS), ANY_JSON),
    content_type=st.sampled_from(["application/json", "text/plain", "", "application/json; x=1"]),
)
@example(fields={"unit_price": "1e999999"}, content_type="application/json")
@example(fields={"quantity": 10**30}, content_type="application/json")
@example(fields={"exhibit": 10**30}, content_type="application/json")
def test_any_sale_sent_gets_a_json_answer_and_never_a_server_error(
    cashier_client, oversell_booth, exhibit, fields, content_type
):
    body = {"client_uuid": str(uuid4()), "exhibit": exhibit.pk, "quantity": 1} | fields
    response = cashier_client.post(
        sale_url(oversell_booth), json.dumps(body), content_type=content_type
    )
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert ("detail" in response.json()) is (response.status_code >= 300)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=200))
def test_any_bytes_sent_as_a_sale_get_a_json_answer(cashier_client, booth, body):
    response = cashier_client.post(sale_url(booth), body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


# Payment by QR ---------------------------------------------------------------------------


def counter_page(client, booth):
    response = client.get(reverse("fair_counter", args=[booth.fair.code, booth.code]))
    return lxml.html.fromstring(response.content)


def test_counter_holds_the_payment_qr_of_the_fairs_promptpay_id(cashier_client, booth, exhibit):
    booth.fair.promptpay_id = "0812345678"
    booth.fair.save()
    page = counter_page(cashier_client, booth)
    counter = page.get_element_by_id("counter")
    before, after = promptpay_qr("0812345678").parts()
    assert (counter.get("data-qr-before"), counter.get("data-qr-after")) == (before, after)
    (qr_choice,) = page.xpath('//input[@name="payment_method"][@value="qr"]')
    assert qr_choice.get("disabled") is None
    assert "QR payment (PromptPay)" in " ".join(qr_choice.getparent().text_content().split())
    dialog = page.get_element_by_id("qr-dialog")
    assert "PromptPay 081-234-5678" in dialog.text_content()
    assert dialog.xpath('.//button[@value="confirm"]')[0].text == "Confirm payment received"
    # The QR library comes with the page (and so is kept for offline use)
    assert page.xpath('//script[contains(@src, "vendor/qrcode-generator/qrcode.js")]')


def test_counter_of_a_fair_without_payee_offers_no_qr_and_says_why(cashier_client, booth, exhibit):
    page = counter_page(cashier_client, booth)
    assert page.get_element_by_id("counter").get("data-qr-before") is None
    (qr_choice,) = page.xpath('//input[@name="payment_method"][@value="qr"]')
    assert qr_choice.get("disabled") is not None
    assert qr_choice.get("aria-describedby") == "qr-unavailable"
    assert "the fair has no PromptPay id" in page.get_element_by_id("qr-unavailable").text
    assert not page.xpath('//*[@id="qr-dialog"]')


@pytest.mark.parametrize(
    ("currency", "says"), [("THB", "QR payment (PromptPay)"), ("BTN", "QR payment (Bhutan QR)")]
)
def test_receipt_says_a_qr_payment_and_its_scheme(cashier_client, booth, exhibit, currency, says):
    booth.fair.currency = currency
    booth.fair.save()
    data = post(cashier_client, booth, exhibit=exhibit.pk, payment_method="qr").json()
    receipt = lxml.html.fromstring(cashier_client.get(data["receipt_url"]).content)
    (payment,) = receipt.xpath('//dt[text()="Payment"]/following-sibling::dd[1]')
    assert payment.text == says


def test_receipt_of_a_cash_sale_says_cash(cashier_client, booth, exhibit):
    data = post(cashier_client, booth, exhibit=exhibit.pk, payment_method="cash").json()
    receipt = lxml.html.fromstring(cashier_client.get(data["receipt_url"]).content)
    (payment,) = receipt.xpath('//dt[text()="Payment"]/following-sibling::dd[1]')
    assert payment.text == "cash"
