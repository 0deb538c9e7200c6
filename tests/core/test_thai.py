"""Thai digits and Buddhist-Era dates: read from people, shown to readers."""

import datetime as dt
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ogop.core.thai import (
    format_date,
    localise_digits,
    parse_date,
    parse_decimal,
    thai_digits_preferred,
    to_arabic_digits,
    to_thai_digits,
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
DAY = dt.date(2017, 12, 17)
SOME_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@contextmanager
def reader(language: str, *, thai_digits: bool = False) -> Iterator[None]:
    """Format as for a reader of `language` who does (or does not) prefer Thai digits."""
    token = thai_digits_preferred.set(thai_digits)
    try:
        with translation.override(language):
            yield
    finally:
        thai_digits_preferred.reset(token)


# parse_date


@pytest.mark.parametrize(
    "text",
    [
        "2017-12-17",
        "17/12/2017",
        "17/12/2560",
        "๑๗/๑๒/๒๕๖๐",
        "17 ธันวาคม 2560",
        "17 ธ.ค. 2560",
        "๑๗ ธันวาคม ๒๕๖๐",
        "17 December 2017",
        "17 Dec 2017",
        "17 december 2017",
        "17 DEC 2017",
        "  17   December   2017 ",
        "17-12-2560",
        "17.12.2017",
        "2560-12-17",
    ],
)
def test_parse_date_reads_every_accepted_form(text):
    assert parse_date(text) == DAY


def test_parse_date_reads_single_digit_day_and_month():
    assert parse_date("1/2/2561") == dt.date(2018, 2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/1/2400", dt.date(1857, 1, 1)),
        ("31/12/2399", dt.date(2399, 12, 31)),
        ("1 มกราคม 2400", dt.date(1857, 1, 1)),
        ("1 January 2399", dt.date(2399, 1, 1)),
    ],
)
def test_parse_date_takes_years_from_2400_as_buddhist_era(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("1 ม.ค. 2560", 1),
        ("1 กุมภาพันธ์ 2560", 2),
        ("1 มี.ค. 2560", 3),
        ("1 เมษายน 2560", 4),
        ("1 พ.ค. 2560", 5),
        ("1 มิถุนายน 2560", 6),
        ("1 ก.ค. 2560", 7),
        ("1 สิงหาคม 2560", 8),
        ("1 ก.ย. 2560", 9),
        ("1 ตุลาคม 2560", 10),
        ("1 พ.ย. 2560", 11),
        ("1 Sep 2017", 9),
        ("1 May 2017", 5),
    ],
)
def test_parse_date_knows_every_month_name_and_abbreviation(text, month):
    assert parse_date(text).month == month


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2017", "“31/02/2017” is not a real date."),
        ("31/02/2560", "“31/02/2560” is not a real date."),
        ("17/13/2017", "“17/13/2017” is not a real date."),
        ("hello", "Enter a date such as 17/12/2560, 17/12/2017 or 2017-12-17."),
        ("", "Enter a date such as 17/12/2560, 17/12/2017 or 2017-12-17."),
        ("17 Foo 2017", "Unknown month “Foo”."),
    ],
)
def test_parse_date_rejects_what_is_not_a_date_with_a_readable_message(text, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_date(text)


@given(SOME_DATES)
def test_a_buddhist_era_date_reads_back_as_the_same_date(day):
    typed = f"{day.day}/{day.month}/{day.year + 543}"
    assert parse_date(typed) == day
    assert parse_date(to_thai_digits(typed)) == day


@given(SOME_DATES)
def test_a_zero_padded_gregorian_date_reads_back_as_the_same_date(day):
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year}") == day
    assert parse_date(day.isoformat()) == day


@given(SOME_DATES, st.sampled_from([("en", False), ("th", False), ("th", True)]))
def test_a_formatted_date_reads_back_as_the_same_date(day, language_and_digits):
    language, digits = language_and_digits
    with reader(language, thai_digits=digits):
        shown = format_date(day)
    assert parse_date(shown) == day


# parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๑,๒๕๐.๕๐", "1250.50"),
        ("1,250.50", "1250.50"),
        (" 12 ", "12"),
        ("-3.5", "-3.5"),
        ("1 000", "1000"),
        ("0", "0"),
    ],
)
def test_parse_decimal_reads_thai_and_arabic_digits_with_separators(text, expected):
    value = parse_decimal(text)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize("text", ["abc", "NaN", "nan", "sNaN", "inf", "-Infinity", "", "1.2.3"])
