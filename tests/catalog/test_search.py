"""What each query must and must not find, in Thai, English and Dzongkha, and in what order."""

import contextlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ogop.catalog import indexing
from ogop.catalog.backends import backend
from ogop.catalog.indexing import rebuild, reindex
from ogop.catalog.models import SearchEntry
from ogop.catalog.search import search
from ogop.catalog.segmentation import index_parts, index_words, segment
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup
from ogop.products.models import Category, Product
from ogop.products.services import products_import
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row

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
    # CHILLI's story says honey in English, a synonym of น้ำผึ้ง: found after the name match.
    assert codes("น้ำผึ้ง") == ["HONEY", "CHILLI"]


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
    # CHILLI's story says honey, a synonym of སྦྲང་རྩི: found after the name match.
    assert codes("སྦྲང་རྩི་") == ["HONEY", "CHILLI"]
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
    assert codes("น้ำผึ้ง") == ["CHILLI"]  # its story's honey, a synonym, is all that is left


IN_TANG = {code for code, *_rest in CATALOG} - {"RICE"}  # Rice is from a gewog of Paro


def test_index_follows_a_renamed_area_to_everything_under_it(catalog):
    assert set(codes("bumthang")) == IN_TANG
    bumthang = Area.objects.get(code="BT-33")
    bumthang.name_en = "Chamkhar"
    bumthang.save()
    assert set(codes("chamkhar")) == IN_TANG
    group = ProducerGroup.objects.get(name_en="Tang Producers")  # the hidden one is not indexed
    assert [hit.code for hit in search("chamkhar") if hit.kind == "producer_group"] == [group.code]
    assert codes("bumthang") == []


def test_loading_the_shipped_areas_again_brings_their_names_back_into_the_index(catalog):
    # Names changed in the database by hand, as a restored old copy might hold them, then
    # indexed: loading the shipped areas writes back what differs, and the index follows.
    Area.objects.filter(code="BT-33").update(name_en="Chamkhar")
    reindex(area_ids=Area.objects.filter(code="BT-33").values_list("pk", flat=True))
    assert set(codes("chamkhar")) == IN_TANG
    out = StringIO()
    call_command("load_areas", stdout=out)
    assert out.getvalue().strip() == "Areas written: 1."
    assert codes("chamkhar") == []
    assert set(codes("bumthang")) == IN_TANG


def test_reindexing_groups_in_batches_gives_the_entries_of_a_rebuild(catalog, monkeypatch):
    # Many groups are reindexed a batch at a time (a statement takes a bounded number of
    # parameters): groups and products split across batches are all indexed.
    tang = Area.objects.get(code="BT-33-03")
    for n in range(5):
        group = ProducerGroupFactory(area=tang, name_en=f"Group {n}", is_public=True)
        ProductFactory(code=f"B{n}", name_en=f"Batch {n}", name=f"Batch {n}", producer_group=group)
    rebuild()
    before = entry_rows()
    SearchEntry.objects.all().delete()
    backend().clear()
    monkeypatch.setattr(indexing, "BATCH", 2)
    reindex(group_ids=ProducerGroup.objects.values_list("pk", flat=True))
    assert entry_rows() == before
    assert set(codes("batch")) == {f"B{n}" for n in range(5)}


def test_search_uses_a_bounded_number_of_queries(catalog, django_assert_max_num_queries):
    # The typo terms; on SQLite, three a tier (names, then story) and the entries' names.
    with django_assert_max_num_queries(8):
        search("honey rice")
    with django_assert_max_num_queries(8):
        search("honey", limit=1)


# The index an import builds


@pytest.mark.parametrize(
    "text",
    [
        "ผ้าพันคอไหมดิบ",
        "กลุ่มทอผ้าไหมบ้านนาข่า ๒๕๖๗",
        "ปลายข้าว and Paro red rice",
        "སྦྲང་རྩི་ འབྲས་དམརཔོ་",
        "Weavers' co-operative, 3rd gewog",
        "-- · --",
    ],
)
def test_segment_gives_the_words_and_parts_of_one_text(text):
    assert segment(text) == (index_words([text]), index_parts([text]))


def entry_rows():
    """Every entry as the search reads it, by object: ids of entries change when rewritten."""
    return sorted(
        SearchEntry.objects.values_list(
            "kind",
            "object_id",
            "code",
            "name_en",
            "name_th",
            "name_dz",
            "names",
            "body",
            "parts",
            "category",
            "area_path",
            "stars",
            "is_flagship",
        )
    )


