"""The full-text index of the search entries, in the database's own engine.

SQLite: an FTS5 table whose rows are keyed by the entries' rank groups and ids (see
`fts_rowid`), with an index of word prefixes and no copy of the words. PostgreSQL: a tsvector
column with a GIN index. Both index the words catalog.segmentation prepared (no stemming or
splitting of their own), so both answer a query the same way. Names weigh more than the
story: a result whose names match ranks above one that matches only in its story.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.utils.translation import get_language

from ogop.catalog.models import SearchEntry
from ogop.core.bulk import chunks

FTS_TABLE = "catalog_search_fts"
ID_BITS = 32  # an entry's id, under its rank group, in its full-text row's key
MAX_STARS = 15  # the most stars a rank group tells apart
ID_MASK = (1 << ID_BITS) - 1


def rank_group(is_flagship: bool, stars: int) -> int:
    """Where an entry's facts put it in the results, before its words: flagships first, then
    more stars first (0 ranks first)."""
    return (0 if is_flagship else 1) * (MAX_STARS + 1) + MAX_STARS - min(stars, MAX_STARS)


def fts_rowid(entry: SearchEntry) -> int:
    """The key of an entry's full-text row: its rank group above its id. The table is kept in
    the order of its keys, so a query that walks it in that order meets the best-placed
    entries first, and can stop."""
    return _key(entry.pk, entry.is_flagship, entry.stars)


def _key(pk: int, is_flagship: bool, stars: int) -> int:
    if not 0 < pk < 1 << ID_BITS:
        raise ValueError(f"search entry id {pk} does not fit in {ID_BITS} bits")
    return rank_group(is_flagship, stars) << ID_BITS | pk


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


@dataclass(frozen=True)
class Phrase:
    """Index words in a row; with `prefix`, the last one also as the start of a word."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Either:
    """Any one of the options."""

    options: tuple["Node", ...]


@dataclass(frozen=True)
class Every:
    """All of the parts, anywhere in an entry."""

    parts: tuple["Node", ...]


Node = Phrase | Either | Every


@dataclass(frozen=True)
class Query:
    """What a query matches: `exact`, the words as typed (and their synonyms); `loose`, those
    or their typos and the parts of compounds anywhere. Exact matches rank first."""

    exact: Node
    loose: Node


class SearchBackend(Protocol):
    """What the catalog asks of a full-text engine: keep the index of the stored entries, and
    answer a query with the ranked hits."""

    def write(self, ids: Sequence[int]) -> None: ...

    def delete(self, entries: Sequence[SearchEntry]) -> None: ...

    def clear(self) -> None: ...

    def find(self, query: Query, filters: Filters, limit: int) -> list[Hit]:
        """The best `limit` entries matching the query, in the order of the tiers (exact in
        the names, exact, loose in the names, loose), then rank group and score."""
        ...


