"""Money is a Decimal with a currency code; never a float."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ogop.core.thai import localise_digits


class Currency(models.TextChoices):
    THB = "THB", _("Thai baht")
    BTN = "BTN", _("Bhutanese ngultrum")
    USD = "USD", _("US dollar")
    JPY = "JPY", _("Japanese yen")


MINOR_UNITS = {Currency.JPY: 0}


def quantize(amount: Decimal, currency: str) -> Decimal:
    places = MINOR_UNITS.get(Currency(currency), 2) if currency in Currency.values else 2
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | str | int | None, currency: str) -> str:
    """'1,250.50 THB', with Thai digits for a Thai reader who prefers them."""
    if amount is None or amount == "":
        return ""
    return localise_digits(f"{quantize(Decimal(str(amount)), currency):,} {currency}")
