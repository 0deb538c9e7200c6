"""Many new rows at once: insert() writes what bulk_create writes, gives keys back on request,
refuses rows that exist; large_page_cache() sizes SQLite's page cache for a block only."""

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ogop.accounts.models import ApiToken
from ogop.catalog.models import EntryKind, SearchEntry
from ogop.core.bulk import insert, large_page_cache
from ogop.places.models import Area
from ogop.products.models import Category, Product, Stage, StageChange
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory

TIMESTAMPS = {"created_at", "updated_at"}


def stored_rows(model: Any, where: str, params: list[Any], leave_out: set[str]) -> list[tuple]:
    """The rows of the model's table as the database holds them, column by column, read past
    the model's manager (whose translated fields would read another column than asked for)."""
    columns = [
        field.column
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in leave_out
    ]
    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} ORDER BY {}".format(
        ", ".join(quote(column) for column in columns),
        quote(model._meta.db_table),
        where,
        quote("code"),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def products_by_prefix(prefix: str) -> list[tuple]:
    """The stored values of the products whose code starts with the prefix, in code order,
    without their code, key and timestamps."""
    return stored_rows(
        Product,
        f"{connection.ops.quote_name('code')} LIKE %s",
        [f"{prefix}%"],
        leave_out={"id", "code"} | TIMESTAMPS,
    )


def mixed_products(prefix: str, group: Any, other_area: Area) -> list[Product]:
    """Unsaved products with values of every kind a product holds: text in three scripts,
    prices and nothing, both yes and no, keys to other tables, a choice."""
    build = ProductFactory.build
    return [
        build(
            code=f"{prefix}-1",
            name_en="Red rice",
            name="Red rice",
            name_th="ข้าวแดง",
            name_dz="འབྲས་དམརཔོ།",
            description_en="Grown in terraces.",
            description_th=None,
            category=Category.FOOD,
            producer_group=group,
            area=group.area,
            price=Decimal("1234.50"),
            currency="BTN",
            unit="1 kg bag",
            stage=Stage.MARKET_READY,
            stars=4,
            is_public=True,
            is_illustrative=False,
        ),
        build(
            code=f"{prefix}-2",
            name_en="Ara",
            name="Ara",
            name_th="เหล้าอารา",
            name_dz="ཨ་རག",
            category=Category.BEVERAGE,
            producer_group=group,
            area=other_area,
            price=None,
            currency="THB",
            unit="",
            stage=Stage.IDEA,
            stars=None,
            is_public=False,
            is_illustrative=True,
        ),
        build(
            code=f"{prefix}-3",
            name_en="Yathra",
            name="Yathra",
            name_th=None,
            name_dz="ཡ་ཐར།",
            description_dz="བུམ་ཐང་།",
            category=Category.TEXTILE,
            producer_group=group,
            area=group.area,
            price=Decimal("0.05"),
            stage=Stage.PROTOTYPE,
            is_public=True,
            is_illustrative=True,
        ),
    ]


def test_insert_writes_the_rows_bulk_create_writes(db: None) -> None:
    """The same products, one set written by bulk_create and the other by insert, are stored
    with the same values in every column, and insert sets the timestamps too."""
    group = ProducerGroupFactory()
    other_area = Area.objects.get(code="BT-15-08")
    Product.objects.bulk_create(mixed_products("BC", group, other_area))
    before = timezone.now()
    inserted = mixed_products("IN", group, other_area)
    insert(Product, inserted, keys_by="code")
    after = timezone.now()

    written_by_bulk_create = products_by_prefix("BC")
    assert len(written_by_bulk_create) == 3
    assert products_by_prefix("IN") == written_by_bulk_create
    timestamps = Product.objects.filter(code__startswith="IN").values_list(*sorted(TIMESTAMPS))
    assert len(timestamps) == 3
    for created_at, updated_at in timestamps:
        assert before <= created_at <= after
        assert before <= updated_at <= after


def test_insert_stores_each_value_as_given(db: None) -> None:
    """Read back through the model, an inserted product holds the values it was built with."""
    group = ProducerGroupFactory()
    other_area = Area.objects.get(code="BT-15-08")
    insert(Product, mixed_products("IN", group, other_area), keys_by="code")

    ara = Product.objects.get(code="IN-2")
    assert (ara.name_en, ara.name_th, ara.name_dz) == ("Ara", "เหล้าอารา", "ཨ་རག")
    assert ara.category == Category.BEVERAGE
    assert (ara.price, ara.stars) == (None, None)
    assert (ara.is_public, ara.is_illustrative) == (False, True)
    assert (ara.producer_group_id, ara.area_id) == (group.pk, other_area.pk)
    rice = Product.objects.get(code="IN-1")
    assert rice.price == Decimal("1234.50")
    assert rice.name_dz == "འབྲས་དམརཔོ།"
    assert rice.stage_id == Stage.MARKET_READY


