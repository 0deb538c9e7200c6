"""The full-text index of the search entries, in the database's own engine.

SQLite: an FTS5 table whose rows are the entries' ids. PostgreSQL: a tsvector column with a
GIN index. Both index the words catalog.segmentation prepared (no stemming or splitting of
their own), so both answer a query the same way. Names weigh more than the story: a result
whose names match ranks above one that matches only in its story.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import get_language

from ogop.catalog.models import SearchEntry
from ogop.catalog.segmentation import Unit

FTS_TABLE = "catalog_search_fts"
MAX_POSITION = 16_383  # PostgreSQL's largest word position


@dataclass(frozen=True)
class Hit:
    kind: str
    code: str
    name: str
    score: float
    entry_id: int


@dataclass(frozen=True)
class Filters:
    category: str = ""
    area_path: str = ""
    min_stars: int = 0
    kind: str = ""


def _alternatives(unit: Unit, typos: dict[str, list[str]]) -> list[tuple[tuple[str, ...], bool]]:
    """Ways a unit may match: (words in a row, whether the last is a word's start)."""
    options: list[tuple[tuple[str, ...], bool]] = [(unit.words, True)]
    if unit.script == "thai" and (len(unit.words) > 1 or unit.words[0] != unit.whole):
        options.append(((unit.whole,), True))
    for term in typos.get(unit.words[0], []) if unit.script == "other" else []:
        options.append(((term,), False))
    return options


class SQLiteBackend:
    @staticmethod
    def _phrase(words: Sequence[str], prefix: bool) -> str:
        quoted = '"' + " ".join(word.replace('"', '""') for word in words) + '"'
        return quoted + ("*" if prefix else "")

    def match(self, units: list[Unit], typos: dict[str, list[str]]) -> str:
        return " AND ".join(
            "(" + " OR ".join(self._phrase(w, p) for w, p in _alternatives(u, typos)) + ")"
            for u in units
        )

    def write(self, entries: Sequence[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, names, body, parts) VALUES (%s, %s, %s, %s)",
                [(e.pk, e.names, e.body, e.parts) for e in entries],
            )

    def delete(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def search(self, expression: str, filters: Filters, limit: int) -> list[Hit]:
        where, params = _filter_sql(filters)
        # Two tiers: matches in the names first, then matches in the story only.
        sql = f"""
            SELECT e.id, e.kind, e.code, e.name_en, e.name_th, e.name_dz,
                   -bm25({FTS_TABLE}, 10.0, 1.0, 2.0) AS score,
                   CASE WHEN f.rowid IN (
                       SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
                   ) THEN 0 ELSE 1 END AS tier
            FROM {FTS_TABLE} AS f JOIN catalog_searchentry AS e ON e.id = f.rowid
            WHERE {FTS_TABLE} MATCH %s {where}
            ORDER BY tier, e.is_flagship DESC, e.stars DESC, score DESC, e.name_en, e.id
            LIMIT %s
        """
        names_only = "{names} : (" + expression + ")"
        with connection.cursor() as cursor:
            cursor.execute(sql, [names_only, expression, *params, limit])
            return [_hit(row) for row in cursor.fetchall()]


class PostgresBackend:
    @staticmethod
    def _lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    def _phrase(self, words: Sequence[str], prefix: bool, weight: str) -> str:
        parts = [self._lexeme(word) + (":" + weight if weight else "") for word in words]
        if prefix:
            parts[-1] = self._lexeme(words[-1]) + ":*" + weight
        return "(" + " <-> ".join(parts) + ")"

    def match(self, units: list[Unit], typos: dict[str, list[str]], weight: str = "") -> str:
        return " & ".join(
            "(" + " | ".join(self._phrase(w, p, weight) for w, p in _alternatives(u, typos)) + ")"
            for u in units
        )

    @staticmethod
    def _vector(entry: SearchEntry) -> str:
        positions: dict[str, list[str]] = {}
        position = 0
        for text, weight in ((entry.names, "A"), (entry.body, "B"), (entry.parts, "C")):
            for word in text.split():
                position = min(position + 1, MAX_POSITION)
                positions.setdefault(word, []).append(f"{position}{weight}")
        return " ".join(
            PostgresBackend._lexeme(word) + ":" + ",".join(marks[:256])
            for word, marks in positions.items()
        )

    def write(self, entries: Sequence[SearchEntry]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE catalog_searchentry SET search_vector = %s::tsvector WHERE id = %s",
                [(self._vector(e), e.pk) for e in entries],
            )

    def delete(self, ids: Sequence[int]) -> None:
        """The vector goes with its row."""

    def clear(self) -> None:
        """The vectors go with their rows."""

    def search(
        self, expression: str, filters: Filters, limit: int, names_only: str = ""
    ) -> list[Hit]:
        where, params = _filter_sql(filters)
        sql = f"""
            SELECT e.id, e.kind, e.code, e.name_en, e.name_th, e.name_dz,
                   ts_rank(e.search_vector, q.query) AS score,
                   CASE WHEN e.search_vector @@ q.names_query THEN 0 ELSE 1 END AS tier
            FROM catalog_searchentry AS e,
                 (SELECT %s::tsquery AS query, %s::tsquery AS names_query) AS q
            WHERE e.search_vector @@ q.query {where}
            ORDER BY tier, e.is_flagship DESC, e.stars DESC, score DESC, e.name_en, e.id
            LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, names_only, *params, limit])
            return [_hit(row) for row in cursor.fetchall()]


def _filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.kind:
        clauses.append("e.kind = %s")
        params.append(filters.kind)
    if filters.category:
        clauses.append("e.category = %s")
        params.append(filters.category)
    if filters.area_path:
        # An area's stored path: codes and slashes only, no LIKE wildcards.
        clauses.append("e.area_path LIKE %s")
        params.append(filters.area_path + "%")
    if filters.min_stars:
        clauses.append("e.stars >= %s")
        params.append(filters.min_stars)
    return "".join(" AND " + clause for clause in clauses), params


def _hit(row: Sequence[Any]) -> Hit:
    entry_id, kind, code, name_en, name_th, name_dz, score, _tier = row
    names = {"th": name_th, "dz": name_dz}
    name = names.get((get_language() or "en")[:2]) or name_en
    return Hit(
        kind=kind, code=code, name=name, score=round(float(score or 0), 6), entry_id=entry_id
    )


def backend() -> SQLiteBackend | PostgresBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
