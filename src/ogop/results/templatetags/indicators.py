"""Indicator values as the reader expects them: `{% load indicators %}`."""

from decimal import Decimal

from django import template

from ogop.core.thai import format_percent, format_year
from ogop.results import framework
from ogop.results.models import Indicator, Period

register = template.Library()


@register.filter
def indicator_value(value: Decimal | None, indicator: Indicator) -> str:
    """A target or an actual: money, a percentage or a number, in the reader's digits."""
    return framework.format_value(value, indicator)


@register.filter
def percent(value: Decimal | None) -> str:
    return format_percent(value)


@register.filter
def period_label(period: Period) -> str:
    return framework.period_label(period)


@register.filter
def year(value: int | None) -> str:
    """A year: 2016, or 2559 in the Buddhist Era for a Thai reader."""
    return "" if value is None else format_year(value)
