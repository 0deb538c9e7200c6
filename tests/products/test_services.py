import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from ogop.catalog.models import SearchEntry
from ogop.catalog.search import search
from ogop.core.imports import ImportRejected
from ogop.places.models import Area
from ogop.products.models import Product
from ogop.products.services import product_create, product_update, products_import
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row, xlsx_bytes


@pytest.fixture
def group_a(gewog):
    return ProducerGroupFactory(code="PG-A", area=gewog)


def test_create_records_who_made_the_product(officer, group):
    product = product_create(
        user=officer,
        code="P-1",
        name_en="Honey",
        category="food",
        producer_group=group,
        area=group.area,
        currency="BTN",
    )
    assert product.history.get().history_user == officer


def test_a_producer_creates_products_for_its_own_groups_only(producer, group, other_group):
    fields = {"name_en": "Honey", "category": "food", "currency": "BTN"}
    own = product_create(
        user=producer, code="P-OWN", producer_group=group, area=group.area, **fields
    )
    assert own.producer_group == group
    with pytest.raises(PermissionDenied):
        product_create(
            user=producer,
            code="P-OTHER",
            producer_group=other_group,
            area=other_group.area,
            **fields,
        )
    assert not Product.objects.filter(code="P-OTHER").exists()


def test_negative_price_is_refused_and_nothing_is_written(officer, group):
    with pytest.raises(ValidationError) as caught:
        product_create(
            user=officer,
            code="P-NEG",
            name_en="Negative",
            category="food",
            producer_group=group,
            area=group.area,
            price=Decimal("-1"),
        )
    assert "price" in caught.value.message_dict
    assert not Product.objects.filter(code="P-NEG").exists()


def test_a_product_belongs_to_a_gewog_not_a_dzongkhag(officer, group):
    with pytest.raises(ValidationError) as caught:
        product_create(
            user=officer,
            code="P-DZ",
            name_en="Too wide",
            category="food",
            producer_group=group,
            area=Area.objects.get(code="BT-33"),
        )
    assert "area" in caught.value.message_dict


def test_a_gewog_has_one_flagship_product(officer, group):
    ProductFactory(producer_group=group, is_flagship=True)
    with pytest.raises(ValidationError):
        product_create(
            user=officer,
            code="P-F2",
            name_en="Second flagship",
            category="food",
            producer_group=group,
            area=group.area,
            is_flagship=True,
        )
    assert not Product.objects.filter(code="P-F2").exists()


def test_update_with_photo_stores_a_re_encoded_photo(officer, product):
    from tests.core_images import png_bytes

    photo = ContentFile(png_bytes(), name="front.png")
    product_update(product=product, user=officer, name_th="น้ำผึ้ง", photo=photo)
    product.refresh_from_db()
    assert product.name_th == "น้ำผึ้ง"
    assert product.photos.count() == 1
    stored = product.photos.get()
    for name in (stored.image.name, stored.thumbnail.name):
        assert re.fullmatch(r"products/[A-Za-z0-9_-]{32}\.(png|jpg)", name)
        assert product.code not in name
        assert "front" not in name


def test_good_products_file_imports_every_row(officer, group_a):
    data = csv_bytes(
        PRODUCT_HEADER,
        [
            product_row("P-A", name_th="น้ำผึ้งป่า", price="๑,๒๕๐.๕๐", flagship="ใช่"),
            product_row("P-B", area_code="BT-15-08", public="yes", stage="market_ready"),
        ],
    )
    summary = products_import(data=data, user=officer)
    assert (summary.created, summary.updated) == (2, 0)
    a, b = Product.objects.get(code="P-A"), Product.objects.get(code="P-B")
    assert (a.price, a.currency, a.is_flagship, a.area.code) == (
        Decimal("1250.50"),
        "BTN",
        True,
        "BT-33-03",
    )
    assert (b.area.code, b.is_public, b.stage_id, b.is_flagship) == (
        "BT-15-08",
        True,
        "market_ready",
        False,
    )


def test_thai_product_defaults_to_baht(officer):
    thai_group = ProducerGroupFactory(code="PG-TH", area=Area.objects.get(code="840503"))
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-TH", producer_code=thai_group.code)])
    products_import(data=data, user=officer)
    assert Product.objects.get(code="P-TH").currency == "THB"


def test_reimporting_the_same_products_file_duplicates_nothing(officer, group_a):
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-A"), product_row("P-B")])
    products_import(data=data, user=officer)
    again = products_import(data=data, user=officer)
    assert (again.created, again.updated) == (0, 0)
    assert Product.objects.count() == 2


def test_every_kind_of_bad_row_is_reported_and_nothing_written(officer, group_a):
    data = csv_bytes(
        PRODUCT_HEADER,
        [
            product_row("P-OK"),
            product_row("P-1", category="cars"),
            product_row("P-2", price="-5"),
            product_row("P-3", price="cheap"),
            product_row("P-4", producer_code="PG-NONE"),
            product_row("P-5", area_code="BT-99-99"),
            product_row("P-6", currency="EUR"),
            product_row("P-7", flagship="perhaps"),
            product_row("P-8", stage="sold"),
            product_row("P-OK"),
            product_row("P 9"),
            product_row("P-10", area_code="BT-33"),
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        products_import(data=data, user=officer)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "category"),
        (4, "price"),
        (5, "price"),
        (6, "producer_code"),
        (7, "area_code"),
        (8, "currency"),
        (9, "flagship"),
        (10, "stage"),
        (11, "code"),
        (12, "code"),
        (13, "area_code"),
    ]
    assert Product.objects.count() == 0


