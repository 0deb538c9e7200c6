"""PostgreSQL's search walks the entries in the order of their rank groups, as SQLite's does
(see catalog.backends.PostgresBackend), and the database derives what it searches from each
entry as it is written:

- the entry's rank group, from its flagship flag and stars, with an index in that order;
- its vector (`search_vector`) from its index words: the names' weigh A, the story's B, the
  compounds' parts C, each at its position, and a word naming its rank group (~g17), so that
  the full-text index alone finds the matches of the groups a query reaches;
- the vector of the names' words alone (`names_vector`), with a full-text index of its own:
  matches in the names are found without reading the entries that hold the words elsewhere.

Derived as the row is written, an entry is written once, where writing its vector after it
wrote each row twice: the table was four times its size after a reindex, and the search a
third slower. The vector is kept in the row (storage MAIN); the long texts are the ones moved
out of it when a row is too long. Words are indexed by code point too, to find those that
start with the last word typed whatever the database's collation (catalog.indexing.lookup).

The group is computed here as catalog.backends.rank_group computes it at this migration, so
that the migration keeps its meaning if that function changes later. SQLite is unchanged: its
full-text rows are keyed by rank group already (0004).
"""

from django.db import migrations

RANK_GROUP = "(CASE WHEN is_flagship THEN 0 ELSE 1 END) * 16 + 15 - LEAST(stars, 15)"
# An entry's index words as a tsvector: one lexeme a word, at its position (up to the largest
# PostgreSQL keeps, 16,383), weighed by the text it is in; with a group, the word naming it.
VECTOR_FUNCTION = r"""
CREATE FUNCTION catalog_search_vector(names text, body text, parts text, rank_group integer)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (
        coalesce(string_agg(
            '''' || replace(replace(word, '\', '\\'), '''', '''''') || ''':'
            || least(position, 16383) || weight, ' '), '')
        || coalesce(' ''~g' || rank_group || '''', '')
    )::tsvector
    FROM (
        SELECT word, position, 'A' AS weight
        FROM unnest(string_to_array(names, ' ')) WITH ORDINALITY AS n(word, position)
        UNION ALL
        SELECT word, cardinality(string_to_array(names, ' ')) + position, 'B'
        FROM unnest(string_to_array(body, ' ')) WITH ORDINALITY AS b(word, position)
        UNION ALL
        SELECT word, cardinality(string_to_array(names, ' '))
            + cardinality(string_to_array(body, ' ')) + position, 'C'
        FROM unnest(string_to_array(parts, ' ')) WITH ORDINALITY AS p(word, position)
    ) AS words
    WHERE word <> ''
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (
        VECTOR_FUNCTION,
        "DROP INDEX IF EXISTS catalog_search_vector",
        "ALTER TABLE catalog_searchentry DROP COLUMN search_vector",
        f"ALTER TABLE catalog_searchentry ADD COLUMN rank_group smallint "
        f"GENERATED ALWAYS AS ({RANK_GROUP}) STORED",
        "ALTER TABLE catalog_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        f"(catalog_search_vector(names, body, parts, {RANK_GROUP})) STORED",
        "ALTER TABLE catalog_searchentry ADD COLUMN names_vector tsvector GENERATED ALWAYS AS "
        "(catalog_search_vector(names, '', '', NULL)) STORED",
        "ALTER TABLE catalog_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
        "ALTER TABLE catalog_searchentry ALTER COLUMN body SET STORAGE EXTERNAL",
        "ALTER TABLE catalog_searchentry ALTER COLUMN parts SET STORAGE EXTERNAL",
        # Every row written anew, so that the storage above holds for it.
        "UPDATE catalog_searchentry SET body = body || '', parts = parts || ''",
        "CREATE INDEX catalog_search_vector ON catalog_searchentry USING gin (search_vector)",
        "CREATE INDEX catalog_search_names ON catalog_searchentry USING gin (names_vector)",
        "CREATE INDEX catalog_search_rank ON catalog_searchentry (rank_group, id)",
        'CREATE INDEX catalog_term_code_points ON catalog_searchtermvariant (variant COLLATE "C")',
    ):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (
        "DROP INDEX catalog_term_code_points",
        "ALTER TABLE catalog_searchentry DROP COLUMN names_vector",
        "ALTER TABLE catalog_searchentry DROP COLUMN search_vector",
        "ALTER TABLE catalog_searchentry ADD COLUMN search_vector tsvector",
        "UPDATE catalog_searchentry SET search_vector = "
        "catalog_search_vector(names, body, parts, NULL)",
        "CREATE INDEX catalog_search_vector ON catalog_searchentry USING gin (search_vector)",
        "ALTER TABLE catalog_searchentry DROP COLUMN rank_group",
        "DROP FUNCTION catalog_search_vector(text, text, text, integer)",
        "ALTER TABLE catalog_searchentry ALTER COLUMN body SET STORAGE EXTENDED",
        "ALTER TABLE catalog_searchentry ALTER COLUMN parts SET STORAGE EXTENDED",
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_index_state")]

    operations = [migrations.RunPython(forwards, backwards)]
