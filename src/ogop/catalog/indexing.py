"""Keep the search index in step with the registry.

Every write path of the registry reaches here: single saves through signals (catalog.signals),
imports through the registry's `registry_changed` signal, and `ogop search rebuild` for the
whole index. Only public products of public producer groups, and public groups, are indexed.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.utils import translation
from rapidfuzz.distance import OSA

from ogop.catalog.backends import backend
from ogop.catalog.models import EntryKind, IndexState, SearchEntry, SearchTermVariant
from ogop.catalog.segmentation import dictionary, letters, segment
from ogop.core.bulk import chunks, insert
from ogop.core.freshness import renew, renew_all
from ogop.places.models import Area
from ogop.places.selectors import areas_under
from ogop.producers.models import ProducerGroup, ProducerGroupQuerySet
from ogop.products.models import Category, Certification, CertificationKind, Product

BATCH = 1000
# Raised when the way texts are cut into index words, or what the index keeps of them,
# changes in the code (the words of the dictionary are counted apart, see
# `words_fingerprint`): stored entries are then written anew. 2: no typo variants of words
# with a digit.
SEGMENTATION_RULES = 2
DIGIT = re.compile(r"\d")
# Typos a word may have, by its length in letters (segmentation.letters): none under four
# letters, one from four, two from eight. A typo is a letter missing, extra, changed, or two
# letters swapped.
ONE_TYPO_FROM = 4
TWO_TYPOS_FROM = 8
# The longest index word whose variants are kept (longer ones are names run together).
MAX_TERM_LENGTH = 30
# The most index words the last word typed is read as the start of: with more, the search
# matches it as a start in the full-text index itself.
MAX_COMPLETIONS = 24
LANGUAGES = ("en", "th", "dz")
SEGMENTED_TEXTS = 20_000  # the texts whose words one reindex remembers
# What a product's entry is made of, read as named rows; its area is read apart (see
# _Shared.areas).
PRODUCT_FIELDS = [
    "pk",
    "code",
    "name_en",
    "name_th",
    "name_dz",
    "description_en",
    "description_th",
    "description_dz",
    "category",
    "stars",
    "is_flagship",
    "area_id",
    "producer_group__name_en",
    "producer_group__name_th",
    "producer_group__name_dz",
]


class _Shared:
    """What the entries of one reindex share, worked out once: the words of each text and the
    areas. Its entries repeat the same area, group and story texts, and many products share
    an area."""

    def __init__(self) -> None:
        self.segment: Callable[[str], tuple[str, str]] = lru_cache(maxsize=SEGMENTED_TEXTS)(segment)
        self.areas: dict[int, Area] = {}
        self._area_words: dict[int, list[tuple[str, str]]] = {}
        self.terms: set[str] = set()  # the typo terms written, with their variants
        self._labels: dict[tuple[str, str], list[str]] = {}
        self.written: list[int] = []  # the entries written, to index at the end

    def read_areas(self, ids: Iterable[int]) -> None:
        """Read the areas not yet read, with their parents."""
        if missing := set(ids) - self.areas.keys():
            found = Area.objects.filter(pk__in=missing).select_related("parent__parent")
            self.areas.update((area.pk, area) for area in found)

    def area_words(self, area: Area) -> list[tuple[str, str]]:
        """The words of the names of an area and of the areas above it, worked out once an
        area: between two entries of the same area, the texts of many entries' own names
        (each new) would push them out of the words of each text remembered."""
        if (words := self._area_words.get(area.pk)) is None:
            words = [self.segment(text) for text in _area_names(area) if text]
            self._area_words[area.pk] = words
        return words

    def labels(self, choices: Any, value: str) -> list[str]:
        """A choice's label in each language (a category, a kind of certification), so that
        a buyer finds products by what they are and what vouches for them."""
        if (found := self._labels.get((choices.__name__, value))) is None:
            found = []
            for language in LANGUAGES:
                with translation.override(language):
                    found.append(str(choices(value).label))
            self._labels[(choices.__name__, value)] = found
        return found


def _area_names(area: Any) -> list[str | None]:
    names: list[str | None] = []
    while area is not None:
        names += [area.name_en, area.name_th, area.name_dz]
        area = area.parent
    return names


def _joined(pieces: Iterable[str]) -> str:
    return " ".join(piece for piece in pieces if piece)


def _entry(
    kind: str,
    obj: Any,
    area: Area,
    names: list[str | None],
    body: list[str | None],
    shared: _Shared,
) -> SearchEntry:
    named = [shared.segment(text) for text in names if text]
    told = [*(shared.segment(text) for text in body if text), *shared.area_words(area)]
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        code=obj.code,
        name_en=obj.name_en or "",
        name_th=obj.name_th or "",
        name_dz=obj.name_dz or "",
        names=_joined(words for words, _parts in named),
        body=_joined(words for words, _parts in told),
        parts=_joined(parts for _words, parts in [*named, *told]),
        area_path=area.path,
    )


def _certifications(product_ids: Iterable[int], shared: _Shared) -> dict[int, list[str]]:
    """The words of each product's certifications: their kinds, in each language, and issuers."""
    found: dict[int, list[str]] = {}
    rows = Certification.objects.filter(product_id__in=list(product_ids)).values_list(
        "product_id", "kind", "issuer"
    )
    for product_id, kind, issuer in rows:
        words = found.setdefault(product_id, [])
        if kind in CertificationKind.values:
            words += shared.labels(CertificationKind, kind)
        words.append(issuer)
    return found