def test_two_flagships_for_one_gewog_are_refused(officer, group_a):
    data = csv_bytes(
        PRODUCT_HEADER,
        [product_row("P-A", flagship="yes"), product_row("P-B", flagship="true")],
    )
    with pytest.raises(ImportRejected) as caught:
        products_import(data=data, user=officer)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "flagship")]
    assert "P-A" in caught.value.errors[0].message


def test_a_file_can_move_the_flagship_from_one_product_to_another(officer, group_a):
    ProductFactory(code="P-OLD", producer_group=group_a, is_flagship=True)
    data = csv_bytes(
        PRODUCT_HEADER,
        [product_row("P-OLD", flagship="no"), product_row("P-NEW", flagship="yes")],
    )
    products_import(data=data, user=officer)
    assert list(Product.objects.filter(is_flagship=True).values_list("code", flat=True)) == [
        "P-NEW"
    ]


def test_flagship_already_stored_in_the_gewog_is_counted(officer, group_a):
    ProductFactory(code="P-OLD", producer_group=group_a, is_flagship=True)
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-NEW", flagship="yes")])
    with pytest.raises(ImportRejected) as caught:
        products_import(data=data, user=officer)
    assert "P-OLD" in caught.value.errors[0].message


def test_xlsx_products_file_with_numeric_cells(officer, group_a):
    data = xlsx_bytes(PRODUCT_HEADER, [product_row("P-X", price=1250.5, public=True)])
    products_import(data=data, user=officer)
    product = Product.objects.get(code="P-X")
    assert (product.price, product.is_public) == (Decimal("1250.50"), True)


def test_a_photo_gets_a_small_thumbnail(officer, product):
    from PIL import Image

    from ogop.core.images import THUMBNAIL_SIDE
    from tests.core_images import png_bytes

    product_update(
        product=product, user=officer, photo=ContentFile(png_bytes((2000, 1000)), name="big.png")
    )
    photo = product.photos.get()
    with Image.open(photo.thumbnail) as small:
        assert max(small.size) == THUMBNAIL_SIDE
        assert small.format == "JPEG"


def test_every_imported_product_records_its_creation_by_the_importer(officer, group_a):
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-A"), product_row("P-B", name_th="ชาเขียว")])
    products_import(data=data, user=officer)
    records = Product.history.order_by("code")
    assert [
        (r.code, r.name_th, r.history_type, r.history_user, r.history_change_reason)
        for r in records
    ] == [
        ("P-A", None, "+", officer, "import"),
        ("P-B", "ชาเขียว", "+", officer, "import"),
    ]


def test_a_product_changed_by_an_import_records_its_new_texts_in_its_history(officer, group_a):
    products_import(data=csv_bytes(PRODUCT_HEADER, [product_row("P-A")]), user=officer)
    changed = product_row(
        "P-A", name_en="Wild honey", name_th="น้ำผึ้งป่า", description_en="Raw.", public="yes"
    )
    products_import(data=csv_bytes(PRODUCT_HEADER, [changed]), user=officer)
    records = Product.history.filter(code="P-A").order_by("history_id")
    assert list(
        records.values_list(
            "history_type", "history_user", "name", "name_en", "name_th", "description", "is_public"
        )
    ) == [
        ("+", officer.pk, "Product P-A", "Product P-A", None, "", False),
        ("~", officer.pk, "Wild honey", "Wild honey", "น้ำผึ้งป่า", "Raw.", True),
    ]


def test_an_imported_product_is_found_by_the_names_of_its_gewog_and_dzongkhag(officer, gewog):
    ProducerGroupFactory(code="PG-A", area=gewog, is_public=True)
    rows = [product_row("P-A", public="yes"), product_row("P-B", public="yes", name_en="Rice")]
    products_import(data=csv_bytes(PRODUCT_HEADER, rows), user=officer)
    for query in ["Tang", "Bumthang", "བུམ་ཐང་"]:
        assert sorted(hit.code for hit in search(query, kind="product")) == ["P-A", "P-B"], query


def test_imported_public_products_are_indexed_and_a_rejected_file_indexes_nothing(officer, group_a):
    good = csv_bytes(
        PRODUCT_HEADER, [product_row("P-A", public="yes"), product_row("P-B", public="no")]
    )
    products_import(data=good, user=officer)
    assert list(SearchEntry.objects.filter(kind="product").values_list("code", flat=True)) == [
        "P-A"
    ]
    bad = csv_bytes(
        PRODUCT_HEADER, [product_row("P-C", public="yes"), product_row("P-D", price="-1")]
    )
    with pytest.raises(ImportRejected):
        products_import(data=bad, user=officer)
    assert list(SearchEntry.objects.filter(kind="product").values_list("code", flat=True)) == [
        "P-A"
    ]
    assert Product.history.count() == 2


def test_an_import_sets_no_stage_for_a_role_that_may_not_set_it(producer, group_a):
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-S", stage="exported")])
    with pytest.raises(ImportRejected, match="stage"):
        products_import(data=data, user=producer)
    assert not Product.objects.filter(code="P-S").exists()


def test_an_import_by_an_officer_sets_the_stage(officer, group_a):
    data = csv_bytes(PRODUCT_HEADER, [product_row("P-S", stage="exported")])
    products_import(data=data, user=officer)
    assert Product.objects.get(code="P-S").stage_id == "exported"
