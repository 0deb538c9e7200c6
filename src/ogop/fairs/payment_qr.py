"""The payment QR code of the fair counter: an EMVCo merchant-presented payload carrying the
sale's amount, for PromptPay (a fair in baht) or for a merchant QR scheme whose values the
operator sets (a fair in ngultrum: Bhutan QR).

A payload is a row of data objects, each its tag, its length in two digits and its value
(EMV QRCPS, merchant-presented mode). It starts with the payload format (00: "01") and the
point of initiation (01: "12", dynamic, a code made for one payment with its amount; "11",
static, a code without an amount, which the counter never shows) and ends with the CRC (63):
CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) of everything before it, "6304"
included, in four upper-case hex digits.

The counter draws the code on the tablet, offline too, from what its page holds: the data
objects before and after the amount (PaymentQr.parts) and the rule above, which the page
applies to the sale's total (static/fairs/counter.js, qrPayload). PaymentQr.payload makes the
same payload here; the tests hold the two to the same text.
"""

import binascii
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from stdnum.th import tin

if TYPE_CHECKING:
    from ogop.fairs.models import Fair

PROMPTPAY = "promptpay"
MERCHANT = "merchant"
# What a receipt says of a QR payment, by the fair's currency (which fixes the scheme).
SCHEME_NAMES = {
    "THB": pgettext_lazy("payment QR scheme", "PromptPay"),
    "BTN": pgettext_lazy("payment QR scheme", "Bhutan QR"),
}
# ISO 4217 numeric codes (tag 53) and ISO 3166-1 countries (tag 58) of the schemes.
CURRENCY_NUMBERS = {"THB": "764", "BTN": "064"}
SCHEME_COUNTRIES = {"THB": "TH", "BTN": "BT"}
# PromptPay's merchant account information (the Bank of Thailand's template, tag 29): its
# application id, then the account, a phone number (01) or a tax or citizen id (02).
PROMPTPAY_TAG = "29"
PROMPTPAY_AID = "A000000677010111"
PROMPTPAY_PHONE = "01"
PROMPTPAY_TAX_ID = "02"
# The longest amount a payload carries (tag 54 holds at most 13 characters).
AMOUNT_LENGTH = 13
# The lengths EMV QRCPS allows a merchant's name (59) and city (60).
NAME_LENGTH = 25
CITY_LENGTH = 15

# A Thai mobile number (PromptPay registers mobile numbers): 06, 08 or 09 and eight digits,
# written with +66 or 66 for the leading 0 if one likes, and spaces, dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-.()]")
_MOBILE = re.compile(r"0[689]\d{8}")
_COUNTRY_PREFIX = re.compile(r"^\+?66(?=[689]\d{8}$)")


# Payloads ---------------------------------------------------------------------------------


def data_object(tag: str, value: str) -> str:
    """One data object: its tag, its length in two digits, its value."""
    if len(value) > 99:
        raise ValueError(f"The value of tag {tag} is longer than 99 characters: {value!r}")
    return f"{tag}{len(value):02d}{value}"


def with_crc(data: str) -> str:
    """The payload: the data objects and their CRC (tag 63), CRC-16/CCITT-FALSE, which the
    standard library's crc_hqx computes from the start value 0xFFFF."""
    data += "6304"
    return data + f"{binascii.crc_hqx(data.encode('ascii'), 0xFFFF):04X}"


def amount_text(amount: Decimal) -> str:
    """The amount as tag 54 carries it: digits, a point and two decimals ('1500.00')."""
    return f"{amount.quantize(Decimal('0.01')):f}"


def fits(amount: Decimal) -> bool:
    """Whether a QR payment can carry the amount: above zero, and in 13 characters."""
    return amount > 0 and len(amount_text(amount)) <= AMOUNT_LENGTH


