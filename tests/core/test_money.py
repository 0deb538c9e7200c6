"""Money: Decimal amounts rounded to the currency's minor unit, shown in the reader's digits."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ogop.core.money import Currency, format_money, quantize
from ogop.core.thai import thai_digits_preferred


@contextmanager
def reader(language: str, *, thai_digits: bool = False) -> Iterator[None]:
    token = thai_digits_preferred.set(thai_digits)
    try:
        with translation.override(language):
            yield
    finally:
        thai_digits_preferred.reset(token)


# quantize


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1.005", "THB", "1.01"),
        ("1.004", "THB", "1.00"),
        ("-1.005", "THB", "-1.01"),
        ("2.675", "USD", "2.68"),
        ("0.125", "BTN", "0.13"),
        ("3", "THB", "3.00"),
        ("2.5", "JPY", "3"),
        ("3.5", "JPY", "4"),
        ("1250.49", "JPY", "1250"),
        ("-0.5", "JPY", "-1"),
    ],
)
def test_quantize_rounds_half_up_to_the_currency_minor_unit(amount, currency, expected):
    assert str(quantize(Decimal(amount), currency)) == expected


def test_quantize_gives_an_unknown_currency_two_places():
    assert str(quantize(Decimal("1.005"), "XXX")) == "1.01"


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False),
    st.sampled_from(Currency.values),
)
def test_quantize_moves_an_amount_by_at_most_half_a_minor_unit(amount, currency):
    places = 0 if currency == "JPY" else 2
    rounded = quantize(amount, currency)
    assert rounded.as_tuple().exponent == -places
    assert abs(rounded - amount) <= Decimal(1).scaleb(-places) / 2


# format_money


def test_format_money_groups_thousands_and_shows_the_currency_code():
    assert format_money(Decimal("1250.5"), "THB") == "1,250.50 THB"


def test_format_money_accepts_the_amount_as_text():
    assert format_money("1250.5", "THB") == "1,250.50 THB"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1250.5", "JPY", "1,251 JPY"),
        ("1234567.891", "USD", "1,234,567.89 USD"),
        ("0", "BTN", "0.00 BTN"),
        ("-1250.5", "THB", "-1,250.50 THB"),
        ("999.995", "THB", "1,000.00 THB"),
    ],
)
def test_format_money_rounds_to_the_currency_before_showing(amount, currency, expected):
    assert format_money(Decimal(amount), currency) == expected


def test_format_money_of_none_is_empty():
    assert format_money(None, "THB") == ""


def test_format_money_uses_thai_digits_for_a_thai_reader_who_prefers_them():
    with reader("th", thai_digits=True):
        assert format_money(Decimal("1250.5"), "THB") == "๑,๒๕๐.๕๐ THB"


@pytest.mark.parametrize(("language", "digits"), [("th", False), ("en", True), ("dz", True)])
def test_format_money_keeps_arabic_digits_for_every_other_reader(language, digits):
    with reader(language, thai_digits=digits):
        assert format_money(Decimal("1250.5"), "THB") == "1,250.50 THB"
