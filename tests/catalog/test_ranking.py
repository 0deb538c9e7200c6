"""The order of results: names before story, then flagship, stars, score and name; and the
first results of a short list are those of a long one, whatever the number asked for.

On SQLite the search reads only the best-placed matches of a query (catalog.backends), so
these tests build rank groups of every size, ties on score that the name decides, matches in
the story only and filters, and compare each short list with the whole ranking.
"""

import random
from itertools import pairwise

import pytest

from ogop.catalog.indexing import rebuild, reindex
from ogop.catalog.search import search
from ogop.places.models import Area
from ogop.products.models import Category, Product
from tests.factories import ProducerGroupFactory, ProductFactory

WORD = "tea"


@pytest.fixture
def ranked(db):
    """Sixty products, two in three with the word in their names (once to three times), the
    others in their story only; stars at random, six flagships; some names alike but for a
    letter, so that score ties are decided by the name; and products without the word."""
    rng = random.Random(7)
    areas = list(Area.objects.filter(country="BT", level=2).order_by("code")[:6])
    group = ProducerGroupFactory(area=areas[0], name_en="Hill growers", is_public=True)
    for n in range(60):
        in_names = n % 3 != 0
        words = ["Green", *[WORD] * rng.choice([1, 1, 2, 3])] if in_names else ["Mountain", "leaf"]
        flagship = n < len(areas)
        ProductFactory(
            code=f"R-{n:02d}",
            name_en=" ".join([*words, "HGFEDCBA"[n % 8]]),
            name_th=None,
            name_dz=None,
            description_en="Grown on the hill." if in_names else f"Picked for {WORD}.",
            category=Category.FOOD if n % 2 else Category.BEVERAGE,
            stars=rng.choice([None, 1, 2, 3, 3, 4, 5]),
            is_flagship=flagship,
            producer_group=group,
            area=areas[n] if flagship else areas[0],
        )
    # Products without the word, for the word's weight in the score (too common, it has none).
    others = [
        ProductFactory.build(code=f"OTHER-{n}", name_en="Rice", producer_group=group)
        for n in range(240)
    ]
    Product.objects.bulk_create(others)
    rebuild()
    # Entries made again, after the others: ids in another order than their names.
    reindex(
        product_ids=Product.objects.filter(name_en__regex=r" [AB]$").values_list("pk", flat=True)
    )


def _key(product: Product, score: float) -> tuple:
    in_names = WORD in product.name_en.lower().split()
    return (not in_names, not product.is_flagship, -(product.stars or 0), -score)


@pytest.mark.parametrize(
    "filters",
    [{}, {"category": Category.FOOD}, {"min_stars": 3}, {"kind": "product"}],
    ids=["no filter", "category", "stars", "kind"],
)
def test_every_short_list_is_the_head_of_the_whole_ranking(ranked, filters):
    whole = search(WORD, limit=100, **filters)
    assert len(whole) < 100  # the whole ranking, not a short list
    for limit in range(1, len(whole) + 1):
        assert search(WORD, limit=limit, **filters) == whole[:limit], limit


@pytest.mark.parametrize(
    "filters", [{}, {"category": Category.BEVERAGE}, {"min_stars": 4}], ids=str
)
def test_the_whole_ranking_holds_every_match_in_order(ranked, filters):
    hits = search(WORD, limit=100, **filters)
    products = Product.objects.in_bulk([hit.code for hit in hits], field_name="code")
    expected = Product.objects.filter(code__startswith="R-")
    if "category" in filters:
        expected = expected.filter(category=filters["category"])
    if "min_stars" in filters:
        expected = expected.filter(stars__gte=filters["min_stars"])
    assert sorted(products) == sorted(expected.values_list("code", flat=True))
    keys = [_key(products[hit.code], hit.score) for hit in hits]
    assert keys == sorted(keys)
    # Equal keys are ordered by name, then by entry: names alike but for their last letter.
    ranked_pairs = list(pairwise(zip(keys, hits, strict=True)))
    for (key, hit), (next_key, next_hit) in ranked_pairs:
        if key == next_key:
            assert (hit.name, hit.entry_id) < (next_hit.name, next_hit.entry_id)
    assert any(a == b for (a, _), (b, _) in ranked_pairs)  # the data has such ties
    assert {key[0] for key in keys} == {False, True}  # and both tiers


def test_a_product_given_stars_and_made_flagship_moves_up_and_is_found_once(ranked):
    before = [hit.code for hit in search(WORD, limit=100)]
    code = next(c for c in reversed(before) if WORD in Product.objects.get(code=c).name_en.split())
    product = Product.objects.get(code=code)
    product.stars = 5
    product.is_flagship = True
    product.area = Area.objects.filter(country="BT", level=2).order_by("code")[10]
    product.save()
    after = search(WORD, limit=100)
    assert sorted(hit.code for hit in after) == sorted(before)
    assert after.index(next(h for h in after if h.code == code)) < before.index(code)
    hits = Product.objects.in_bulk([hit.code for hit in after], field_name="code")
    keys = [_key(hits[hit.code], hit.score) for hit in after]
    assert keys == sorted(keys)