@dataclass(frozen=True)
class PaymentQr:
    """A payee's payment QR: its data objects before and after the amount (between them the
    amount, tag 54), and who is paid, as the cashier and the buyer read it."""

    scheme: str
    before: str
    after: str
    payee: str

    def payload(self, amount: Decimal | None) -> str:
        """The payload for a payment of `amount` (dynamic), or without an amount (static)."""
        if amount is None:
            static = data_object("00", "01") + data_object("01", "11")
            return with_crc(static + self.before + self.after)
        if not fits(amount):
            raise ValueError(f"A payment QR cannot carry the amount {amount}.")
        before, after = self.parts()
        return with_crc(before + data_object("54", amount_text(amount)) + after)

    def parts(self) -> tuple[str, str]:
        """What the counter's page holds: a dynamic payload's data objects before the amount
        and after it (the CRC aside)."""
        return data_object("00", "01") + data_object("01", "12") + self.before, self.after


def promptpay_qr(promptpay_id: str) -> PaymentQr:
    """PromptPay (Thai QR Payment): the Bank of Thailand's template (29) with a mobile number
    (as 0066 and its nine digits) or a 13-digit tax or citizen id; Thailand; baht."""
    if len(promptpay_id) == 13:
        account = data_object(PROMPTPAY_TAX_ID, promptpay_id)
    else:
        account = data_object(PROMPTPAY_PHONE, "0066" + promptpay_id[1:])
    before = (
        data_object(PROMPTPAY_TAG, data_object("00", PROMPTPAY_AID) + account)
        + data_object("58", SCHEME_COUNTRIES["THB"])
        + data_object("53", CURRENCY_NUMBERS["THB"])
    )
    payee = _("PromptPay %(id)s") % {"id": promptpay_id_display(promptpay_id)}
    return PaymentQr(scheme=PROMPTPAY, before=before, after="", payee=payee)


def merchant_account(*, scheme_id: str, acquirer_id: str, merchant_id: str) -> str:
    """The merchant account information template's value: the scheme's id (00), the acquirer's
    (when there is one) and the merchant's, under the sub-tags the server's settings name."""
    acquirer = data_object(settings.OGOP_MERCHANT_QR_ACQUIRER_SUBTAG, acquirer_id)
    return (
        data_object("00", scheme_id)
        + (acquirer if acquirer_id else "")
        + data_object(settings.OGOP_MERCHANT_QR_MERCHANT_SUBTAG, merchant_id)
    )


def merchant_qr(
    *,
    scheme_id: str,
    acquirer_id: str,
    merchant_id: str,
    name: str,
    city: str,
    category: str,
    currency: str = "BTN",
) -> PaymentQr:
    """A merchant QR of EMV QRCPS: the merchant account information (under the template tag
    the server's settings name), the merchant category code (52), the currency (53), then
    after the amount the country (58), the merchant's name (59) and city (60)."""
    account = merchant_account(
        scheme_id=scheme_id, acquirer_id=acquirer_id, merchant_id=merchant_id
    )
    before = (
        data_object(settings.OGOP_MERCHANT_QR_TAG, account)
        + data_object("52", category)
        + data_object("53", CURRENCY_NUMBERS[currency])
    )
    after = (
        data_object("58", SCHEME_COUNTRIES[currency])
        + data_object("59", name)
        + data_object("60", city)
    )
    payee = _("%(name)s, merchant %(id)s") % {"name": name, "id": merchant_id}
    return PaymentQr(scheme=MERCHANT, before=before, after=after, payee=payee)


# A fair's payee ---------------------------------------------------------------------------


def fair_scheme_id(fair: "Fair") -> str:
    """The merchant QR scheme's id for the fair: its own, or the server's."""
    return fair.qr_scheme_id or settings.OGOP_MERCHANT_QR_SCHEME_ID


def fair_acquirer_id(fair: "Fair") -> str:
    return fair.qr_acquirer_id or settings.OGOP_MERCHANT_QR_ACQUIRER_ID


def for_fair(fair: "Fair") -> PaymentQr | None:
    """The fair's payment QR, by its currency: PromptPay in baht, the merchant QR in ngultrum;
    None when its payee is not set (why_none says why)."""
    if fair.currency == "THB" and fair.promptpay_id:
        return promptpay_qr(fair.promptpay_id)
    if fair.currency == "BTN" and _merchant_complete(fair):
        return merchant_qr(
            scheme_id=fair_scheme_id(fair),
            acquirer_id=fair_acquirer_id(fair),
            merchant_id=fair.qr_merchant_id,
            name=fair.qr_merchant_name,
            city=fair.qr_merchant_city,
            category=fair.qr_merchant_category,
        )
    return None


