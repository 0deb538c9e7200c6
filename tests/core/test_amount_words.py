"""An amount in words, as a receipt writes it: in English, Thai and Dzongkha, for each
currency, from nothing to the largest amount a column holds."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogop.core.amount_words import (
    DZ_DIGITS,
    DZ_LINKS,
    DZ_PLACES,
    DZ_TEENS,
    DZ_TENS,
    DZ_ZERO,
    TSHEG,
    amount_in_words,
    dzongkha_number,
)

LARGEST = D("999999999999.99")  # what a payment's column (14 digits, 2 places) holds


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "One thousand, two hundred and thirty-four ngultrum and fifty chhertum only"),
        ("th", "หนึ่งพันสองร้อยสามสิบสี่งุลตรัมห้าสิบเชตรัม"),
        ("dz", "དངུལ་ཀྲམ་གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི་དང་ཕྱེད་ཏམ་ལྔ་བཅུ"),
    ],
)
def test_ngultrum_and_chhertum_in_each_language(language, words):
    assert amount_in_words(D("1234.50"), "BTN", language) == words


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "One thousand, two hundred and thirty-four baht and fifty satang only"),
        ("th", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        ("dz", "བཱཏ་གཅིག་སྟོང་གཉིས་བརྒྱ་སུམ་ཅུ་སོ་བཞི་དང་ས་ཏང་ལྔ་བཅུ"),
    ],
)
def test_baht_and_satang_in_each_language(language, words):
    assert amount_in_words(D("1234.50"), "THB", language) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # PyThaiNLP's bahttext, as the fairs' receipts have always said it.
        ("171", "หนึ่งร้อยเจ็ดสิบเอ็ดบาทถ้วน"),
        ("90", "เก้าสิบบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("0", "ศูนย์บาทถ้วน"),
        ("0.25", "ศูนย์บาทยี่สิบห้าสตางค์"),
        ("1000000", "หนึ่งล้านบาทถ้วน"),
    ],
)
def test_thai_baht_is_bahttext(amount, words):
    assert amount_in_words(D(amount), "THB", "th") == words


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Zero ngultrum only"), ("th", "ศูนย์งุลตรัมถ้วน"), ("dz", "དངུལ་ཀྲམ་ཀླད་ཀོར")],
)
def test_nothing_is_zero(language, words):
    assert amount_in_words(D("0.00"), "BTN", language) == words


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Zero ngultrum and five chhertum only"),
        ("th", "ศูนย์งุลตรัมห้าเชตรัม"),
        ("dz", "དངུལ་ཀྲམ་ཀླད་ཀོར་དང་ཕྱེད་ཏམ་ལྔ"),
    ],
)
def test_chhertum_alone(language, words):
    assert amount_in_words(D("0.05"), "BTN", language) == words


def test_the_largest_amount_a_payment_holds():
    assert amount_in_words(LARGEST, "BTN", "en") == (
        "Nine hundred and ninety-nine billion, nine hundred and ninety-nine million, nine "
        "hundred and ninety-nine thousand, nine hundred and ninety-nine ngultrum and "
        "ninety-nine chhertum only"
    )
    assert amount_in_words(LARGEST, "THB", "th") == (
        "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าล้านเก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์"
    )
    # 9,999 hundred millions (དུང་ཕྱུར), then each place below.
    assert amount_in_words(LARGEST, "BTN", "dz") == TSHEG.join(
        [
            "དངུལ་ཀྲམ",
            "དགུ་སྟོང་དགུ་བརྒྱ་དགུ་བཅུ་གོ་དགུ་དུང་ཕྱུར",
            "དགུ་བྱེ་བ་དགུ་ས་ཡ་དགུ་འབུམ་དགུ་ཁྲི་དགུ་སྟོང་དགུ་བརྒྱ་དགུ་བཅུ་གོ་དགུ",
            "དང་ཕྱེད་ཏམ་དགུ་བཅུ་གོ་དགུ",
        ]
    )


def test_one_of_a_unit_is_singular_in_english():
    assert amount_in_words(D("1.01"), "USD", "en") == "One US dollar and one cent only"
    assert amount_in_words(D("2.02"), "USD", "en") == "Two US dollars and two cents only"


def test_yen_has_no_hundredths_and_is_rounded_to_the_yen():
    assert amount_in_words(D("1234.50"), "JPY", "en") == (
        "One thousand, two hundred and thirty-five yen only"
    )
    assert amount_in_words(D("1234"), "JPY", "th") == "หนึ่งพันสองร้อยสามสิบสี่เยนถ้วน"


def test_an_amount_is_rounded_to_the_chhertum_first():
    assert amount_in_words(D("1.005"), "BTN", "en") == "One ngultrum and one chhertum only"


def test_a_language_without_words_of_its_own_gets_english():
    assert amount_in_words(D("5"), "BTN", "ja") == "Five ngultrum only"
    assert amount_in_words(D("5"), "BTN", "th-th") == "ห้างุลตรัมถ้วน"


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "ཀླད་ཀོར"),
        (7, "བདུན"),
        (10, "བཅུ"),
        (11, "བཅུ་གཅིག"),
        (15, "བཅོ་ལྔ"),
        (18, "བཅོ་བརྒྱད"),
        (20, "ཉི་ཤུ"),
        (21, "ཉི་ཤུ་རྩ་གཅིག"),
        (34, "སུམ་ཅུ་སོ་བཞི"),
        (47, "བཞི་བཅུ་ཞེ་བདུན"),
        (99, "དགུ་བཅུ་གོ་དགུ"),
        (100, "གཅིག་བརྒྱ"),
        (105, "གཅིག་བརྒྱ་ལྔ"),
        (1000, "གཅིག་སྟོང"),
        (10_000, "གཅིག་ཁྲི"),
        (100_000, "གཅིག་འབུམ"),
        (1_000_000, "གཅིག་ས་ཡ"),
        (110_015, "གཅིག་འབུམ་གཅིག་ཁྲི་བཅོ་ལྔ"),
        (2_500_000_000, "ཉི་ཤུ་རྩ་ལྔ་དུང་ཕྱུར"),
    ],
)
def test_dzongkha_numbers(number, words):
    assert dzongkha_number(number) == words


def _read_dzongkha(text: str) -> int:
    """The number that Dzongkha words say, read back with the same tables: the longest word
    that matches first, each place word multiplying the count said before it."""
    words: dict[str, tuple[str, int]] = {DZ_ZERO: ("digit", 0)}
    words |= {word: ("digit", n) for n, word in enumerate(DZ_DIGITS) if word}
    words |= {word: ("digit", 10 + n) for n, word in enumerate(DZ_TEENS)}
    words |= {word: ("digit", 10 * n) for n, word in enumerate(DZ_TENS) if word}
    words |= {word: ("link", 0) for word in DZ_LINKS if word}
    words |= {word: ("place", value) for value, word in DZ_PLACES}
    syllables = text.split(TSHEG)
    total, count, at = 0, 0, 0
    while at < len(syllables):
        for size in (2, 1):
            word = TSHEG.join(syllables[at : at + size])
            if word in words:
                break
        kind, value = words[word]
        at += len(word.split(TSHEG))
        if kind == "digit":
            count += value
        elif kind == "place" and value == DZ_PLACES[0][0]:
            total, count = (total + count) * value, 0
        elif kind == "place":
            total, count = total + count * value, 0
    return total + count


@given(st.integers(min_value=0, max_value=10**12))
def test_dzongkha_words_say_one_number_only(number):
    assert _read_dzongkha(dzongkha_number(number)) == number
