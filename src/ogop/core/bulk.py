"""Many new rows inserted at once, for a fraction of the cost of QuerySet.bulk_create.

bulk_create compiles each value of each row through the insert compiler, and on SQLite
sends statements of a few dozen rows each: at 100,000 products of forty columns, most of an
import's time. `insert` writes the statement once and runs it for every row (executemany);
on PostgreSQL it streams the rows to COPY, the database's own bulk path.
Each value is prepared as bulk_create prepares it: through the field's `pre_save` where the
field has its own (files, dates), and through `get_db_prep_save` unless it is already what
the database takes (text, whole numbers, booleans or nothing, in a plain text, number,
boolean or foreign key column). One difference: the rows of one insert are stamped with one
time (`auto_now`, `auto_now_add`), where bulk_create asks the clock again for each.

The database does not return the keys of rows inserted by executemany: where the caller
needs them, they are read back by a column unique among the rows (`keys_by`, `among`).
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any, TypeVar

from django.db import connection, connections, models, router
from django.db.models.expressions import BaseExpression

T = TypeVar("T")
LARGE_PAGE_CACHE_KIB = 64 * 1024
PREPARED_VALUES = 1000  # the dates or times of a column remembered prepared, at most
# The values a column takes as they are, by the kind of field (a foreign key: its target's).
PLAIN_VALUES: list[tuple[type, frozenset[type]]] = [
    (models.CharField, frozenset({str, type(None)})),
    (models.TextField, frozenset({str, type(None)})),
    (models.BooleanField, frozenset({bool, type(None)})),
    (models.IntegerField, frozenset({int, type(None)})),  # not bool: a type of its own
]


def chunks(values: Sequence[T], size: int = 1000) -> list[list[T]]:
    """The values in lists of at most `size`: the most one statement takes (a database
    limits the parameters of one statement and the depth of its expressions)."""
    return [list(values[start : start + size]) for start in range(0, len(values), size)]


def _plain_values(field: Any) -> frozenset[type]:
    if isinstance(field, models.ForeignKey):
        return _plain_values(field.target_field)
    return next((kinds for kind, kinds in PLAIN_VALUES if isinstance(field, kind)), frozenset())


def _stamped_on_insert(field: Any) -> bool:
    """Whether the field takes the time of the write (auto_now, auto_now_add)."""
    return isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)


def _row_reader(fields: Sequence[Any], connection: Any) -> Callable[[Any], list[Any]]:
    """How each object of one insert becomes the values the database takes for these fields,
    in their order.

    The attributes are read all at once. A field with a `pre_save` of its own is read through
    it, except that a field stamped with the time of the write takes one time for the whole
    insert, as its rows are written at once. A value that is not one the column takes as it
    is goes through `get_db_prep_save`; a date, or a date and time, is prepared once for each
    value, since the rows of an insert share few (the same stamp, the same day)."""
    attnames = [field.attname for field in fields]
    read_all = (
        attrgetter(*attnames) if len(attnames) > 1 else lambda obj: (getattr(obj, *attnames),)
    )
    stamps: dict[int, Any] = {}
    stamped = [index for index, field in enumerate(fields) if _stamped_on_insert(field)]
    pre_saved = [
        (index, field.pre_save)
        for index, field in enumerate(fields)
        if type(field).pre_save is not models.Field.pre_save and index not in stamped
    ]
    plain = [_plain_values(field) for field in fields]
    prepare = [field.get_db_prep_save for field in fields]
    prepared: list[dict[Any, Any] | None] = [
        {} if isinstance(field, models.DateField) else None for field in fields
    ]
    columns = range(len(fields))

    def read(obj: Any) -> list[Any]:
        for index in stamped:
            if index in stamps:
                setattr(obj, attnames[index], stamps[index])
            else:
                stamps[index] = fields[index].pre_save(obj, True)
        values = list(read_all(obj))
        for index, pre_save in pre_saved:
            values[index] = pre_save(obj, True)
        for index in columns:
            value = values[index]
            if type(value) in plain[index]:
                continue
            if isinstance(value, BaseExpression):
                raise TypeError(
                    f"{fields[index]} holds an expression, which insert() does not write"
                )
            if (seen := prepared[index]) is None:
                values[index] = prepare[index](value, connection)
                continue
            # Equal datetimes can be different times: the same wall time in an hour that a
            # clock change repeats, told apart by `fold` only.
            key = (value, getattr(value, "fold", 0))
            if (found := seen.get(key, seen)) is not seen:
                values[index] = found
            else:
                values[index] = seen[key] = prepare[index](value, connection)
                if len(seen) == PREPARED_VALUES:  # few are shared: prepare each on its own
                    prepared[index] = None
        return values

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
    read = _row_reader(fields, connection)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL's own bulk path, through psycopg: rows streamed to COPY, 3-4 times
            # faster than one INSERT a row (20,000 products: 0.6-0.8 s against 2.2-2.4 s).
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objs:
                    copy.write_row(read(obj))
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(objs), batch_size):
                chunk = objs[start : start + batch_size]
                cursor.executemany(sql, [read(obj) for obj in chunk])
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
