"""Many new rows inserted at once, for a fraction of the cost of QuerySet.bulk_create.

bulk_create compiles each value of each row through the insert compiler, and on SQLite
sends statements of a few dozen rows each: at 100,000 products of forty columns, most of an
import's time. `insert` writes the statement once and runs it for every row (executemany).
Each value is prepared as bulk_create prepares it: through the field's `pre_save` where the
field has its own (dates set on save, files), and through `get_db_prep_save` unless it is
already what the database takes (text, whole numbers, booleans or nothing, in a plain text,
number, boolean or foreign key column).

The database does not return the keys of rows inserted by executemany: where the caller
needs them, they are read back by a column unique among the rows (`keys_by`, `among`).
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, connections, models, router
from django.db.models.expressions import BaseExpression

LARGE_PAGE_CACHE_KIB = 64 * 1024
# The values a column takes as they are, by the kind of field (a foreign key: its target's).
PLAIN_VALUES: list[tuple[type, frozenset[type]]] = [
    (models.CharField, frozenset({str, type(None)})),
    (models.TextField, frozenset({str, type(None)})),
    (models.BooleanField, frozenset({bool, type(None)})),
    (models.IntegerField, frozenset({int, type(None)})),  # not bool: a type of its own
]


def _plain_values(field: Any) -> frozenset[type]:
    if isinstance(field, models.ForeignKey):
        return _plain_values(field.target_field)
    return next((kinds for kind, kinds in PLAIN_VALUES if isinstance(field, kind)), frozenset())


def _reader(field: Any, connection: Any) -> Callable[[Any], Any]:
    """How the value of the field an object holds becomes the value the database takes."""
    own_pre_save = type(field).pre_save is not models.Field.pre_save
    plain = _plain_values(field)
    attname = field.attname
    prepare = field.get_db_prep_save

    def read(obj: Any) -> Any:
        value = field.pre_save(obj, True) if own_pre_save else getattr(obj, attname)
        if type(value) in plain:
            return value
        if isinstance(value, BaseExpression):
            raise TypeError(f"{field} holds an expression, which insert() does not write")
        return prepare(value, connection)

    return read


def insert(
    model: Any,
    objs: Sequence[Any],
    *,
    batch_size: int = 1000,
    keys_by: str = "",
    among: dict[str, Any] | None = None,
) -> None:
    """Insert new rows for these unsaved objects of the model (or objects that hold the values
    of its fields by attribute name), whose key the database gives. Related rows are given by
    their ids (`group_id`), as they are stored.

    With `keys_by`, give the objects their keys (and mark them saved), read back by that
    column, unique among the model's rows (or among those that `among` filters)."""
    if not objs:
        return
    if model._meta.parents:
        raise ValueError(f"insert() does not write {model.__name__}, a child of another model")
    pk = model._meta.pk.attname
    if any(getattr(obj, pk, None) is not None for obj in objs):
        raise ValueError("insert() writes new rows only, whose key the database gives")
    db = router.db_for_write(model)
    connection = connections[db]
    meta = model._meta
    fields = [
        field
        for field in meta.concrete_fields
        if not field.generated and not (field.primary_key and field.db_returning)
    ]
    readers = [_reader(field, connection) for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start : start + batch_size]
            cursor.executemany(sql, [[read(obj) for read in readers] for obj in chunk])
    if keys_by:
        _read_keys(model, objs, keys_by, among or {}, batch_size)
        for obj in objs:
            if state := getattr(obj, "_state", None):
                state.adding = False
                state.db = db


def _read_keys(
    model: Any, objs: Sequence[Any], column: str, among: dict[str, Any], batch_size: int
) -> None:
    rows = model._default_manager.filter(**among)
    for start in range(0, len(objs), batch_size):
        chunk = objs[start : start + batch_size]
        values = [getattr(obj, column) for obj in chunk]
        found = list(rows.filter(**{f"{column}__in": values}).values_list(column, "pk"))
        keys = dict(found)
        if len(keys) != len(found) or len(keys) != len(set(values)):
            raise ValueError(
                f"{model.__name__}.{column} does not tell the inserted rows apart: "
                f"{len(found)} rows for {len(set(values))} values"
            )
        for obj in chunk:
            obj.pk = keys[getattr(obj, column)]


@contextmanager
def large_page_cache(kib: int = LARGE_PAGE_CACHE_KIB) -> Iterator[None]:
    """On SQLite, a page cache of 64 MB for the time of a large write, instead of 2 MB: a write
    of 100,000 rows to a table's many indexes in a large database otherwise reads the same
    pages again and again (an import of that size took 5% less time). Other databases size
    their own caches."""
    if kib <= 0:
        raise ValueError(f"a page cache of {kib} KiB")
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
