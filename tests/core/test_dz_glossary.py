"""The Dzongkha glossary (docs/dz-glossary.md) is what the catalog says, and is said alike
everywhere."""

import re
from pathlib import Path

import pytest

from tests.core.test_translations import PLACEHOLDER, po_path, read_po

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "dz-glossary.md"
ROW = re.compile(r"^\| (?P<english>[^|]+?) \| (?P<dzongkha>[^|]+?) \| (?P<where>[^|]+?) \|$")


def _tables() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows of the two tables: the terms used throughout, then the other texts."""
    terms: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    rows = terms
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## Other texts"):
            rows = others
        match = ROW.match(line)
        if match and match["english"] not in ("English", "---"):
            rows.append((match["english"], match["dzongkha"]))
    return terms, others


TERMS, OTHERS = _tables()


def test_the_glossary_lists_the_terms():
    assert len(TERMS) >= 30
    assert len(OTHERS) >= 30
    assert ("booth", "འགྲེམས་ཁང") in TERMS


@pytest.mark.parametrize(("english", "dzongkha"), TERMS + OTHERS)
def test_the_catalog_translates_each_glossary_text_as_the_glossary_says(english, dzongkha):
    entries = read_po(po_path("dz")).by_msgid()
    if english not in entries:
        # A term that is no text of its own ("server"): used inside longer texts only.
        assert any(re.search(rf"\b{english}\b", msgid, re.I) for msgid in entries), english
        return
    assert entries[english].msgstr == [dzongkha]


@pytest.mark.parametrize(("english", "dzongkha"), TERMS)
def test_every_text_with_a_glossary_term_uses_its_dzongkha_term(english, dzongkha):
    # "producer" is not "producer group" nor "producers": the longest term that matches a
    # place in the text is the one it uses.
    longer = [other for other, _ in TERMS if other != english and english in other]
    word = re.compile(rf"\b{re.escape(english)}s?\b", re.I)
    odd = []
    for entry in read_po(po_path("dz")).entries:
        text = PLACEHOLDER.sub("", entry.msgid)
        for other in longer:
            text = re.sub(rf"\b{re.escape(other)}s?\b", "", text, flags=re.I)
        used = word.search(text) and entry.translated
        if used and not all(dzongkha in translation for translation in entry.msgstr):
            odd.append((entry.msgid, entry.msgstr))
    assert odd == [], "\n".join(f"{msgid} → {msgstr}" for msgid, msgstr in odd)
