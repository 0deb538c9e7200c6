"""The catalog's search: one box, any of the three languages, answered from the index.

A query is read as units (catalog.segmentation) and turned into what they match (see
docs/search.md): each unit as typed, with its synonyms, exactly; then, loosely, its typos
and the parts of its compound words anywhere. Exact matches rank before loose ones.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from ogop.catalog.backends import Either, Every, Filters, Hit, Node, Phrase, Query, backend
from ogop.catalog.indexing import DIGIT, lookup, typo_candidates, typos_allowed
from ogop.catalog.segmentation import LATIN, Unit, letters, query_units, stem, thai_parts
from ogop.catalog.synonyms import synonyms

MAX_LIMIT = 100
# The last word typed also matches the words it starts, from this many letters: fewer would
# make a short word (ชา, tea) find every word that starts with it (ชาม, bowl).
PREFIX_FROM = 3
MAX_TYPED_WORDS = 40  # words of a query looked up for typos and synonyms


@dataclass(frozen=True)
class Plan:
    """A query as the index answers it, and the index words a result may hold because of it
    (those matched whole, and those matched as a word's start): what a page highlights."""

    query: Query
    words: frozenset[str]
    prefixes: frozenset[str]


def _either(options: list[Node]) -> Node:
    unique = list(dict.fromkeys(options))
    return unique[0] if len(unique) == 1 else Either(tuple(unique))


def _prefix(word: str, last: bool) -> bool:
    return last and letters(word) >= PREFIX_FROM


def _typed(units: list[Unit]) -> dict[str, int]:
    """The words typed that may be typos, with the number of typos each may have."""
    forms: set[str] = set()
    for unit in units[:MAX_TYPED_WORDS]:
        if unit.script == "tibetan":
            continue
        forms |= {unit.whole, *unit.words}
    return {form: edits for form in forms if form and (edits := typos_allowed(form))}


def _joined(units: list[Unit]) -> list[str]:
    """Each two Latin words typed one after the other, as one index word."""
    return [
        stem(first.whole + second.whole)
        for first, second in pairwise(units[:MAX_TYPED_WORDS])
        if LATIN.match(first.whole) and LATIN.match(second.whole)
    ]


def _synonym_keys(units: list[Unit]) -> set[tuple[str, ...]]:
    keys = set()
    for unit in units[:MAX_TYPED_WORDS]:
        keys.add(unit.words)
        keys |= {(word,) for word in unit.words}
    return keys


def _starts(units: list[Unit]) -> set[str]:
    """The words that the last word typed may be the start of, as the plan reads it: its
    index word, its whole Thai run, and it joined to the Latin word before."""
    last = units[-1]
    starts = {last.words[-1]}
    if last.script == "thai":
        starts.add(last.whole)
    if len(units) > 1 and LATIN.match(units[-2].whole) and LATIN.match(last.whole):
        starts.add(stem(units[-2].whole + last.whole))
    return {start for start in starts if _prefix(start, last=True)}


def _typed_wrong(typed: dict[str, int], units: list[Unit], known: set[str]) -> dict[str, int]:
    """The words typed to look up for typos, less those typed right: a Latin word whose stem
    is an index word ("pottery", whose stem "potteri" is), a Thai run cut into index words
    only (looked up whole, a long run would be hundreds of variants)."""
    right = {u.whole for u in units if u.script != "tibetan" and set(u.words) <= known}
    return {word: edits for word, edits in typed.items() if word not in right}


class _Planner:
    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        typed = _typed(units)
        words = [w for unit in units[:MAX_TYPED_WORDS] for w in unit.words]
        self.known, self.completions = lookup([*typed, *_joined(units), *words], _starts(units))
        typed = _typed_wrong(typed, units, self.known)
        _known, self.typos = typo_candidates(typed, self.known)
        self.synonyms = synonyms(_synonym_keys(units))

    def _completed(self, node: Node) -> Node:
        """The node with each word read as a start replaced by the index words of the names and
        stories that it starts, where they are few, and by itself whole (it may be a part of a
        compound only): the index then matches whole words, which it does faster."""
        if isinstance(node, Phrase):
            found = self.completions.get(node.words[-1]) if node.prefix else None
            if found is None:
                return node
            words = dict.fromkeys([node.words[-1], *found])
            return _either([Phrase((*node.words[:-1], word)) for word in words])
        if isinstance(node, Either):
            return Either(tuple(self._completed(option) for option in node.options))
        return Every(tuple(self._completed(part) for part in node.parts))

    def _near(self, *forms: str) -> list[Node]:
        terms = dict.fromkeys(t for form in forms for t in self.typos.get(form, []))
        return [Phrase((term,)) for term in terms]

    def _same(self, key: tuple[str, ...]) -> list[Node]:
        return [Phrase(phrase) for phrase in self.synonyms.get(key, [])]

    def _word(self, word: str, last: bool) -> Node:
        """One word of a run, matched anywhere: as typed, by its parts, synonyms or typos."""
        options: list[Node] = [Phrase((word,), _prefix(word, last)), *self._same((word,))]
        if parts := thai_parts(word):
            options.append(Every(tuple(Phrase((part,)) for part in parts)))
        return _either([*options, *self._near(word)])

    def clauses(self, unit: Unit, last: bool) -> tuple[Node, Node]:
        """What one unit matches exactly, and loosely."""
        words = unit.words
        exact: list[Node] = [Phrase(words, _prefix(words[-1], last))]
        if unit.script == "thai" and (len(words) > 1 or words[0] != unit.whole):
            exact.append(Phrase((unit.whole,), _prefix(unit.whole, last)))
        exact += self._same(words)
        loose = [*exact, *self._near(unit.whole, *(words if len(words) == 1 else ()))]
        if len(words) > 1:
            loose.append(
                Every(
                    tuple(self._word(w, last and n == len(words) - 1) for n, w in enumerate(words))
                )
            )
        elif parts := thai_parts(words[0]):
            loose.append(Every(tuple(Phrase((part,)) for part in parts)))
        return _either(exact), _either(loose)

    def plan(self) -> Plan:
        exact: list[Node] = []
        loose: list[Node] = []
        joinable = False
        for n, unit in enumerate(self.units):
            last = n == len(self.units) - 1
            one_exact, one_loose = self.clauses(unit, last=last)
            exact.append(one_exact)
            joined = stem(self.units[n - 1].whole + unit.whole) if n else ""
            if joinable and LATIN.match(unit.whole) and joined in self.known:
                # Two words typed apart may be one in the index: lemon grass, lemongrass.
                together = Phrase((joined,), _prefix(joined, last))
                loose[-1] = Either((Every((loose[-1], one_loose)), together))
                joinable = False
            else:
                loose.append(one_loose)
                joinable = bool(LATIN.match(unit.whole))
        query = Query(exact=self._completed(_every(exact)), loose=self._completed(_every(loose)))
        phrases = list(_phrases(query.loose))
        return Plan(
            query=query,
            words=frozenset(word for phrase in phrases for word in phrase.words),
            prefixes=frozenset(phrase.words[-1] for phrase in phrases if phrase.prefix),
        )


def _every(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else Every(tuple(parts))


def _phrases(node: Node) -> Iterator[Phrase]:
    if isinstance(node, Phrase):
        yield node
    else:
        for child in node.options if isinstance(node, Either) else node.parts:
            yield from _phrases(child)


def plan(q: str) -> Plan | None:
    """What `q` matches, or None when it holds no word."""
    units = query_units(q or "")
    return _Planner(units).plan() if units else None


def search(
    q: str,
    *,
    limit: int = 20,
    category: str = "",
    area_path: str = "",
    min_stars: int = 0,
    kind: str = "",
) -> list[Hit]:
    """Products and producer groups matching every word of `q`, best first.

    Never raises on what a reader may type: an empty query, punctuation only, the index's
    own syntax ("*", "NEAR", quotes) or a very long text gives results or none.
    """
    found = plan(q)
    if found is None:
        return []
    return find(found, limit=limit, filters=Filters(category, area_path, min_stars, kind))


def find(found: Plan, *, limit: int, filters: Filters) -> list[Hit]:
    """The best `limit` results of a planned query."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    return backend().find(found.query, filters, limit)


SPACES = re.compile(r"\s+")


def did_you_mean(q: str) -> str:
    """A query one typo further from each word typed that finds something, where `q` finds
    nothing (empty when there is none): each unknown word replaced by its nearest index
    word, written as a result's name writes it."""
    units = query_units(q or "")
    forms = {
        unit.whole or unit.words[0]: min(2, typos_allowed(unit.whole) + 1)
        for unit in units[:MAX_TYPED_WORDS]
        if unit.script != "tibetan"
        and letters(unit.whole) >= PREFIX_FROM
        and not DIGIT.search(unit.whole)  # a code or a number has no typos
    }
    _known, near = typo_candidates(forms)
    if not near:
        return ""
    words = [near[w][0] if w in near else w for w in (u.whole or u.words[0] for u in units)]
    corrected = " ".join(words)
    hits = search(corrected, limit=1)
    if not hits or corrected == SPACES.sub(" ", q.strip().lower()):
        return ""
    return _as_written(words, hits[0].name)


def _as_written(words: list[str], name: str) -> str:
    """The words, each as the name writes it where it holds it (a stem becomes the word)."""
    written: dict[str, str] = {}
    for unit in query_units(name):
        for word in unit.words:
            written.setdefault(word, unit.whole if unit.script == "other" else word)
    return " ".join(written.get(word, word) for word in words)


def suggestions(q: str, *, limit: int = 6) -> list[Hit]:
    """What to offer under the search box while typing: the first results of `q`, its last
    word read as the start of a word."""
    return search(q, limit=limit)
