"""Synonyms of the search: words and phrases a buyer may type for the same thing, shipped as
data (catalog/data/synonyms.txt) and added to by administrators (the Synonym model)."""

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ogop.catalog.models import Synonym
from ogop.catalog.segmentation import query_units

SHIPPED = Path(__file__).resolve().parent / "data" / "synonyms.txt"


def key(text: str) -> tuple[str, ...]:
    """A word or phrase as the index words it is made of: the same for every spelling the
    segmentation treats alike (letter case, plural, Thai digits)."""
    return tuple(word for unit in query_units(text) for word in unit.words)


def parse(lines: Iterable[str]) -> list[list[tuple[str, ...]]]:
    """Sets of synonyms, one a line, separated by commas; # starts a comment line."""
    sets = []
    for line in lines:
        if line.strip().startswith("#"):
            continue
        phrases = [found for phrase in line.split(",") if (found := key(phrase))]
        if len(phrases) > 1:
            sets.append(phrases)
    return sets


def _by_key(sets: list[list[tuple[str, ...]]]) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    found: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for phrases in sets:
        for phrase in phrases:
            found.setdefault(phrase, set()).update(p for p in phrases if p != phrase)
    return found


@lru_cache(maxsize=1)
def shipped() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    return _by_key(parse(SHIPPED.read_text(encoding="utf-8").splitlines()))


def synonyms(keys: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """The other phrases of each key's sets: the shipped ones and the administrators'."""
    keys = set(keys)
    if not keys:
        return {}
    found = {k: set(shipped().get(k, ())) for k in keys}
    added = parse(Synonym.objects.values_list("words", flat=True))  # a small table
    for k, others in _by_key(added).items():
        if k in found:
            found[k] |= others
    return {k: sorted(others) for k, others in found.items() if others}
