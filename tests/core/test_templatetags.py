"""The display filters every template has: localdate, localdatetime, localnum and money."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ogop.core.thai import thai_digits_preferred

DAY = dt.date(2017, 12, 17)
# 20:30 UTC on the 16th is 02:30 on the 17th in Thimphu (UTC+6).
LATE_EVENING_UTC = dt.datetime(2017, 12, 16, 20, 30, tzinfo=dt.UTC)


@contextmanager
def reader(language: str, *, thai_digits: bool = False) -> Iterator[None]:
    token = thai_digits_preferred.set(thai_digits)
    try:
        with translation.override(language), timezone.override("Asia/Thimphu"):
            yield
    finally:
        thai_digits_preferred.reset(token)


def render(source: str, language: str = "en", *, thai_digits: bool = False, **context: Any) -> str:
    with reader(language, thai_digits=thai_digits):
        return Template(source).render(Context(context))


READERS = [("en", False), ("th", False), ("th", True), ("dz", False)]


# localdate


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", False, "17 December 2017"),
        ("en", True, "17 December 2017"),
        ("th", False, "17 ธันวาคม 2560"),
        ("th", True, "๑๗ ธันวาคม ๒๕๖๐"),
        ("dz", True, "17 ཟླ་བཅུ་གཉིས་པ 2017"),
    ],
)
def test_localdate_shows_a_date_as_its_reader_expects(language, digits, expected):
    assert render("{{ day|localdate }}", language, thai_digits=digits, day=DAY) == expected


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", False, "17 December 2017"),
        ("th", False, "17 ธันวาคม 2560"),
        ("th", True, "๑๗ ธันวาคม ๒๕๖๐"),
    ],
)
def test_localdate_of_an_aware_datetime_is_the_date_in_the_programme_time_zone(
    language, digits, expected
):
    assert render("{{ t|localdate }}", language, thai_digits=digits, t=LATE_EVENING_UTC) == expected


def test_localdate_of_a_naive_datetime_is_its_own_date():
    assert render("{{ t|localdate }}", t=dt.datetime(2017, 12, 17, 23, 59)) == "17 December 2017"


# localdatetime


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", False, "17 December 2017 02:30"),
        ("en", True, "17 December 2017 02:30"),
        ("th", False, "17 ธันวาคม 2560 02:30"),
        ("th", True, "๑๗ ธันวาคม ๒๕๖๐ ๐๒:๓๐"),
        ("dz", False, "17 ཟླ་བཅུ་གཉིས་པ 2017 02:30"),
    ],
)
def test_localdatetime_shows_an_aware_datetime_in_the_programme_time_zone(
    language, digits, expected
):
    source = "{{ t|localdatetime }}"
    assert render(source, language, thai_digits=digits, t=LATE_EVENING_UTC) == expected


def test_localdatetime_of_a_naive_datetime_shows_it_as_it_is():
    assert render("{{ t|localdatetime }}", t=dt.datetime(2017, 12, 17, 9, 5)) == (
        "17 December 2017 09:05"
    )


# localnum


@pytest.mark.parametrize(
    ("language", "digits", "value", "expected"),
    [
        ("en", False, 1234567, "1,234,567"),
        ("en", True, 1234567, "1,234,567"),
        ("th", False, 1234567, "1,234,567"),
        ("th", True, 1234567, "๑,๒๓๔,๕๖๗"),
        ("dz", True, 1234567, "1,234,567"),
        ("en", False, Decimal("1250.50"), "1,250.50"),
        ("th", True, Decimal("1250.50"), "๑,๒๕๐.๕๐"),
        ("en", False, 0, "0"),
        ("th", True, 0, "๐"),
        ("en", False, 999, "999"),
    ],
)
def test_localnum_groups_thousands_in_the_reader_digits(language, digits, value, expected):
    assert render("{{ n|localnum }}", language, thai_digits=digits, n=value) == expected


@pytest.mark.parametrize(("language", "digits"), READERS)
def test_localnum_of_nothing_is_empty(language, digits):
    source = "[{{ none|localnum }}|{{ empty|localnum }}|{{ missing|localnum }}]"
    assert render(source, language, thai_digits=digits, none=None, empty="") == "[||]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("24.000"), "24"),
        (Decimal("1.500"), "1.5"),
        (Decimal("1200.000"), "1,200"),
        (Decimal("0.125"), "0.125"),
        (None, ""),
    ],
)
def test_quantity_leaves_out_the_zeros_after_the_point(value, expected):
    assert render("{{ q|quantity }}", "en", thai_digits=False, q=value) == expected


# money


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("en", False, "1,250.50 THB"),
        ("en", True, "1,250.50 THB"),
        ("th", False, "1,250.50 THB"),
        ("th", True, "๑,๒๕๐.๕๐ THB"),
        ("dz", True, "1,250.50 THB"),
    ],
)
def test_money_shows_an_amount_with_its_currency_in_the_reader_digits(language, digits, expected):
    source = '{{ amount|money:"THB" }}'
    assert render(source, language, thai_digits=digits, amount=Decimal("1250.5")) == expected


def test_money_takes_the_currency_from_a_variable():
    source = "{{ amount|money:currency }}"
    assert render(source, amount=Decimal("1250.5"), currency="JPY") == "1,251 JPY"


@pytest.mark.parametrize(("language", "digits"), READERS)
def test_money_of_none_is_empty(language, digits):
    assert render('[{{ amount|money:"THB" }}]', language, thai_digits=digits, amount=None) == "[]"


@pytest.mark.parametrize(("language", "digits"), READERS)
def test_dates_of_none_are_empty(language, digits):
    source = "[{{ none|localdate }}|{{ none|localdatetime }}]"
    assert render(source, language, thai_digits=digits, none=None) == "[|]"


@pytest.mark.parametrize(
    "source",
    ["[{{ missing|localdate }}]", "[{{ missing|localdatetime }}]", '[{{ missing|money:"THB" }}]'],
)
def test_a_missing_variable_renders_empty_rather_than_breaking_the_page(source):
    # The template engine hands a filter "" for a variable it cannot find.
    assert render(source) == "[]"