def _product_entries(products: Sequence[Any], shared: _Shared) -> list[SearchEntry]:
    shared.read_areas(p.area_id for p in products)
    certified = _certifications((p.pk for p in products), shared)
    entries = []
    for p in products:
        area = shared.areas[p.area_id]
        category = shared.labels(Category, p.category) if p.category in Category.values else []
        entry = _entry(
            EntryKind.PRODUCT,
            p,
            area,
            [p.code, p.name_en, p.name_th, p.name_dz],
            [
                p.description_en,
                p.description_th,
                p.description_dz,
                p.producer_group__name_en,
                p.producer_group__name_th,
                p.producer_group__name_dz,
                *category,
                *certified.get(p.pk, []),
            ],
            shared,
        )
        entry.category = p.category
        entry.stars = p.stars or 0
        entry.is_flagship = p.is_flagship
        entries.append(entry)
    return entries


def _group_entries(groups: Sequence[ProducerGroup], shared: _Shared) -> list[SearchEntry]:
    return [
        _entry(
            EntryKind.PRODUCER_GROUP,
            g,
            g.area,
            [g.code, g.name_en, g.name_th, g.name_dz],
            [g.story_en, g.story_th, g.story_dz],
            shared,
        )
        for g in groups
    ]


def _product_rows(ids: Sequence[int]) -> list[Any]:
    """What the entries of these public products are made of, as named rows: making the
    products themselves would cost more than their entries."""
    return list(
        Product.objects.public().filter(pk__in=ids).values_list(*PRODUCT_FIELDS, named=True)
    )


def _public_groups() -> ProducerGroupQuerySet:
    return ProducerGroup.objects.public().select_related("area__parent__parent")


def variants(word: str, edits: int) -> set[str]:
    """The word and the words made from it by deleting up to `edits` letters: two words a
    typo or two apart share one of them (a letter changed, missing, extra, or two swapped)."""
    found = {word}
    for _ in range(edits):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found


def typos_allowed(word: str) -> int:
    """How many typos a word typed may have: none when short, so that a short word never
    matches inside longer ones; one for a medium word, two for a long one. None for a word
    with a digit: a code, a number or a year one digit away is another one."""
    if DIGIT.search(word):
        return 0
    length = letters(word)
    return 2 if length >= TWO_TYPOS_FROM else 1 if length >= ONE_TYPO_FROM else 0


def _term_edits(term: str) -> int:
    """Variants are kept for one edit more than a word of the term's length may have, so that
    "did you mean" can look one typo further; none for a word with a digit, which has no
    typos (codes and numbers were most of a national index's variants)."""
    if letters(term) < ONE_TYPO_FROM - 1 or DIGIT.search(term):
        return 0
    return 2 if len(term) <= MAX_TERM_LENGTH // 2 else 1