class SQLiteBackend:
    @staticmethod
    def _phrase(phrase: Phrase) -> str:
        quoted = '"' + " ".join(word.replace('"', '""') for word in phrase.words) + '"'
        return quoted + ("*" if phrase.prefix else "")

    def match(self, node: Node) -> str:
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Either):
            return "(" + " OR ".join(self.match(option) for option in node.options) + ")"
        return "(" + " AND ".join(self.match(part) for part in node.parts) + ")"

    def tiers(self, query: Query) -> list[tuple[str, str]]:
        """The members of each tier, as FTS5 expressions (each leaves out those before), with
        the expression its matches are scored by: the exact one, or the loose one."""
        exact, loose = self.match(query.exact), self.match(query.loose)
        names_exact, names_loose = "{names} : " + exact, "{names} : " + loose
        tiers = [(names_exact, exact), (f"{exact} NOT {names_exact}", exact)]
        if loose != exact:
            tiers += [
                (f"{names_loose} NOT {exact}", loose),
                (f"{loose} NOT ({exact} OR {names_loose})", loose),
            ]
        return tiers

    def find(self, query: Query, filters: Filters, limit: int) -> list[Hit]:
        return self.search(self.tiers(query), filters, limit)

    def write(self, ids: Sequence[int]) -> None:
        """Index these stored entries, in the order of their keys: a key below the one before
        makes FTS5 write out the words it holds in memory, and many small writes to merge
        cost more than the writing itself."""
        with connection.cursor() as cursor:
            keys = []
            for chunk in chunks(ids):
                cursor.execute(
                    "SELECT id, is_flagship, stars FROM catalog_searchentry WHERE id IN "
                    f"({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
                keys += [_key(pk, flag, stars) for pk, flag, stars in cursor]
            for chunk in chunks(sorted(keys)):
                cursor.execute(
                    "SELECT id, names, body, parts FROM catalog_searchentry WHERE id IN "
                    f"({', '.join(['%s'] * len(chunk))})",
                    [key & ID_MASK for key in chunk],
                )
                words = {pk: (names, body, parts) for pk, names, body, parts in cursor}
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, names, body, parts) VALUES (%s, %s, %s, %s)",
                    [(key, *words[key & ID_MASK]) for key in chunk],
                )

    def delete(self, entries: Sequence[SearchEntry]) -> None:
        """The table keeps no copy of the words (it reads none back): a row is taken out by
        giving the words it was written with, which its entry holds unchanged (an entry is
        replaced, never changed)."""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, names, body, parts) "
                "VALUES ('delete', %s, %s, %s, %s)",
                [(fts_rowid(e), e.names, e.body, e.parts) for e in entries],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")

    def search(self, tiers: list[tuple[str, str]], filters: Filters, limit: int) -> list[Hit]:
        """The ranking of one query over every match (tier, flagship, stars, score, name),
        worked out from the few best-placed matches.

        Tiers: exact matches in the names, exact matches in the story only, then loose ones
        (typos, parts of compounds) the same way. In each, the table's order gives the first
        keys; only the matches of the rank groups that the first `limit` reach are scored, by
        bm25 over the tier's query (exact or loose). A tier is read only while the ones
        before fall short.
        """
        found_tiers: list[list[tuple[int, float]]] = []
        wanted = limit
        for members, expression in tiers:
            if wanted <= 0:
                break
            found_tiers.append(self._candidates(members, expression, filters, wanted))
            wanted -= len(found_tiers[-1])
        found = [(tier, key, score) for tier, keys in enumerate(found_tiers) for key, score in keys]
        if not found:
            return []
        ids = [key & ID_MASK for _tier, key, _score in found]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, kind, code, name_en, name_th, name_dz FROM catalog_searchentry "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
                ids,
            )
            entries = {row[0]: row for row in cursor.fetchall()}
        # An entry deleted since its candidates were read (by another request) is left out.
        rows = [
            (*entries[key & ID_MASK], score, tier, key >> ID_BITS)
            for tier, key, score in found
            if key & ID_MASK in entries
        ]
        # tier, rank group, score, name, id: the order of the whole ranking
        rows.sort(key=lambda row: (row[7], row[8], -row[6], row[3], row[0]))
        return [_hit(row[:8]) for row in rows[:limit]]

    def _candidates(
        self, members: str, expression: str, filters: Filters, limit: int
    ) -> list[tuple[int, float]]:
        """The best `limit` entries matching `members`, as (full-text key, score), with those
        that tie with the last on group and score (their names decide between them).

        The members are read with their entries, filtered: a full-text row whose entry is gone
        (a flushed database's) is no member. Scores are read for the members only.
        """
        where, params = _filter_sql(filters)
        rows = (
            f"FROM {FTS_TABLE} AS f JOIN catalog_searchentry AS e ON e.id = (f.rowid & {ID_MASK}) "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid {rows} {where} ORDER BY f.rowid LIMIT %s",
                [members, *params, limit],
            )
            first = [row[0] for row in cursor.fetchall()]
            if not first:
                return []
            # Every result is in the rank groups up to the limit-th's, and every entry of the
            # groups before it is among the first: only that group is read to its end.
            end = ((first[-1] >> ID_BITS) + 1) << ID_BITS
            found = set(first)
            if len(first) == limit:
                cursor.execute(
                    f"SELECT f.rowid {rows} AND f.rowid < %s {where}", [members, end, *params]
                )
                found = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                f"SELECT rowid, -bm25({FTS_TABLE}, 10.0, 1.0, 2.0) FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s AND rowid < %s",
                [expression, end],
            )
            scored = [(rowid, score) for rowid, score in cursor.fetchall() if rowid in found]
        scored.sort(key=lambda row: (row[0] >> ID_BITS, -row[1]))
        if len(scored) > limit:
            last = scored[limit - 1]
            tied = (last[0] >> ID_BITS, last[1])
            scored = scored[:limit] + [r for r in scored[limit:] if (r[0] >> ID_BITS, r[1]) == tied]
        return scored


# PostgreSQL: the best-placed entries a tier's first matches are looked for among, walking
# the entries in rank-group order, before the full-text index is asked for all its matches.
# A common word is met within a few hundred; a rare one is found faster by the index.
WINDOW = 1000


@dataclass(frozen=True)
class Tier:
    """Which entries are a tier's members, as SQL over an entry whose alias is `{e}` (each
    tier leaves out those before), and the tsquery its members are scored by."""

    condition: str
    params: tuple[str, ...]
    scored_by: str

    def over(self, alias: str) -> str:
        return self.condition.format(e=alias)

    @property
    def members(self) -> str:
        return self.over("e")