def _merchant_complete(fair: "Fair") -> bool:
    return all(
        [
            fair_scheme_id(fair),
            fair.qr_merchant_id,
            fair.qr_merchant_name,
            fair.qr_merchant_city,
            fair.qr_merchant_category,
        ]
    )


def why_none(fair: "Fair") -> str:
    """Why the counter offers no payment QR at the fair ("" when it does)."""
    if for_fair(fair) is not None:
        return ""
    if fair.currency == "THB":
        return _(
            "No QR code: the fair has no PromptPay id. A supervisor sets one on the fair's form."
        )
    if fair.currency == "BTN":
        return _(
            "No QR code: the fair's merchant QR is not set. A supervisor sets the merchant's id, "
            "name, city and category on the fair's form (and the scheme's id, there or on the "
            "server)."
        )
    return _(
        "No QR code: the counter shows one for fairs in baht (PromptPay) or in ngultrum "
        "(merchant QR), and this fair is in %(currency)s."
    ) % {"currency": fair.currency}


def scheme_name(currency: str) -> str:
    """The QR scheme of a fair in `currency`, as a receipt names it ("" for none)."""
    return str(SCHEME_NAMES.get(currency, ""))


# The payee's fields -----------------------------------------------------------------------


def promptpay_id_normalise(value: str) -> str:
    """A PromptPay id as kept: a mobile number's ten digits (0812345678) or a tax or citizen
    id's thirteen. Raises ValidationError, saying what is wrong, for anything else."""
    digits = _COUNTRY_PREFIX.sub("0", _SEPARATORS.sub("", value))
    if _MOBILE.fullmatch(digits):
        return digits
    if re.fullmatch(r"\d{13}", digits):
        if not tin.is_valid(digits):
            raise ValidationError(
                _(
                    "The 13-digit id %(id)s has a wrong check digit: compare it with the tax or "
                    "citizen id card."
                )
                % {"id": digits},
                code="promptpay_check_digit",
            )
        return digits
    raise ValidationError(
        _(
            "Enter a Thai mobile number (e.g. 081-234-5678) or a 13-digit tax or citizen id "
            "(e.g. 1-2345-67890-12-1): PromptPay pays to one of these."
        ),
        code="promptpay_id",
    )


def validate_promptpay_id(value: str) -> None:
    promptpay_id_normalise(value)


def promptpay_id_display(promptpay_id: str) -> str:
    """081-234-5678, or 1-2345-67890-12-1, as the cards print them."""
    bounds = (0, 3, 6, 10) if len(promptpay_id) == 10 else (0, 1, 5, 10, 12, 13)
    return "-".join(promptpay_id[start:end] for start, end in itertools.pairwise(bounds))


# The merchant QR's values ("ans" in EMV QRCPS): printable ASCII, as a banking app shows it.
_qr_text = RegexValidator(
    r"\A[ -~]+\Z",
    gettext_lazy(
        "Use Latin letters, digits, spaces and punctuation only: the payer's banking app shows "
        "this text as the QR code carries it."
    ),
    "qr_text",
)
_scheme_id = RegexValidator(
    r"\A[A-Za-z0-9][A-Za-z0-9.\-]{0,31}\Z",
    gettext_lazy(
        "Enter the scheme's id as its operator publishes it: an application id (AID) in "
        "hexadecimal digits, or a reverse domain name (letters, digits, dots and dashes, at "
        "most 32)."
    ),
    "qr_scheme_id",
)
_account_id = RegexValidator(
    r"\A[A-Za-z0-9\-]{1,25}\Z",
    gettext_lazy(
        "Enter the id as the bank gave it: letters, digits and dashes, at most 25, no spaces."
    ),
    "qr_account_id",
)
_category = RegexValidator(
    r"\A\d{4}\Z",
    gettext_lazy("Enter the merchant category code's four digits, e.g. 5999 (other retail)."),
    "qr_category",
)


# As functions, so that a migration names them and not their messages.
def validate_qr_text(value: str) -> None:
    _qr_text(value)


def validate_scheme_id(value: str) -> None:
    _scheme_id(value)


def validate_account_id(value: str) -> None:
    _account_id(value)


def validate_category(value: str) -> None:
    _category(value)
