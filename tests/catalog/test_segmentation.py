"""The Thai dictionary segmentation reads: the same words as PyThaiNLP's own trie, held in
a form the garbage collector does not walk."""

import gc
import random

import pytest
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from ogop.catalog.segmentation import (
    SHIPPED_SYNONYMS,
    Dictionary,
    dictionary,
    thai_names,
    thai_parts,
)


@pytest.fixture(scope="module")
def trie():
    """PyThaiNLP's trie of the words our dictionary holds: its own and the shipped names."""
    lines = SHIPPED_SYNONYMS.read_text(encoding="utf-8").splitlines()
    return Trie([*thai_words(), *thai_names(lines, Dictionary(thai_words()))])


@pytest.fixture(scope="module")
def texts():
    """Runs of dictionary words, as product names are, with cuts inside words and a few
    letters no word starts with."""
    rng = random.Random(2017)
    words = sorted(thai_words())
    made = ["".join(rng.choice(words) for _ in range(rng.randint(1, 5))) for _ in range(1500)]
    made += [text[1:] for text in made[:200]]
    made += ["ผ้าไหมทอมือ red rice ๒๕๖๐", "ฯลฯ", "กขคง", "ไหม", ""]
    return made


def test_prefixes_are_those_of_pythainlps_trie(trie, texts):
    for text in texts:
        for start in range(len(text)):
            assert dictionary().prefixes(text, start) == trie.prefixes(text, start), (text, start)


def test_segmentation_is_that_of_pythainlps_trie(trie, texts):
    for text in texts:
        assert word_tokenize(text, custom_dict=dictionary(), engine="newmm") == word_tokenize(
            text, custom_dict=trie, engine="newmm"
        ), text


def test_it_holds_the_same_words(trie):
    assert len(dictionary()) == len(trie)
    assert set(dictionary()) == set(trie)
    assert "ผ้าไหม" in dictionary()
    assert "ผ้าไ" not in dictionary()  # the start of a word is not a word


def test_without_leaves_one_word_out_and_the_dictionary_as_it_was():
    fewer = dictionary().without("ผ้าไหม")
    assert "ผ้าไหม" not in fewer
    assert "ผ้าไหม" in dictionary()
    assert len(fewer) == len(dictionary()) - 1
    assert "ผ้าไหม" not in set(fewer)
    assert fewer.prefixes("ผ้าไหมไทย") == ["ผ้า"]
    assert dictionary().prefixes("ผ้าไหมไทย") == ["ผ้า", "ผ้าไหม"]
    assert len(dictionary().without("no such word")) == len(dictionary())


@pytest.mark.parametrize("word", ["ผ้าไหม", "น้ำผึ้ง", "ข้าวเหนียว", "ปลาย", "ข้าว", "ไหม"])
def test_thai_parts_split_as_the_trie_without_the_word_does(trie, word):
    trie.remove(word)
    try:
        expected = word_tokenize(word, custom_dict=trie, engine="newmm")
    finally:
        trie.add(word)
    parts = thai_parts(word)
    if parts:
        assert list(parts) == expected
    else:  # no compound: too short, or a piece is no word
        assert len(word) < 4 or len(expected) == 1 or not all(p in trie for p in expected)


def test_compound_and_non_compound_words():
    assert thai_parts("ผ้าไหม") == ("ผ้า", "ไหม")
    assert thai_parts("ปลาย") == ()


def test_the_dictionary_gives_the_collector_nothing_to_walk():
    gc.collect()
    before = len(gc.get_objects())
    built = Dictionary(thai_words())
    gc.collect()
    assert len(gc.get_objects()) - before < 10
    assert not gc.is_tracked(built._starts)
    assert len(built) > 50_000


def test_it_does_not_change_once_built():
    with pytest.raises(TypeError, match="does not change"):
        dictionary().add("คำใหม่")
    with pytest.raises(TypeError, match="without"):
        dictionary().remove("ผ้าไหม")
    assert "คำใหม่" not in dictionary()


def test_names_in_thai_letters_of_the_synonym_sets_are_words_compounds_are_not():
    lines = [
        "# a comment, ดอปชารี",
        "dopshari, ดอปชารี",  # cut ดอป ชารี: ดอป is no word
        "sheep wool, ขนแกะ",  # ขน แกะ: two words, left to be found by each
        "tea, ชา",  # a word already
        "red rice, ข้าว แดง",  # not one run of Thai letters
    ]
    assert thai_names(lines, Dictionary(thai_words())) == ["ดอปชารี"]
    assert "ดอปชารี" in dictionary()
    assert "ดอปชารี" not in Dictionary(thai_words())
    assert word_tokenize("ข้าวแดงดอปชารี", custom_dict=dictionary(), engine="newmm") == [
        "ข้าวแดง",
        "ดอปชารี",
    ]
    assert thai_parts("ดอปชารี") == ()  # a name is no compound