class PostgresBackend:
    """Tiers as on SQLite: exact in the names, exact, loose in the names, loose. The names are
    matched in a vector of their own (`names_vector`, the names' words alone, which the
    database derives: migration 0007), small, and indexed apart: its index finds the
    matches in the names without reading the rows of entries that hold the words elsewhere.

    Each tier is one statement. Its first `limit` members in rank-group order are walked to
    among the best-placed entries (WINDOW), or else asked of the full-text index; then every
    member of the groups those reach is read and scored, found by the index through the words
    that name the groups. A common word scores the few hundred matches of one group instead of
    the thousands of every group, and the ranking is that of scoring them all."""

    @staticmethod
    def _lexeme(word: str) -> str:
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"

    def _phrase(self, phrase: Phrase) -> str:
        parts = [self._lexeme(word) for word in phrase.words]
        if phrase.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"

    def match(self, node: Node) -> str:
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Either):
            return "(" + " | ".join(self.match(option) for option in node.options) + ")"
        return "(" + " & ".join(self.match(part) for part in node.parts) + ")"

    def tiers(self, query: Query) -> list[Tier]:
        exact, loose = self.match(query.exact), self.match(query.loose)
        in_names = "{e}.names_vector @@ %s::tsquery"
        anywhere = "{e}.search_vector @@ %s::tsquery"
        tiers = [
            Tier(in_names, (exact,), exact),
            Tier(f"{anywhere} AND NOT {in_names}", (exact, exact), exact),
        ]
        if loose != exact:
            tiers += [
                Tier(f"{in_names} AND NOT {anywhere}", (loose, exact), loose),
                Tier(
                    f"{anywhere} AND NOT ({anywhere} OR {in_names})", (loose, exact, loose), loose
                ),
            ]
        return tiers

    def find(self, query: Query, filters: Filters, limit: int) -> list[Hit]:
        hits: list[Hit] = []
        for tier in self.tiers(query):
            if len(hits) >= limit:
                break
            hits += self._tier(tier, filters, limit - len(hits))
        return hits

    def _tier(self, tier: Tier, filters: Filters, limit: int) -> list[Hit]:
        """The best `limit` members of one tier, in its order: rank group, score, name."""
        where, filter_params = _filter_sql(filters)
        if where:  # a filter could leave the window few entries of its own: no walk
            walk = "SELECT NULL::bigint AS id, NULL::smallint AS rank_group WHERE false"
            walk_params: list[Any] = []
        else:
            walk = (
                "SELECT b.id, b.rank_group FROM (SELECT e.id, e.rank_group, e.search_vector, "
                f"e.names_vector FROM catalog_searchentry AS e ORDER BY e.rank_group, e.id "
                f"LIMIT {WINDOW}) AS b WHERE {tier.over('b')} LIMIT %s"
            )
            walk_params = [*tier.params, limit]
        # The index's matches are sorted ("+ 0"), never walked to in the groups' order, which
        # would read every entry when a word thought common is rare.
        sql = f"""
            WITH walked AS MATERIALIZED ({walk}),
            first AS MATERIALIZED (
                SELECT id, rank_group FROM walked
                UNION ALL (
                    SELECT e.id, e.rank_group FROM catalog_searchentry AS e
                    WHERE (SELECT count(*) FROM walked) < %s AND {tier.members} {where}
                    ORDER BY e.rank_group + 0, e.id LIMIT %s
                )
            )
            SELECT e.id, e.kind, e.code, e.name_en, e.name_th, e.name_dz,
                   ts_rank(e.search_vector, %s::tsquery), e.rank_group
            FROM catalog_searchentry AS e
            WHERE {tier.members} {where} AND e.search_vector @@ (
                SELECT string_agg(DISTINCT quote_literal('~g' || rank_group), ' | ')::tsquery
                FROM first)
        """
        params = [
            *walk_params,
            *(limit, *tier.params, *filter_params, limit),
            *(tier.scored_by, *tier.params, *filter_params),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        rows.sort(key=lambda row: (row[7], -row[6], row[3], row[0]))
        return [_hit(row) for row in rows[:limit]]

    def write(self, ids: Sequence[int]) -> None:
        """Nothing to do: the database derives an entry's vectors and rank group as the entry
        is written (the function `catalog_search_vector`, migration 0007)."""

    def delete(self, entries: Sequence[SearchEntry]) -> None:
        """The vector goes with its row."""

    def clear(self) -> None:
        """The vectors go with their rows."""


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


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
