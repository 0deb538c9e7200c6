"""What buyers type, over the demo catalog: the three queries that failed, and the guarded
subset of the relevance set (bench/relevance/queries.csv), which `make bench` measures whole."""

import pytest

from bench import relevance
from ogop.accounts.models import Role
from ogop.catalog.search import plan, search
from ogop.catalog.templatetags.catalog import mark_terms

GUARDED = [case for case in relevance.cases() if case.guard]


@pytest.fixture(scope="module")
def demo_catalog(django_db_setup, django_db_blocker):
    """The demo's groups and products, loaded once for the module and removed after it."""
    from tests.factories import UserFactory

    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            relevance.load_demo_catalog(UserFactory(role=Role.ADMIN))
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def codes(query, limit=20):
    return [hit.code for hit in search(query, limit=limit)]


def test_a_compound_typed_as_one_word_finds_what_its_parts_find(demo_catalog, db):
    apart = codes("ผ้า ทอ")
    assert len(apart) >= 8
    assert set(codes("ผ้าทอ")) == set(apart)
    # The dictionary compound finds what its parts find anywhere, after its own matches.
    assert set(codes("ทอผ้า")) >= set(apart)


def test_a_short_word_matches_no_longer_word_nor_a_name_written_in_thai(demo_catalog, db):
    found = codes("ชา")
    assert "BT-P026" in found  # puffed rice, eaten with tea (ชา)
    for other in ["BT-P021", "PG-KANGLUNG-WOOD", "PG-DOPSHARI-RICE", "PG-CHASKHAR-LEMONGRASS"]:
        assert other not in found  # ชาม (bowl), ดอปชารี (Dopshari), ชาสคาร์ (Chaskhar)
    assert "BT-P031" not in found  # Chaskhar's lemongrass oil


def test_a_short_word_is_not_marked_inside_other_words(demo_catalog, db):
    terms = plan("ชา")
    assert "<mark>" not in str(mark_terms("ชามไม้ดาปา", terms))
    assert "<mark>" not in str(mark_terms("กลุ่มน้ำมันตะไคร้ชาสคาร์", terms))
    assert str(mark_terms("ข้าวพองสำหรับชา", terms)).endswith("<mark>ชา</mark>")


@pytest.mark.parametrize("query", ["textile", "textiles", "Textiles"])
def test_a_category_finds_its_products(demo_catalog, db, query):
    found = codes(query)
    assert {"BT-P005", "BT-P006", "BT-P012", "BT-P013", "BT-P017", "BT-P018"} <= set(found)
    assert not set(found) & {"BT-P001", "BT-P003", "BT-P007", "BT-P014", "BT-P026"}  # food


@pytest.mark.parametrize("case", GUARDED, ids=[case.query for case in GUARDED])
def test_guarded_queries_find_what_they_must_and_not_what_they_must_not(demo_catalog, db, case):
    answer = relevance.answer(case, lambda q: codes(q, limit=relevance.TOP))
    assert (answer.missing, answer.unwanted) == ([], [])


def test_the_relevance_set_is_large_and_varied():
    cases = relevance.cases()
    assert len(cases) >= 150
    assert len({case.query for case in cases}) == len(cases)
    kinds = {case.kind for case in cases}
    assert {"thai", "english", "dzongkha", "mixed", "typo", "compound", "place"} <= kinds
    assert all(case.must or case.must_not for case in cases)


def test_measures_of_a_perfect_and_a_missed_answer():
    case = relevance.Case("q", "english", ("A", "B"), ("X",), False)
    perfect = relevance.Answer(case, ("A", "B", "C"))
    late = relevance.Answer(case, ("C", "X", "B"))
    assert (perfect.recall, perfect.reciprocal_rank, perfect.ndcg) == (1, 1, 1)
    assert (late.recall, late.reciprocal_rank, late.unwanted) == (0.5, 1 / 3, ["X"])
    assert 0 < late.ndcg < 1
    measured = relevance.measure([perfect, late])
    assert measured["recall_at_10"] == 0.75
    assert measured["must_not_hits"] == 1
    assert measured["failures"] == [{"query": "q", "missing": ["A"], "unwanted": ["X"]}]


def test_guarded_queries_find_the_product_among_better_placed_goods_that_name_it(demo_catalog, db):
    """The generated catalog of the bench, smaller: five-star hampers, samplers and gift sets of
    each demo product, which name it in their story only."""
    from tests.factories import UserFactory

    made = relevance.load_generated_catalog(UserFactory(role=Role.ADMIN), per_product=12)
    assert made == 12 * 35
    missed = {}
    for case in GUARDED:
        answer = relevance.answer(case, lambda q: codes(q, limit=relevance.TOP))
        if answer.missing or answer.unwanted:
            missed[case.query] = (answer.missing, answer.unwanted)
    assert missed == {}
