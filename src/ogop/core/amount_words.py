"""An amount of money in words, as a receipt writes it under the figures: in English, Thai or
Dzongkha, for each currency the platform keeps.

- English numbers come from num2words ("one thousand, two hundred and thirty-four").
- Thai from PyThaiNLP: bahttext for baht, as Thai receipts and cheques write it
  ("หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"), and its number words for other currencies, in
  the same form.
- Dzongkha from the tables below: no library writes Dzongkha numbers. They are the decimal
  numbers as Dzongkha writes them (shared with Chöke); the words and the way they are put
  together await a Dzongkha speaker's check (docs/dz-glossary.md).

Every function takes the amount as a Decimal and rounds it to the currency's smallest unit
first (no chhertum for a yen).
"""

from decimal import Decimal

from num2words import num2words
from pythainlp.util import bahttext, num_to_thaiword

from ogop.core.money import Currency, quantize

# (one, more than one) of the currency and of its hundredth; None: it has no hundredth.
Names = tuple[tuple[str, str], tuple[str, str] | None]

ENGLISH: dict[str, Names] = {
    Currency.BTN: (("ngultrum", "ngultrum"), ("chhertum", "chhertum")),
    Currency.THB: (("baht", "baht"), ("satang", "satang")),
    Currency.USD: (("US dollar", "US dollars"), ("cent", "cents")),
    Currency.JPY: (("yen", "yen"), None),
}
THAI: dict[str, Names] = {
    Currency.BTN: (("งุลตรัม", "งุลตรัม"), ("เชตรัม", "เชตรัม")),
    Currency.THB: (("บาท", "บาท"), ("สตางค์", "สตางค์")),
    Currency.USD: (("ดอลลาร์สหรัฐ", "ดอลลาร์สหรัฐ"), ("เซนต์", "เซนต์")),
    Currency.JPY: (("เยน", "เยน"), None),
}
# The ngultrum and the chhertum are Bhutan's; the others are written as they sound.
DZONGKHA: dict[str, Names] = {
    Currency.BTN: (("དངུལ་ཀྲམ", "དངུལ་ཀྲམ"), ("ཕྱེད་ཏམ", "ཕྱེད་ཏམ")),
    Currency.THB: (("བཱཏ", "བཱཏ"), ("ས་ཏང", "ས་ཏང")),
    Currency.USD: (("ཨ་རིའི་ཌོ་ལར", "ཨ་རིའི་ཌོ་ལར"), ("སེནཊ", "སེནཊ")),
    Currency.JPY: (("ཡེན", "ཡེན"), None),
}

TSHEG = "་"  # the mark between Tibetan syllables (and words: Dzongkha writes no spaces)
DZ_ZERO = "ཀླད་ཀོར"
DZ_DIGITS = ["", "གཅིག", "གཉིས", "གསུམ", "བཞི", "ལྔ", "དྲུག", "བདུན", "བརྒྱད", "དགུ"]
# 10 to 19: ten and the digit, 15 and 18 with ten as བཅོ.
DZ_TEENS = [
    "བཅུ",
    "བཅུ་གཅིག",
    "བཅུ་གཉིས",
    "བཅུ་གསུམ",
    "བཅུ་བཞི",
    "བཅོ་ལྔ",
    "བཅུ་དྲུག",
    "བཅུ་བདུན",
    "བཅོ་བརྒྱད",
    "བཅུ་དགུ",
]
DZ_TENS = ["", "", "ཉི་ཤུ", "སུམ་ཅུ", "བཞི་བཅུ", "ལྔ་བཅུ", "དྲུག་ཅུ", "བདུན་ཅུ", "བརྒྱད་ཅུ", "དགུ་བཅུ"]
# What joins a ten to its digit (21 ཉི་ཤུ་རྩ་གཅིག, 34 སུམ་ཅུ་སོ་བཞི): without it, ཉི་ཤུ་གཅིག
# would read as 400 in the counting by twenties.
DZ_LINKS = ["", "", "རྩ", "སོ", "ཞེ", "ང", "རེ", "དོན", "གྱ", "གོ"]
# Each power of ten from a hundred up has its own word, and its count goes before it, one
# included: གཅིག་བརྒྱ 100 (spoken cik-ɟa), ལྔ་བརྒྱ 500, so that no place is left to be guessed.
DZ_PLACES = [
    (10**8, "དུང་ཕྱུར"),
    (10**7, "བྱེ་བ"),
    (10**6, "ས་ཡ"),
    (10**5, "འབུམ"),
    (10**4, "ཁྲི"),
    (10**3, "སྟོང"),
    (10**2, "བརྒྱ"),
]


