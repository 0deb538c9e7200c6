"""What each query must and must not find, in Thai, English and Dzongkha, and in what order."""

import pytest

from ogop.catalog.indexing import rebuild
from ogop.catalog.search import search
from ogop.places.models import Area
from tests.factories import ProducerGroupFactory, ProductFactory

CATALOG = [
    # code, name_en, name_th, name_dz, category, flagship, description_en
    ("HONEY", "Organic wild forest honey", "น้ำผึ้งป่าอินทรีย์", "སྦྲང་རྩི་", "food", True, "Raw honey."),
    ("RICE", "Paro red rice", "ข้าวแดงพาโร", "འབྲས་དམརཔོ་", "food", True, "Semi-milled."),
    ("FLOUR", "Red rice flour", "แป้งข้าวแดง", "", "food", False, "Stone-ground."),
    ("STICKY", "Sticky rice", "ข้าวเหนียว", "", "food", False, "Glutinous rice."),
    ("SILK", "Raw silk scarf", "ผ้าพันคอไหมดิบ", "", "textile", False, "Woven by hand."),
    ("TIP", "Broken rice tips", "ปลายข้าว", "", "food", False, "The tips of rice grains."),
    ("CHILLI", "Dried chillies", "พริกแห้ง", "ཨེ་མ་", "food", False, "Sun-dried, good with honey."),
    ("ENGLISH", "Walnut butter", "", "", "food", False, "Only an English name."),
    ("CANDLE", "Beeswax candles", "เทียนขี้ผึ้ง", "", "household", False, "Poured from beeswax."),
]


@pytest.fixture
def catalog(db):
    tang = Area.objects.get(code="BT-33-03")
    group = ProducerGroupFactory(area=tang, name_en="Tang Producers", is_public=True)
    hidden_group = ProducerGroupFactory(area=tang, name_en="Hidden group", is_public=False)
    for code, en, th, dz, category, flagship, story in CATALOG:
        ProductFactory(
            code=code,
            name_en=en,
            name=en,
            name_th=th or None,
            name_dz=dz or None,
            category=category,
            is_flagship=flagship,
            description_en=story,
            producer_group=group,
            area=Area.objects.get(code="BT-11-02") if code == "RICE" else tang,
        )
    ProductFactory(
        code="PRIVATE",
        name_en="Private honey",
        name="Private honey",
        is_public=False,
        producer_group=group,
    )
    ProductFactory(
        code="HIDDEN", name_en="Hidden honey", name="Hidden honey", producer_group=hidden_group
    )
    rebuild()


def codes(query, **filters):
    return [hit.code for hit in search(query, **filters) if hit.kind == "product"]


def test_thai_word_finds_the_product_whose_name_starts_with_it(catalog):
    assert codes("น้ำผึ้ง") == ["HONEY"]


def test_thai_word_finds_every_name_containing_it_as_a_word(catalog):
    assert set(codes("ข้าวแดง")) == {"RICE", "FLOUR"}


def test_letters_across_or_inside_thai_words_do_not_match(catalog):
    # A trigram search would find these: they are letters of the names, not words of them.
    assert codes("าวแดง") == []  # the end of ข้าว and all of แดง
    assert codes("ยข้าว") == []  # across ปลาย|ข้าว
    assert "STICKY" not in codes("ข้าวแดง")
    assert codes("ปลาย") == ["TIP"]


def test_part_of_a_thai_compound_word_finds_it(catalog):
    assert codes("ไหม") == ["SILK"]
    assert codes("ผ้าพันคอ") == ["SILK"]


def test_english_name_only_product_is_found_in_english(catalog):
    assert codes("walnut") == ["ENGLISH"]


def test_english_words_are_stemmed(catalog):
    assert codes("candle") == ["CANDLE"]
    assert codes("chilli") == ["CHILLI"]


def test_one_letter_typo_in_english_still_finds(catalog):
    assert "HONEY" in codes("hony")
    assert "ENGLISH" in codes("walnutt")
    assert "ENGLISH" in codes("wulnut")


def test_dzongkha_syllables_find_the_product(catalog):
    assert codes("སྦྲང་རྩི་") == ["HONEY"]
    assert codes("ཨེ་མ") == ["CHILLI"]


def test_name_matches_rank_above_story_matches(catalog):
    # CHILLI mentions honey only in its story.
    assert codes("honey") == ["HONEY", "CHILLI"]


def test_flagship_breaks_ties_between_name_matches(catalog):
    assert codes("rice")[:1] == ["RICE"]


def test_every_word_must_match(catalog):
    assert codes("red rice flour") == ["FLOUR"]


def test_prefix_of_the_last_word_finds_while_typing(catalog):
    assert codes("waln") == ["ENGLISH"]


def test_private_products_and_products_of_private_groups_are_not_found(catalog):
    assert "PRIVATE" not in codes("honey")
    assert "HIDDEN" not in codes("honey")


def test_producer_groups_are_found_too(catalog):
    hits = search("Tang Producers")
    assert hits[0].kind == "producer_group"


def test_filters_narrow_results(catalog):
    assert codes("rice", category="food", area_path="BT-11/") == ["RICE"]
    assert codes("honey", category="textile") == []


def test_thai_digits_in_a_query_match_arabic_digits(catalog, db):
    ProductFactory(code="JAR500", name_en="Honey 500 g", name="Honey 500 g")
    assert "JAR500" in codes("honey ๕๐๐")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        "!!! ??? ...",
        '"',
        '"honey',
        "honey*",
        "NEAR(honey rice)",
        "honey OR rice",
        "honey AND NOT rice",
        "{names}: honey",
        "honey:*",
        "'); DROP TABLE catalog_searchentry; --",
        "ข้าว honey སྦྲང་",
        "\ufffd\ufffd",
        "\x00",
        "a",
    ],
)
def test_any_query_gives_results_or_none_never_an_error(catalog, query):
    assert isinstance(search(query), list)


def test_syntax_words_are_searched_as_words(catalog):
    assert codes("honey OR rice") == []  # every word must match: "or" is just a word
    assert codes('"honey"') == ["HONEY", "CHILLI"]


def test_index_follows_saves_and_deletes(catalog):
    from ogop.products.models import Product

    product = Product.objects.get(code="ENGLISH")
    product.name_en = "Almond butter"
    product.save()
    assert codes("almond") == ["ENGLISH"]
    assert codes("walnut") == []
    product.is_public = False
    product.save()
    assert codes("almond") == []
    Product.objects.get(code="HONEY").delete()
    assert codes("น้ำผึ้ง") == []


def test_search_uses_a_bounded_number_of_queries(catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        search("honey rice")
