"""The search reads few matches of a common word (catalog.backends): the best-placed ones, then
only the rank groups they reach. Whatever it reads, it must rank as scoring every match would:
each backend's answer is compared with the whole ranking worked out the long way, over a
catalog where some words are common and some rare, with stars and flagships mixed, with and
without filters, and with a walk of the best-placed entries short enough to fall through."""

import random

import pytest
from django.db import connection

from ogop.catalog import backends
from ogop.catalog.backends import FTS_TABLE, ID_BITS, ID_MASK, Filters, backend
from ogop.catalog.indexing import rebuild
from ogop.catalog.search import plan
from ogop.places.models import Area
from ogop.products.models import Category
from tests.factories import ProducerGroupFactory, ProductFactory

COMMON = ["honey", "rice", "cloth"]
RARE = ["walnut", "saffron", "lacquer"]
QUALITIES = ["organic", "wild", "red", "woven", "dried"]


@pytest.fixture
def catalog(db):
    rng = random.Random(2017)
    tang = Area.objects.get(code="BT-33-03")
    paro = Area.objects.get(code="BT-11-02")
    group = ProducerGroupFactory(area=tang, name_en="Valley producers", is_public=True)
    for n in range(150):
        kind = rng.choice(COMMON) if rng.random() < 0.9 else rng.choice(RARE)
        quality = rng.choice(QUALITIES)
        story = rng.choice(["", f"Made with {rng.choice(COMMON)}.", f"{quality} {kind} {kind}"])
        ProductFactory(
            code=f"R{n:03d}",
            name_en=f"{quality.capitalize()} {kind} {n % 7}",
            description_en=story,
            stars=rng.choice([None, 1, 2, 3, 3, 4, 5]),
            is_flagship=n < 2,  # one flagship a gewog
            category=rng.choice([Category.FOOD, Category.TEXTILE]),
            producer_group=group,
            area=[tang, paro][n] if n < 2 else rng.choice([tang, paro]),
        )
    rebuild()


def _sqlite_ranking(query, filters):
    found = []
    engine = backends.SQLiteBackend()
    for tier, (members, expression) in enumerate(engine.tiers(query)):
        where, params = backends._filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid FROM {FTS_TABLE} AS f JOIN catalog_searchentry AS e "
                f"ON e.id = (f.rowid & {ID_MASK}) WHERE {FTS_TABLE} MATCH %s {where}",
                [members, *params],
            )
            members_found = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                f"SELECT rowid, -bm25({FTS_TABLE}, 10.0, 1.0, 2.0) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s",
                [expression],
            )
            scores = dict(cursor.fetchall())
            cursor.execute("SELECT id, code, name_en FROM catalog_searchentry")
            names = {pk: (code, name) for pk, code, name in cursor.fetchall()}
        for key in members_found:
            code, name = names[key & ID_MASK]
            found.append(((tier, key >> ID_BITS, -scores[key], name, key & ID_MASK), code))
    return [code for _key, code in sorted(found)]


def _postgres_ranking(query, filters):
    found = []
    for n, tier in enumerate(backends.PostgresBackend().tiers(query)):
        where, params = backends._filter_sql(filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id, e.code, e.name_en, e.rank_group, "
                f"ts_rank(e.search_vector, %s::tsquery) FROM catalog_searchentry AS e "
                f"WHERE {tier.members} {where}",
                [tier.scored_by, *tier.params, *params],
            )
            for pk, code, name, group, score in cursor.fetchall():
                found.append(((n, group, -score, name, pk), code))
    return [code for _key, code in sorted(found)]


def every_match_ranked(q, filters):
    query = plan(q).query
    if connection.vendor == "postgresql":
        return _postgres_ranking(query, filters)
    return _sqlite_ranking(query, filters)


QUERIES = ["honey", "rice", "organic", "organic honey", "walnut", "wild rice", "hony", "cloth"]
FILTERS = [
    Filters(),
    Filters(category=Category.TEXTILE),
    Filters(min_stars=3),
]


@pytest.mark.parametrize("q", QUERIES)
def test_the_few_matches_read_rank_as_every_match_would(catalog, monkeypatch, q):
    for window in (1000, 12):  # PostgreSQL's walk of the best-placed, long and too short
        monkeypatch.setattr(backends, "WINDOW", window)
        for filters in FILTERS:
            whole = every_match_ranked(q, filters)
            for limit in (1, 5, 20, 100):
                hits = backend().find(plan(q).query, filters, limit)
                assert [hit.code for hit in hits] == whole[:limit], (q, window, filters, limit)


def test_a_filter_to_a_place_ranks_as_every_match_would(catalog):
    filters = Filters(area_path=Area.objects.get(code="BT-11-02").path)
    whole = every_match_ranked("honey", filters)
    assert whole  # the place has honey
    assert [hit.code for hit in backend().find(plan("honey").query, filters, 10)] == whole[:10]