def dzongkha_number(number: int) -> str:
    """A whole number of 0 or more in Dzongkha words: 1234 → གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི."""
    if number == 0:
        return DZ_ZERO
    words: list[str] = []
    for value, word in DZ_PLACES:
        count, number = divmod(number, value)
        if count:  # above the highest place, its count is itself a number in words
            words.append(dzongkha_number(count) + TSHEG + word)
    if number >= 20:
        tens, digit = divmod(number, 10)
        words.append(DZ_TENS[tens])
        if digit:
            words += [DZ_LINKS[tens], DZ_DIGITS[digit]]
    elif number >= 10:
        words.append(DZ_TEENS[number - 10])
    elif number:
        words.append(DZ_DIGITS[number])
    return TSHEG.join(words)


def _parts(amount: Decimal, currency: str) -> tuple[int, int | None]:
    """The whole units and the hundredths (None for a currency without them)."""
    amount = quantize(amount, currency)
    major = int(amount)
    if currency == Currency.JPY:
        return major, None
    return major, int((amount - major) * 100)


def _name(names: tuple[str, str], count: int) -> str:
    return names[0] if count == 1 else names[1]


def english_amount(amount: Decimal, currency: str) -> str:
    """'One thousand, two hundred and thirty-four ngultrum and fifty chhertum only'."""
    major, minor = _parts(amount, currency)
    unit, cents = ENGLISH.get(currency, ((currency, currency), None))
    text = f"{num2words(major, lang='en')} {_name(unit, major)}"
    if minor and cents:
        text += f" and {num2words(minor, lang='en')} {_name(cents, minor)}"
    return f"{text[0].upper()}{text[1:]} only"


def thai_amount(amount: Decimal, currency: str) -> str:
    """'หนึ่งพันสองร้อยสามสิบสี่งุลตรัมห้าสิบเชตรัม': as bahttext writes baht ('ถ้วน' when the
    amount is whole)."""
    if currency == Currency.THB:
        # bahttext takes a float: exact to the satang for any amount a column holds (14 digits).
        return str(bahttext(float(quantize(amount, currency))))
    major, minor = _parts(amount, currency)
    unit, cents = THAI.get(currency, ((currency, currency), None))
    text = num_to_thaiword(major) + unit[0]
    return text + (num_to_thaiword(minor) + cents[0] if minor and cents else "ถ้วน")


def dzongkha_amount(amount: Decimal, currency: str) -> str:
    """'དངུལ་ཀྲམ་སྟོང་…་དང་ཕྱེད་ཏམ་ལྔ་བཅུ': the currency, then its number (Dzongkha counts after
    the noun), and the hundredths likewise after 'and' (དང)."""
    major, minor = _parts(amount, currency)
    unit, cents = DZONGKHA.get(currency, ((currency, currency), None))
    words = [unit[0], dzongkha_number(major)]
    if minor and cents:
        words += ["དང", cents[0], dzongkha_number(minor)]
    return TSHEG.join(words)


WRITERS = {"en": english_amount, "th": thai_amount, "dz": dzongkha_amount}


def amount_in_words(amount: Decimal, currency: str, language: str) -> str:
    """The amount in words in the language (English for one without its own words)."""
    return WRITERS.get(language[:2], english_amount)(amount, currency)