def test_keys_by_gives_each_object_the_key_of_its_own_row(db: None) -> None:
    """After an insert by code, each object has the key the database gave its row."""
    ProductFactory.create_batch(2)  # rows before, so that keys do not start at 1
    group = ProducerGroupFactory()
    objs = [ProductFactory.build(code=f"K-{n}", producer_group=group) for n in range(5)]
    insert(Product, objs, keys_by="code", batch_size=2)

    stored = dict(Product.objects.filter(code__startswith="K-").values_list("code", "pk"))
    assert len(stored) == 5
    assert {obj.code: obj.pk for obj in objs} == stored
    assert all(not obj._state.adding for obj in objs)


def test_among_limits_the_rows_keys_are_read_from(db: None) -> None:
    """Keys read back by a column that is unique only within a kind come from that kind's rows:
    the row of another kind with the same value is not even read (where rows are read in the
    order they were written, the new row would come last and hide a read of too many)."""
    entry = {"code": "P-1", "name_en": "Rice", "names": "rice", "body": "", "area_path": "/"}
    group_entry = SearchEntry.objects.create(kind=EntryKind.PRODUCER_GROUP, object_id=7, **entry)
    product_entry = SearchEntry(kind=EntryKind.PRODUCT, object_id=7, **entry)
    with CaptureQueriesContext(connection) as queries:
        insert(SearchEntry, [product_entry], keys_by="object_id", among={"kind": EntryKind.PRODUCT})

    own_row = SearchEntry.objects.get(kind=EntryKind.PRODUCT, object_id=7)
    assert product_entry.pk == own_row.pk
    assert product_entry.pk != group_entry.pk
    read_back = queries.captured_queries[-1]["sql"]
    assert read_back.startswith("SELECT")
    assert f"'{EntryKind.PRODUCT.value}'" in read_back
    assert EntryKind.PRODUCER_GROUP.value not in read_back


def test_keys_read_back_by_a_column_that_does_not_tell_rows_apart_are_refused(db: None) -> None:
    entry = {"code": "P-1", "name_en": "Rice", "names": "rice", "body": "", "area_path": "/"}
    SearchEntry.objects.create(kind=EntryKind.PRODUCER_GROUP, object_id=7, **entry)
    product_entry = SearchEntry(kind=EntryKind.PRODUCT, object_id=7, **entry)
    with pytest.raises(ValueError, match="does not tell the inserted rows apart"):
        insert(SearchEntry, [product_entry], keys_by="object_id")


def test_a_value_of_another_type_than_its_column_is_converted_as_bulk_create_does(
    db: None,
) -> None:
    """True given for a number of stars, 1 for a yes or no: each column takes its own type."""
    group = ProducerGroupFactory()
    product = ProductFactory.build(code="T-1", producer_group=group, stars=True, is_public=1)
    insert(Product, [product], keys_by="code")
    stored = Product.objects.values("stars", "is_public").get(code="T-1")
    assert stored == {"stars": 1, "is_public": True}
    assert type(stored["stars"]) is int
    assert type(stored["is_public"]) is bool


def test_insert_refuses_objects_that_have_a_key_and_writes_nothing(db: None) -> None:
    existing = ProductFactory()
    group = ProducerGroupFactory()
    new = ProductFactory.build(code="NEW-1", producer_group=group)
    count = Product.objects.count()
    with pytest.raises(ValueError, match="new rows only"):
        insert(Product, [new, existing])
    assert Product.objects.count() == count
    assert not Product.objects.filter(code="NEW-1").exists()
    assert new.pk is None


