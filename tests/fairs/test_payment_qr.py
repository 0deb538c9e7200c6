"""The counter's payment QR payloads: PromptPay's published format, a configured EMVCo
merchant QR, and the checks on a fair's payee."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ogop.fairs import payment_qr
from ogop.fairs.payment_qr import (
    merchant_qr,
    promptpay_id_display,
    promptpay_id_normalise,
    promptpay_qr,
    with_crc,
)
from tests.fairs.factories import FairFactory, ngultrum_fair

MERCHANT = {
    "scheme_id": "A000000999",
    "acquirer_id": "11000",
    "merchant_id": "M1234",
    "name": "Bhutan Pavilion",
    "city": "Thimphu",
    "category": "5999",
}


def data_objects(payload: str) -> dict[str, str]:
    """A payload read back, tag by tag (the tests' own reader, to check what was written)."""
    objects, at = {}, 0
    while at < len(payload):
        tag, length = payload[at : at + 2], int(payload[at + 2 : at + 4])
        objects[tag] = payload[at + 4 : at + 4 + length]
        at += 4 + length
    assert at == len(payload), "the lengths add up to the payload"
    return objects


# PromptPay's published examples (the reference implementation's test cases, promptpay-qr on
# npm): a phone number as 0066 and its nine digits under sub-tag 01, a 13-digit id under 02.
@pytest.mark.parametrize(
    ("promptpay_id", "payload"),
    [
        (
            "0801234567",
            "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
        ),
        (
            "0891234567",
            "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
        ),
        (
            "1111111111111",
            "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A",
        ),
        (
            "0123456789012",
            "00020101021129370016A000000677010111021301234567890125802TH530376463040CBD",
        ),
    ],
)
def test_static_promptpay_payloads_match_the_published_examples(promptpay_id, payload):
    assert promptpay_qr(promptpay_id).payload(None) == payload


def test_promptpay_payload_with_an_amount_matches_the_published_example():
    payload = promptpay_qr("0000000000").payload(D("4.22"))
    assert payload == (
        "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469"
    )


def test_promptpay_payload_carries_the_amount_currency_country_and_is_dynamic():
    objects = data_objects(promptpay_qr("0812345678").payload(D("1500")))
    assert objects["00"] == "01"
    assert objects["01"] == "12"  # dynamic: made for this payment
    assert data_objects(objects["29"]) == {"00": "A000000677010111", "01": "0066812345678"}
    assert (objects["53"], objects["54"], objects["58"]) == ("764", "1500.00", "TH")
    assert list(objects)[-1] == "63"


def test_crc_is_ccitt_false_over_everything_before_it():
    payload = promptpay_qr("0812345678").payload(D("90"))
    body, crc = payload[:-4], payload[-4:]
    assert body.endswith("6304")
    assert crc == _crc16_ccitt_false(body.encode())
    assert _crc16_ccitt_false(b"123456789") == "29B1"  # the standard's check value


def _crc16_ccitt_false(data: bytes) -> str:
    """The test's own CRC, bit by bit, as the standard describes it."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return f"{crc:04X}"


def test_merchant_payload_carries_the_configured_account_and_the_merchant(settings):
    objects = data_objects(merchant_qr(**MERCHANT).payload(D("1500.5")))
    assert data_objects(objects["26"]) == {"00": "A000000999", "01": "11000", "02": "M1234"}
    assert (objects["52"], objects["53"], objects["54"]) == ("5999", "064", "1500.50")
    assert (objects["58"], objects["59"], objects["60"]) == ("BT", "Bhutan Pavilion", "Thimphu")
    assert objects["01"] == "12"
    assert list(objects) == ["00", "01", "26", "52", "53", "54", "58", "59", "60", "63"]


def test_static_merchant_payload_has_no_amount_and_all_the_rest():
    objects = data_objects(merchant_qr(**MERCHANT).payload(None))
    assert objects["01"] == "11"
    assert list(objects) == ["00", "01", "26", "52", "53", "58", "59", "60", "63"]


def test_an_amount_a_payload_cannot_carry_is_refused():
    with pytest.raises(ValueError, match="cannot carry"):
        promptpay_qr("0812345678").payload(D("10000000000"))


def test_merchant_payload_follows_the_servers_tags(settings):
    settings.OGOP_MERCHANT_QR_TAG = "30"
    settings.OGOP_MERCHANT_QR_ACQUIRER_SUBTAG = "02"
    settings.OGOP_MERCHANT_QR_MERCHANT_SUBTAG = "03"
    objects = data_objects(merchant_qr(**MERCHANT | {"acquirer_id": ""}).payload(D("10")))
    assert "26" not in objects
    assert data_objects(objects["30"]) == {"00": "A000000999", "03": "M1234"}


def test_the_pages_parts_and_an_amount_make_the_payload():
    qr = promptpay_qr("0812345678")
    before, after = qr.parts()
    assert qr.payload(D("90")) == with_crc(before + "540590.00" + after)


@pytest.mark.parametrize(
    ("amount", "fits"),
    [(D("0.01"), True), (D("9999999999.99"), True), (D("10000000000"), False), (D(0), False)],
)
def test_an_amount_fits_a_payload_above_zero_and_in_13_characters(amount, fits):
    assert payment_qr.fits(amount) is fits


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("081-234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("66812345678", "0812345678"),
        ("(09) 1234.5678", "0912345678"),
        ("1-2345-67890-12-1", "1234567890121"),
        ("0105556012341", "0105556012341"),
    ],
)
def test_promptpay_id_is_kept_as_its_digits(typed, kept):
    assert promptpay_id_normalise(typed) == kept


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0212345678", "Enter a Thai mobile number"),  # a Bangkok landline: not PromptPay's
        ("081234567", "Enter a Thai mobile number"),
        ("08123456789", "Enter a Thai mobile number"),
        ("abc", "Enter a Thai mobile number"),
        ("1234567890123", "wrong check digit"),
    ],
)
def test_wrong_promptpay_id_says_what_is_expected(typed, says):
    with pytest.raises(ValidationError) as refused:
        promptpay_id_normalise(typed)
    assert says in refused.value.messages[0]


def test_promptpay_id_is_shown_as_cards_print_it():
    assert promptpay_id_display("0812345678") == "081-234-5678"
    assert promptpay_id_display("1234567890121") == "1-2345-67890-12-1"


@pytest.mark.django_db
def test_fair_in_baht_pays_its_promptpay_id():
    fair = FairFactory(currency="THB", promptpay_id="0812345678")
    qr = payment_qr.for_fair(fair)
    assert qr is not None
    assert qr.payee == "PromptPay 081-234-5678"
    assert payment_qr.why_none(fair) == ""


@pytest.mark.django_db
def test_fair_in_ngultrum_pays_its_merchant_with_the_servers_scheme(settings):
    settings.OGOP_MERCHANT_QR_SCHEME_ID = "A000000999"
    settings.OGOP_MERCHANT_QR_ACQUIRER_ID = "11000"
    fair = ngultrum_fair()
    qr = payment_qr.for_fair(fair)
    assert qr == merchant_qr(**MERCHANT)
    fair.qr_scheme_id, fair.qr_acquirer_id = "B000000111", "22000"  # the fair's own
    assert data_objects(data_objects(payment_qr.for_fair(fair).payload(D(1)))["26"]) == {
        "00": "B000000111",
        "01": "22000",
        "02": "M1234",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"currency": "THB"}, "no PromptPay id"),
        ({"currency": "THB", "qr_merchant_id": "M1"}, "no PromptPay id"),
        ({"currency": "BTN", "promptpay_id": "0812345678"}, "merchant QR is not set"),
        ({"currency": "USD", "promptpay_id": "0812345678"}, "this fair is in USD"),
    ],
)
def test_fair_without_its_currencys_payee_has_no_qr_and_says_why(fields, says):
    fair = FairFactory(**fields)
    assert payment_qr.for_fair(fair) is None
    assert says in payment_qr.why_none(fair)


@pytest.mark.django_db
def test_merchant_qr_without_a_scheme_id_anywhere_is_not_offered(settings):
    settings.OGOP_MERCHANT_QR_SCHEME_ID = ""
    fair = ngultrum_fair()
    assert payment_qr.for_fair(fair) is None


def test_scheme_named_on_receipts_follows_the_currency():
    assert payment_qr.scheme_name("THB") == "PromptPay"
    assert payment_qr.scheme_name("BTN") == "Bhutan QR"
    assert payment_qr.scheme_name("USD") == ""


def test_a_scheme_id_a_qr_cannot_carry_stops_the_platform_at_its_checks(settings):
    settings.OGOP_MERCHANT_QR_SCHEME_ID = "not an id"
    with pytest.raises(SystemCheckError, match="OGOP_MERCHANT_QR_SCHEME_ID"):
        call_command("check")