def test_index_of_an_import_is_the_index_built_one_product_at_a_time(officer):
    # Given groups in a tambon and a gewog, and products sharing their groups, areas and
    # stories: the import segments each text once and reads each area once.
    tambon, tang = Area.objects.get(code="840503"), Area.objects.get(code="BT-33-03")
    ProducerGroupFactory(
        code="PG-TH", name_en="Silk weavers", name_th="กลุ่มทอผ้าไหม", area=tambon, is_public=True
    )
    ProducerGroupFactory(
        code="PG-BT", name_en="Tang honey", name_dz="སྦྲང་རྩི་", area=tang, is_public=True
    )
    ProducerGroupFactory(code="PG-HIDDEN", area=tang, is_public=False)
    rows = [
        product_row(
            f"P-{n}",
            producer_code=group,
            name_th=name_th,
            description_en=story,
            description_th="ผ้าไหมทอมือจากกลุ่มชุมชน" if group == "PG-TH" else "",
            area_code=area,
            public=public,
            flagship="yes" if n in (0, 1) else "no",
        )
        for n, (group, name_th, story, area, public) in enumerate(
            [
                ("PG-TH", "ผ้าพันคอไหมดิบ", "Woven by hand.", "", "yes"),
                ("PG-BT", "น้ำผึ้งป่า", "Raw honey.", "", "yes"),
                ("PG-TH", "ผ้าพันคอไหมดิบ", "Woven by hand.", "840503", "yes"),
                ("PG-TH", "ปลายข้าว", "", "840501", "yes"),
                ("PG-BT", "", "Raw honey.", "BT-15-08", "yes"),
                ("PG-BT", "น้ำผึ้งป่า", "Raw honey.", "", "no"),
                ("PG-HIDDEN", "น้ำผึ้ง", "", "", "yes"),
            ]
        )
    ]
    products_import(data=csv_bytes(PRODUCT_HEADER, rows), user=officer)
    imported = entry_rows()
    found = {query: codes(query) for query in ["ไหม", "ผ้าพันคอ", "honey", "ปลาย", "ผ้า"]}

    # When each product is indexed again on its own
    for product in Product.objects.order_by("-pk"):
        reindex(product_ids=[product.pk])

    # Then the entries, and what the search finds, are the same
    assert entry_rows() == imported
    assert {query: codes(query) for query in found} == found
    assert found["ไหม"] == ["P-0", "P-2", "P-3"]
    # and are the words of each product's texts, segmented one text at a time
    entries = {row[2]: row for row in imported if row[0] == "product"}
    assert sorted(entries) == ["P-0", "P-1", "P-2", "P-3", "P-4"]
    for product in Product.objects.filter(code__in=entries).select_related("producer_group"):
        names = [product.code, product.name_en, product.name_th, product.name_dz]
        area, area_names = product.area, []
        while area is not None:
            area_names += [area.name_en, area.name_th, area.name_dz]
            area = area.parent
        group = product.producer_group
        body = [
            product.description_en,
            product.description_th,
            product.description_dz,
            group.name_en,
            group.name_th,
            group.name_dz,
            *category_labels(product.category),
            *area_names,
        ]
        assert entries[product.code][6:9] == (
            index_words(names),
            index_words(body),
            index_parts([*names, *body]),
        )


def category_labels(category):
    """A category's name in each language: the index holds them, so that buyers find
    products by what they are."""
    labels = []
    for language in ("en", "th", "dz"):
        with translation.override(language):
            labels.append(str(Category(category).label))
    return labels