def test_insert_of_nothing_asks_the_database_nothing(
    db: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        insert(Product, [])
        insert(Product, [], keys_by="code")


def test_insert_writes_history_rows_with_their_own_key(db: None) -> None:
    """A history row, whose table numbers its rows itself, is written with the values it holds
    and gets the next number."""
    product = ProductFactory(name_th="ข้าวแดง")
    historical = Product.history.model
    last_id = historical.objects.filter(id=product.pk).latest("history_id").history_id
    when = timezone.now() - dt.timedelta(days=1)
    values = {
        "id": product.pk,
        "created_at": product.created_at,
        "code": product.code,
        "name": "Red rice",
        "name_en": "Red rice",
        "name_th": "ข้าวแดง",
        "name_dz": None,
        "description": "",
        "category": Category.HERBAL,
        "price": Decimal("99.90"),
        "currency": "THB",
        "unit": "jar",
        "is_flagship": False,
        "is_public": True,
        "is_illustrative": False,
        "producer_group_id": product.producer_group_id,
        "area_id": product.area_id,
        "stage_id": Stage.CERTIFIED,
        "history_date": when,
        "history_change_reason": "import",
        "history_type": "~",
        "history_user_id": None,
    }
    row = historical(**values)
    insert(historical, [row])

    written = historical.objects.filter(id=product.pk).latest("history_id")
    assert written.history_id > last_id
    columns = [field.column for field in historical._meta.concrete_fields if not field.primary_key]
    (row_as_stored,) = stored_rows(
        historical,
        f"{connection.ops.quote_name('history_id')} = %s",
        [written.history_id],
        leave_out=set(),
    )
    stored = dict(zip(columns, row_as_stored, strict=True))
    assert stored["name_th"] == "ข้าวแดง"
    assert stored["name_dz"] is None
    assert stored["history_type"] == "~"
    assert stored["stage_id"] == Stage.CERTIFIED
    read_back = historical.objects.filter(history_id=written.history_id).values(*values)[0]
    assert read_back == values


def test_large_page_cache_sizes_sqlite_cache_for_the_block_only(
    db: None, django_assert_num_queries: Any
) -> None:
    """On SQLite the cache is the size asked for inside the block and the size it was after it,
    also when the block fails; other databases are asked nothing."""

    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    def fail_inside(kib: int, seen: list[Any], look: Any) -> None:
        with large_page_cache(kib=kib):
            seen.append(look())
            raise RuntimeError("failed")

    if connection.vendor != "sqlite":
        ran = []
        with django_assert_num_queries(0), large_page_cache(kib=12345):
            ran.append(True)
        with django_assert_num_queries(0), pytest.raises(RuntimeError, match="failed"):
            fail_inside(12345, ran, lambda: True)
        assert ran == [True, True]
        return

    original = cache_size()
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -777")  # not SQLite's own default
        with large_page_cache(kib=12345):
            assert cache_size() == -12345
        assert cache_size() == -777
        seen: list[Any] = []
        with pytest.raises(RuntimeError, match="failed"):
            fail_inside(23456, seen, cache_size)
        assert seen == [-23456]
        assert cache_size() == -777
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(original)}")


def test_one_insert_stamps_its_rows_with_one_time(db: None) -> None:
    """Rows written at once are written at one time: each object holds the time stored."""
    group = ProducerGroupFactory()
    objs = [ProductFactory.build(code=f"S-{n}", producer_group=group) for n in range(3)]
    before = timezone.now()
    insert(Product, objs, keys_by="code")
    stored = set(Product.objects.filter(code__startswith="S-").values_list(*sorted(TIMESTAMPS)))
    assert len(stored) == 1
    ((created_at, updated_at),) = stored
    assert before <= created_at <= updated_at <= timezone.now()
    assert {(obj.created_at, obj.updated_at) for obj in objs} == stored


def test_each_row_keeps_its_own_date_among_repeated_ones(db: None) -> None:
    """Dates are prepared once for each value: rows sharing a date and rows between them with
    another each store their own."""
    product = ProductFactory()
    days = [dt.date(2017, 12, 17), dt.date(2018, 1, 5), dt.date(2017, 12, 17), None]
    changes = [
        StageChange(product=product, to_stage_id=Stage.PROTOTYPE, moved_on=day or days[1])
        for day in days
    ]
    insert(StageChange, changes)
    stored = list(
        StageChange.objects.filter(product=product)
        .order_by("pk")
        .values_list("moved_on", flat=True)
    )
    assert stored == [days[0], days[1], days[0], days[1]]


def test_each_row_keeps_its_own_time_among_equal_looking_ones(db: None) -> None:
    """Times are prepared once for each value: the same time seen from two time zones is
    stored once, and the same wall time twice in the hour a clock change repeats, told
    apart only by `fold`, is stored as the two times it is."""
    london = ZoneInfo("Europe/London")
    first = dt.datetime(2024, 10, 27, 1, 30, tzinfo=london)  # 00:30 UTC, summer time
    second = first.replace(fold=1)  # 01:30 UTC, an hour later
    assert first == second  # Python compares them by their wall time
    same_in_bangkok = first.astimezone(ZoneInfo("Asia/Bangkok"))
    user = UserFactory()
    tokens = [
        ApiToken(user=user, name=str(n), prefix="p", key_hash=f"h{n}", last_used_at=when)
        for n, when in enumerate([first, second, same_in_bangkok, second])
    ]
    insert(ApiToken, tokens)
    stored = list(
        ApiToken.objects.filter(user=user).order_by("name").values_list("last_used_at", flat=True)
    )
    utc = [dt.datetime(2024, 10, 27, hour, 30, tzinfo=dt.UTC) for hour in (0, 1, 0, 1)]
    assert stored == utc
