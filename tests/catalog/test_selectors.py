from ogop.catalog.models import EntryKind, SearchEntry
from ogop.catalog.selectors import (
    areas_with_public_counts,
    browse_entries,
    catalog_numbers,
    public_product_counts,
)
from ogop.places.models import Area
from tests.factories import ProducerGroupFactory, ProductFactory


def test_public_products_are_counted_under_each_area_above_them(db):
    tambon = Area.objects.get(code="840503")
    ProductFactory.create_batch(2, producer_group=ProducerGroupFactory(area=tambon))
    ProductFactory(producer_group=ProducerGroupFactory(area=tambon), is_public=False)
    ProductFactory(producer_group=ProducerGroupFactory(area=tambon, is_public=False))
    ProductFactory(area=Area.objects.get(code="BT-15-08"))

    assert public_product_counts(None) == {"84/": 2, "BT-15/": 1}
    assert public_product_counts(Area.objects.get(code="84")) == {"84/8405/": 2}
    assert public_product_counts(Area.objects.get(code="8405")) == {"84/8405/840503/": 2}
    assert public_product_counts(tambon) == {"84/8405/840503/": 2}  # its own: no child's


def test_areas_come_by_name_with_their_counts_and_zero_for_none(db):
    ProductFactory(area=Area.objects.get(code="BT-33-03"))
    dzongkhags = areas_with_public_counts(country="BT", parent=None)
    assert [a.name_en for a in dzongkhags] == sorted(a.name_en for a in dzongkhags)
    counts = {a.code: a.product_count for a in dzongkhags}
    assert counts["BT-33"] == 1
    assert sum(counts.values()) == 1
    assert {a.country for a in dzongkhags} == {"BT"}


def test_browsing_an_area_finds_its_subtree_and_no_area_whose_code_begins_alike(db):
    paths = {"IN": "55/", "DEEP": "55/5501/550101/", "LONGER": "550/", "NEXT": "56/"}
    for number, (code, path) in enumerate(paths.items()):
        SearchEntry.objects.create(
            kind=EntryKind.PRODUCT, object_id=number, code=code, name_en=code, area_path=path
        )
    assert {e.code for e in browse_entries(area_path="55/")} == {"IN", "DEEP"}
    assert {e.code for e in browse_entries(area_path="55/5501/")} == {"DEEP"}


def test_the_numbers_count_the_public_groups_that_show_a_public_product(db):
    for group in ProducerGroupFactory.create_batch(2):
        ProductFactory.create_batch(2, producer_group=group)
    ProducerGroupFactory()  # nothing to show
    ProductFactory(producer_group=ProducerGroupFactory(is_public=False))
    ProductFactory(producer_group=ProducerGroupFactory(), is_public=False)
    numbers = catalog_numbers()
    assert (numbers.products, numbers.groups, numbers.gewogs, numbers.dzongkhags) == (4, 2, 1, 1)