def _remember_terms(entries: Sequence[SearchEntry], shared: _Shared) -> None:
    """Index words of the names and stories, with their variants, for typo-tolerant search and
    the words the last word typed starts; each word once a reindex, where many entries share
    the same words."""
    terms = {
        w for e in entries for w in (*e.names.split(), *e.body.split()) if len(w) <= MAX_TERM_LENGTH
    }
    terms -= shared.terms
    shared.terms |= terms
    rows = [
        (variant, term) for term in sorted(terms) for variant in variants(term, _term_edits(term))
    ]
    if not rows:
        return
    table = SearchTermVariant._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, however many: the variants of a few words are thousands, and a
            # round trip each took longer than the rest of an import's indexing.
            cursor.execute(
                f"INSERT INTO {table} (variant, term) SELECT * FROM unnest(%s::text[], "
                "%s::text[]) ON CONFLICT DO NOTHING",
                [[variant for variant, _term in rows], [term for _variant, term in rows]],
            )
        else:  # in the process: no round trips
            cursor.executemany(
                f"INSERT INTO {table} (variant, term) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                rows,
            )


def _replace(kind: str, ids: Iterable[int], entries: list[SearchEntry], shared: _Shared) -> None:
    renew(SearchEntry)  # written in bulk: the kept pages that read the entries are retired
    engine = backend()
    stale = list(
        SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).only(
            "pk", "is_flagship", "stars", "names", "body", "parts"
        )
    )
    engine.delete(stale)
    SearchEntry.objects.filter(pk__in=[entry.pk for entry in stale]).delete()
    insert(SearchEntry, entries, batch_size=BATCH, keys_by="object_id", among={"kind": kind})
    shared.written += [entry.pk for entry in entries]
    _remember_terms(entries, shared)


