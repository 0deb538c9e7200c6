"""Thai digits and Buddhist-Era dates: shown to Thai readers, accepted on input.

Dates are stored in the Gregorian calendar. A Thai reader sees the Buddhist Era
(Gregorian year + 543), and Thai digits when they ask for them.
"""

import datetime as dt
import re
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

BE_OFFSET = 543
# A year at or above this is taken as Buddhist Era (BE 2400 = AD 1857).
BE_THRESHOLD = 2400

# Set per request from the user's preference (see core.middleware).
thai_digits_preferred: ContextVar[bool] = ContextVar("thai_digits_preferred", default=False)

THAI_MONTHS = [
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
]
ENGLISH_MONTHS = [dt.date(2000, month, 1).strftime("%B").lower() for month in range(1, 13)]
_MONTH_NUMBER = {
    name.lower(): number
    for number, names in enumerate(
        zip([m[0] for m in THAI_MONTHS], [m[1] for m in THAI_MONTHS], ENGLISH_MONTHS, strict=True),
        start=1,
    )
    for name in (*names, names[2][:3])
}


def to_arabic_digits(text: str) -> str:
    """'๑,๒๕๐.๕๐' -> '1,250.50'."""
    return thai_digit_to_arabic_digit(text) if text else text


def to_thai_digits(text: str) -> str:
    """'1,250.50' -> '๑,๒๕๐.๕๐'."""
    return arabic_digit_to_thai_digit(text) if text else text


def wants_thai() -> bool:
    return (get_language() or "").startswith("th")


def localise_digits(text: str) -> str:
    """Thai digits for a Thai reader who prefers them; the text unchanged otherwise."""
    return to_thai_digits(text) if wants_thai() and thai_digits_preferred.get() else text


def calendar_year(year: int) -> int:
    """The Gregorian year in the reader's calendar: Buddhist Era for a Thai reader."""
    return year + BE_OFFSET if wants_thai() else year


def format_year(year: int) -> str:
    """'2017', or '2560' (๒๕๖๐ for a reader who prefers Thai digits) for a Thai reader."""
    return localise_digits(str(calendar_year(year)))


def plain_number(value: Decimal | int) -> Decimal:
    """6.00 → 6, 45.80 → 45.8: no trailing zeros to read past."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def format_number(value: Decimal | int) -> str:
    """'1,250' or '12.5' (no trailing zeros), in Thai digits for a reader who prefers them."""
    return localise_digits(f"{plain_number(value):,}")


def format_percent(value: Decimal | None) -> str:
    """'45.8%' (no trailing zeros), in Thai digits for a reader who prefers them; '' for
    no value."""
    if value is None:
        return ""
    return _("%(value)s%%") % {"value": format_number(value)}


def format_date(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """The date as the current reader expects it: '17 ธันวาคม 2560' in Thai, '17 December 2017'."""
    if value is None:
        return ""
    if wants_thai():
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        pattern = "%-d %B %Y %H:%M" if with_time else "%-d %B %Y"
        return thai_strftime(value, pattern, thaidigit=thai_digits_preferred.get())
    return formats.date_format(value, "j F Y H:i" if with_time else "j F Y")


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_WORDED_DATE = re.compile(r"^(\d{1,2})\s+([^\d\s]+)\s+(\d{4})$")


def _year(value: int) -> int:
    return value - BE_OFFSET if value >= BE_THRESHOLD else value


def parse_date(text: str) -> dt.date:
    """Read a date typed by a person, in either calendar and either digits.

    Accepts 2017-12-17, 17/12/2017, 17/12/2560, ๑๗/๑๒/๒๕๖๐, 17 ธันวาคม 2560,
    17 ธ.ค. 2560 and 17 December 2017. A year of 2400 or more is Buddhist Era.
    Raises ValueError with a message for the reader.
    """
    cleaned = " ".join(to_arabic_digits(text.strip()).split())
    if match := _NUMERIC_DATE.match(cleaned):
        first, month, last = (int(part) for part in match.groups())
        if len(match.group(1)) != 4 and len(match.group(3)) != 4:
            raise ValueError(_("Write the year in full, such as 2560 or 2017."))
        year, day = (first, last) if len(match.group(1)) == 4 else (last, first)
    elif match := _WORDED_DATE.match(cleaned):
        day, year = int(match.group(1)), int(match.group(3))
        month_name = match.group(2).lower().rstrip(",")
        if month_name not in _MONTH_NUMBER:
            raise ValueError(_("Unknown month “%(month)s”.") % {"month": match.group(2)})
        month = _MONTH_NUMBER[month_name]
    else:
        raise ValueError(_("Enter a date such as 17/12/2560, 17/12/2017 or 2017-12-17."))
    try:
        return dt.date(_year(year), month, day)
    except ValueError as exc:
        raise ValueError(_("“%(text)s” is not a real date.") % {"text": text.strip()}) from exc


def parse_decimal(text: str) -> Decimal:
    """Read a number typed by a person: Thai or Arabic digits, with thousands separators."""
    cleaned = to_arabic_digits(str(text).strip()).replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from exc
    if not value.is_finite():
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text})
    return value