def test_reindexing_many_products_takes_the_queries_of_one(catalog):
    honey = Product.objects.get(code="HONEY").pk
    ids = list(Product.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as one:
        reindex(product_ids=[honey])
    with CaptureQueriesContext(connection) as many:
        reindex(product_ids=ids)
    assert len(ids) == 11
    assert len(many) == len(one)


# Full-text rows without their entry


def test_a_full_text_row_whose_entry_is_gone_is_no_result(catalog):
    """A flush leaves the full-text table: its rows with no entry behind them neither come
    back nor take a place from a result."""
    found = codes("rice", limit=3)
    SearchEntry.objects.filter(code__in=found[:2]).delete()  # the entries only, as a flush
    assert codes("rice", limit=1) == found[2:3]
    assert set(codes("rice", limit=20)).isdisjoint(found[:2])


def test_a_flushed_database_keeps_no_full_text_rows(catalog):
    from django.apps import apps

    from ogop.catalog.backends import FTS_TABLE
    from ogop.catalog.signals import database_migrated

    SearchEntry.objects.all().delete()  # what a flush does to the entries
    database_migrated(sender=apps.get_app_config("catalog"))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            assert cursor.fetchone() == (0,)
    else:  # the index is a column of the entries: it went with them
        assert not SearchEntry.objects.exists()
    ProductFactory(code="NEW", name_en="Rice cakes", name="Rice cakes")
    assert codes("rice") == ["NEW"]


def test_an_entry_deleted_after_its_candidates_were_read_is_left_out(catalog, monkeypatch):
    from ogop.catalog.backends import ID_BITS, Filters, SQLiteBackend

    honey = SearchEntry.objects.get(code="HONEY")
    chilli = SearchEntry.objects.get(code="CHILLI")
    gone = (1 << ID_BITS) - 1  # the id of no entry

    def candidates(self, members, expression, filters, limit):
        return (
            [(honey.pk, 2.0), (gone, 1.5), (chilli.pk, 1.0)]
            if members.startswith("{names}")
            else []
        )

    monkeypatch.setattr(SQLiteBackend, "_candidates", candidates)
    hits = SQLiteBackend().search([('{names} : "honey"*', '"honey"*')], Filters(), limit=20)
    assert [hit.code for hit in hits] == ["HONEY", "CHILLI"]


# Typos, by the length of the word typed


def test_a_changed_or_swapped_letter_is_a_typo_of_a_medium_word(catalog):
    assert codes("honry")[:1] == ["HONEY"]  # changed
    assert codes("hoeny")[:1] == ["HONEY"]  # swapped
    assert codes("candels")[:1] == ["CANDLE"]  # swapped, in a plural


def test_a_long_word_may_have_two_typos_a_medium_one_only_one(catalog):
    assert codes("beeswaxxes") == ["CANDLE"]  # beeswax: two letters more, a long word
    assert codes("hunney") == []  # honey: two letters away, a medium word


def tang_producers():
    return ProducerGroup.objects.get(name_en="Tang Producers")


def test_a_short_word_has_no_typos_and_matches_no_longer_word(catalog):
    ProductFactory(
        code="TEA", name_en="Tea", name="Tea", name_th="ชา", producer_group=tang_producers()
    )
    ProductFactory(
        code="BOWL", name_en="Bowl", name="Bowl", name_th="ชาม", producer_group=tang_producers()
    )
    assert codes("ชา") == ["TEA"]
    assert codes("tea") == ["TEA"]
    assert codes("bowl") == ["BOWL"]
    assert codes("tae") == []  # three letters: no typo of "tea"
    assert codes("rize")[:1] == ["RICE"]  # four letters: one typo
    assert codes("ri") == []  # two letters: not yet the start of a word
    assert "RICE" in codes("ric")  # three: the start of rice, as it is typed


def test_a_thai_vowel_or_tone_mark_typed_wrong_is_a_typo(catalog):
    assert codes("น้ำผื้ง") == ["HONEY"]  # ึ typed as ื
    assert codes("น้ำผึง") == ["HONEY"]  # the tone mark left out


def test_exact_matches_rank_before_typos(catalog):
    ProductFactory(
        code="MONEY",
        name_en="Money box",
        name="Money box",
        producer_group=tang_producers(),
    )
    assert codes("honey")[:1] == ["HONEY"]
    assert "MONEY" not in codes("honey")  # honey is a word of the index: no typo of it is tried
    assert codes("moeny") == ["MONEY"]


def test_did_you_mean_offers_a_query_that_finds_something(catalog):
    from ogop.catalog.search import did_you_mean

    assert codes("hunney") == []
    assert did_you_mean("hunney") == "honey"
    assert did_you_mean("honey") == ""  # it finds something as typed
    assert did_you_mean("qqqqqq") == ""


# Synonyms, categories and certifications


def test_shipped_synonyms_find_across_languages_and_spellings(catalog):
    assert codes("chili") == ["CHILLI"]
    assert codes("พริก") == ["CHILLI"]
    assert codes("ཨེ་མ") == ["CHILLI"]
    assert "HONEY" in codes("སྦྲང་རྩི")


def test_an_administrator_adds_synonyms(catalog):
    from ogop.catalog.models import Synonym

    assert codes("อัลมอนด์") == []
    Synonym.objects.create(words="Walnuts, อัลมอนด์, nut butter")
    assert codes("อัลมอนด์") == ["ENGLISH"]


def test_a_category_finds_its_products_in_three_languages(catalog):
    assert codes("textile") == ["SILK"]
    assert codes("textiles") == ["SILK"]
    assert codes("household") == ["CANDLE"]


def test_a_certification_is_found_and_followed(catalog):
    from ogop.products.models import Certification, CertificationKind

    walnut = Product.objects.get(code="ENGLISH")
    assert "ENGLISH" not in codes("organic")
    made = Certification.objects.create(
        product=walnut, kind=CertificationKind.ORGANIC, issuer="Bhutan Organic Board"
    )
    assert "ENGLISH" in codes("organic")
    assert "ENGLISH" in codes("อินทรีย์")
    assert codes("board") == ["ENGLISH"]
    made.delete()
    assert "ENGLISH" not in codes("organic")


def test_a_place_finds_its_products_in_thai_spelling(catalog):
    # Tang is a gewog of Bumthang; บุมทัง is how Thai buyers write it (a shipped synonym).
    assert "HONEY" in codes("Bumthang honey")
    assert "HONEY" in codes("น้ำผึ้ง บุมทัง")
    assert "RICE" not in codes("บุมทัง")


# Suggestions as the reader types


def test_suggest_endpoint_answers_the_first_results_or_what_was_meant(catalog, client):
    found = client.get("/api/v1/search/suggest", {"q": "waln"}).json()
    assert found == {
        "suggestions": [
            {"type": "product", "code": "ENGLISH", "name": "Walnut butter", "url": "/p/ENGLISH/"}
        ],
        "did_you_mean": "",
    }
    missed = client.get("/api/v1/search/suggest", {"q": "hunney"}).json()
    assert missed == {"suggestions": [], "did_you_mean": "honey"}
    assert client.get("/api/v1/search/suggest", {"q": "qqqxzz"}).json()["did_you_mean"] == ""


def test_suggestions_under_the_box_mark_whole_words(catalog, client):
    page = client.get("/search/suggest/", {"q": "waln"}).content.decode()
    assert "<mark>Walnut</mark> butter" in page
    page = client.get("/search/suggest/", {"q": "hunney"}).content.decode()
    assert "Did you mean:" in page
    assert "/search/?q=honey" in page


def test_a_name_in_thai_letters_is_found_inside_a_longer_thai_name(db):
    # The group's Thai name runs the place into the product: before the shipped names were
    # words of the dictionary, ข้าวแดงดอปชารี was cut ข้าว แด งด อป ชารี, and ดอปชารี
    # (Dopshari, typed as a Thai buyer spells it) found nothing.
    group = ProducerGroupFactory(
        code="DOPSHARI",
        name_en="Dopshari Red Rice Farmers' Group",
        name_th="กลุ่มเกษตรกรข้าวแดงดอปชารี",
        is_public=True,
    )
    ProductFactory(code="DOPRICE", name_en="Red rice", name_th="ข้าวแดง", producer_group=group)
    rebuild()
    assert [hit.code for hit in search("ดอปชารี")] == ["DOPSHARI", "DOPRICE"]
    assert search("กลุ่มเกษตรกรข้าวแดงดอปชารี")[0].code == "DOPSHARI"
    assert "DOPSHARI" in [hit.code for hit in search("dopshari")]


def test_migrating_writes_the_index_anew_only_when_its_words_have_changed(catalog, monkeypatch):
    entry = SearchEntry.objects.get(code="HONEY")
    call_command("migrate", verbosity=0)
    assert SearchEntry.objects.filter(pk=entry.pk).exists()  # the same words: left as it was

    monkeypatch.setattr(indexing, "SEGMENTATION_RULES", indexing.SEGMENTATION_RULES + 1)
    indexing.words_fingerprint.cache_clear()
    try:
        out = StringIO()
        with contextlib.redirect_stdout(out):
            call_command("migrate", verbosity=1)
        assert "Writing the search index anew" in out.getvalue()
        assert f"Search index written anew: {SearchEntry.objects.count()} entries" in out.getvalue()
        assert not SearchEntry.objects.filter(pk=entry.pk).exists()  # written anew
        assert codes("honey")[0] == "HONEY"
        call_command("migrate", verbosity=0)
        assert SearchEntry.objects.get(code="HONEY").pk != entry.pk
        rewritten = SearchEntry.objects.get(code="HONEY").pk
        call_command("migrate", verbosity=0)
        assert SearchEntry.objects.get(code="HONEY").pk == rewritten
    finally:
        indexing.words_fingerprint.cache_clear()


def test_a_word_with_a_digit_has_no_typos(catalog):
    ProductFactory(code="LOT", name_en="Honey lot 2017", name="Honey lot 2017")
    rebuild()
    assert "LOT" in codes("2017")
    assert "LOT" not in codes("2018")  # another year, not a typo of this one
    assert "LOT" not in codes("2071")
    assert indexing.typos_allowed("p001052") == 0
    assert indexing.typos_allowed("pottery") == 1
    # Only the word itself is remembered: no variants to look typos up in.
    assert indexing.variants("2017", indexing._term_edits("2017")) == {"2017"}
