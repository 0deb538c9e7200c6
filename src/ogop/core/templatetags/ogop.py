"""Display helpers for every template: dates, numbers and money in the reader's language."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from ogop.core.history import is_empty, shown_value
from ogop.core.money import format_money
from ogop.core.thai import format_date, localise_digits

register = template.Library()


@register.filter
def localdate(value: dt.date | dt.datetime | None) -> str:
    """17 December 2017, or 17 ธันวาคม 2560 (๑๗ ธันวาคม ๒๕๖๐) for a Thai reader."""
    if not isinstance(value, dt.date):
        return ""  # a missing variable reaches a filter as ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value)


@register.filter
def localdatetime(value: dt.datetime | None) -> str:
    if not isinstance(value, dt.date):
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value, with_time=True)


@register.filter
def localnum(value: int | Decimal | None) -> str:
    """A number with thousands separators, in Thai digits for a reader who prefers them."""
    if value is None or value == "":
        return ""
    try:
        number = value if isinstance(value, int | Decimal) else Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return localise_digits(f"{number:,}")


@register.filter
def quantity(value: Decimal | None) -> str:
    """A measured quantity as `localnum` shows it, without the zeros its column keeps after
    the point: 24 kg, 1.5 kg, not 24.000 kg."""
    if isinstance(value, Decimal) and value.is_finite():
        whole = value.to_integral_value()
        value = whole.quantize(Decimal(1)) if value == whole else value.normalize()
    return localnum(value)


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    return format_money(amount, currency)


@register.filter
def change_value(value: Any) -> Any:
    """A changed field's old or new value: yes or no for a flag (False is a value, not
    nothing), a dash for no value."""
    return "—" if is_empty(value) else shown_value(value)