def _in_areas(area_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """The products and groups whose entries name these areas: those in them or in an area
    under them (an entry holds the names of its area and of every area above it)."""
    products: set[int] = set()
    groups: set[int] = set()
    for some in chunks(areas_under(area_ids), BATCH):
        products.update(Product.objects.filter(area_id__in=some).values_list("pk", flat=True))
        groups.update(ProducerGroup.objects.filter(area_id__in=some).values_list("pk", flat=True))
    return products, groups


@transaction.atomic
def reindex(
    *,
    product_ids: Iterable[int] = (),
    group_ids: Iterable[int] = (),
    area_ids: Iterable[int] = (),
) -> None:
    """Bring the entries of these products and groups (and of the groups' products), and of
    those in these areas, up to date."""
    shared = _Shared()
    group_ids = set(group_ids)
    product_ids = set(product_ids)
    if area_ids := list(area_ids):
        in_products, in_groups = _in_areas(area_ids)
        product_ids |= in_products
        group_ids |= in_groups
    for some in chunks(sorted(group_ids), BATCH):
        product_ids.update(
            Product.objects.filter(producer_group_id__in=some).values_list("pk", flat=True)
        )
        _replace(
            EntryKind.PRODUCER_GROUP,
            some,
            _group_entries(list(_public_groups().filter(pk__in=some)), shared),
            shared,
        )
    for some in chunks(sorted(product_ids), BATCH):
        entries = _product_entries(_product_rows(some), shared)
        _replace(EntryKind.PRODUCT, some, entries, shared)
    backend().write(shared.written)


@lru_cache(maxsize=1)
def words_fingerprint() -> str:
    """What the index words of a text depend on, besides the text: the segmentation's rules
    and its dictionary's words."""
    digest = hashlib.sha256(f"rules {SEGMENTATION_RULES}\n".encode())
    for word in sorted(dictionary()):
        digest.update(word.encode() + b"\n")
    return digest.hexdigest()


def rebuild_if_stale(before: Callable[[], None] | None = None) -> int | None:
    """Index everything anew when the stored entries were written with other words than
    today's (or it is not known with which), calling `before` first: the number of entries,
    or None when they were up to date. Migrating calls it."""
    state = IndexState.objects.first()
    if state is not None and state.words == words_fingerprint():
        return None
    if before:
        before()
    return rebuild()


def rebuild(progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None) -> int:
    """Index everything anew; returns the number of entries."""
    shared = _Shared()
    with transaction.atomic():
        IndexState.objects.all().delete()
        IndexState.objects.create(words=words_fingerprint())
        backend().clear()
        SearchEntry.objects.all().delete()
        SearchTermVariant.objects.all().delete()
        groups = _public_groups()
        _replace(EntryKind.PRODUCER_GROUP, [], _group_entries(list(groups), shared), shared)
        ids = list(Product.objects.public().order_by("pk").values_list("pk", flat=True))
        chunks: Iterable[int] = range(0, len(ids), BATCH)
        for start in progress(chunks) if progress else chunks:
            chunk = ids[start : start + BATCH]
            _replace(EntryKind.PRODUCT, [], _product_entries(_product_rows(chunk), shared), shared)
        backend().write(shared.written)
        renew_all()  # written anew, after bulk writes that no signal followed
    return SearchEntry.objects.count()


def known_words(words: Iterable[str]) -> set[str]:
    """Those of the words that are index words, in one query (most words typed are)."""
    return lookup(words)[0]


def lookup(
    words: Iterable[str], starts: Iterable[str] = ()
) -> tuple[set[str], dict[str, list[str] | None]]:
    """Those of the words that are index words, and for each start, the index words that
    start with it (None when there are more than MAX_COMPLETIONS): one query."""
    wanted = sorted({w for w in words if len(w) <= MAX_TERM_LENGTH})
    starts = sorted({s for s in starts if s and len(s) <= MAX_TERM_LENGTH})
    table = SearchTermVariant._meta.db_table
    parts: list[str] = []
    params: list[str | int] = []
    if wanted:
        parts.append(
            f"SELECT term, -1 FROM {table} WHERE variant IN ({', '.join(['%s'] * len(wanted))}) "
            "AND variant = term"
        )
        params += wanted
    # By code point, in the order of an index on PostgreSQL (migration 0007) as on SQLite.
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    for n, start in enumerate(starts):
        parts.append(
            f"SELECT * FROM (SELECT term, {n} FROM {table} WHERE variant{collate} >= %s "
            f"AND variant{collate} < %s AND variant = term ORDER BY variant{collate} LIMIT %s) "
            f"AS s{n}"
        )
        params += [start, start[:-1] + chr(ord(start[-1]) + 1), MAX_COMPLETIONS + 1]
    if not parts:
        return set(), {}
    with connection.cursor() as cursor:  # on every search: the ORM's own cost shows
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    found: dict[str, list[str]] = {start: [] for start in starts}
    for term, n in rows:
        if n >= 0:
            found[starts[n]].append(term)
    known = {term for term, n in rows if n < 0}
    return known, {s: t if len(t) <= MAX_COMPLETIONS else None for s, t in found.items()}


def typo_candidates(
    words: dict[str, int], known: set[str] | None = None
) -> tuple[set[str], dict[str, list[str]]]:
    """The words that are index words themselves, and for each other word typed, the index
    words at most its number of typos away (nearest first): only the words not known (as
    `known` tells, or a first query) are looked up."""
    if known is None:
        known = known_words(words)
    wanted = {w: edits for w, edits in words.items() if len(w) <= MAX_TERM_LENGTH}
    wanted = {w: edits for w, edits in wanted.items() if w not in known}
    if not wanted:
        return known, {}
    options = {w: variants(w, edits) for w, edits in wanted.items()}
    found: dict[str, set[str]] = {}
    looked_up = sorted({v for vs in options.values() for v in vs})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT variant, term FROM {SearchTermVariant._meta.db_table} WHERE variant IN "
            f"({', '.join(['%s'] * len(looked_up))})",
            looked_up,
        )
        rows = cursor.fetchall()
    for variant, term in rows:
        for word, near in options.items():
            if variant in near and term != word and OSA.distance(word, term) <= wanted[word]:
                found.setdefault(word, set()).add(term)
    return known, {
        word: sorted(terms, key=lambda term: (OSA.distance(word, term), term))
        for word, terms in found.items()
    }