def test_parse_decimal_rejects_what_is_not_a_finite_number(text):
    with pytest.raises(ValueError, match=f"^{re.escape(f'“{text}” is not a number.')}$"):
        parse_decimal(text)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_a_number_shown_with_thai_digits_reads_back_as_the_same_number(amount):
    assert parse_decimal(to_thai_digits(f"{amount:,}")) == amount


# Digits


def test_to_thai_digits_converts_every_arabic_digit():
    assert to_thai_digits("1,250.50 / 0123456789") == "๑,๒๕๐.๕๐ / ๐๑๒๓๔๕๖๗๘๙"


def test_to_arabic_digits_converts_every_thai_digit():
    assert to_arabic_digits("๑,๒๕๐.๕๐ / ๐๑๒๓๔๕๖๗๘๙") == "1,250.50 / 0123456789"


def test_digit_conversion_leaves_empty_text_empty():
    assert to_thai_digits("") == ""
    assert to_arabic_digits("") == ""


@given(st.text(alphabet=string.digits + string.ascii_letters + " ,.-/ข้าว"))
def test_thai_digits_round_trip_to_arabic(text):
    shown = to_thai_digits(text)
    assert not any(char in string.digits for char in shown)
    assert to_arabic_digits(shown) == text


@given(st.text(alphabet=THAI_DIGITS + string.ascii_letters + " ,.-/ข้าว"))
def test_arabic_digits_round_trip_to_thai(text):
    typed = to_arabic_digits(text)
    assert not any(char in THAI_DIGITS for char in typed)
    assert to_thai_digits(typed) == text


# format_date


def test_format_date_in_english_is_day_month_name_and_gregorian_year():
    with reader("en"):
        assert format_date(DAY) == "17 December 2017"


def test_format_date_in_thai_uses_the_thai_month_and_buddhist_era():
    with reader("th"):
        assert format_date(DAY) == "17 ธันวาคม 2560"


def test_format_date_in_thai_uses_thai_digits_for_a_reader_who_prefers_them():
    with reader("th", thai_digits=True):
        assert format_date(DAY) == "๑๗ ธันวาคม ๒๕๖๐"


def test_format_date_in_english_ignores_the_thai_digits_preference():
    with reader("en", thai_digits=True):
        assert format_date(DAY) == "17 December 2017"


def test_format_date_of_a_datetime_shows_only_the_date_unless_asked_for_the_time():
    moment = dt.datetime(2017, 12, 17, 9, 5)
    with reader("en"):
        assert format_date(moment) == "17 December 2017"
        assert format_date(moment, with_time=True) == "17 December 2017 09:05"
    with reader("th"):
        assert format_date(moment, with_time=True) == "17 ธันวาคม 2560 09:05"
    with reader("th", thai_digits=True):
        assert format_date(moment, with_time=True) == "๑๗ ธันวาคม ๒๕๖๐ ๐๙:๐๕"


def test_format_date_shows_the_time_of_day_as_midnight_for_a_plain_date_in_thai():
    with reader("th"):
        assert format_date(DAY, with_time=True) == "17 ธันวาคม 2560 00:00"


@pytest.mark.parametrize(("language", "digits"), [("en", False), ("th", False), ("th", True)])
def test_format_date_of_none_is_empty(language, digits):
    with reader(language, thai_digits=digits):
        assert format_date(None) == ""


def test_thai_digits_are_not_preferred_by_default():
    with translation.override("th"):
        assert format_date(DAY) == "17 ธันวาคม 2560"


# localise_digits


@pytest.mark.parametrize(
    ("language", "digits", "expected"),
    [
        ("th", True, "๑,๒๕๐.๕๐"),
        ("th", False, "1,250.50"),
        ("en", True, "1,250.50"),
        ("en", False, "1,250.50"),
        ("dz", True, "1,250.50"),
    ],
)
def test_localise_digits_converts_only_for_a_thai_reader_who_prefers_thai_digits(
    language, digits, expected
):
    with reader(language, thai_digits=digits):
        assert localise_digits("1,250.50") == expected
