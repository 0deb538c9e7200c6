"""PostgreSQL's search walks the entries in the order of their rank groups, as SQLite's does
(see catalog.backends.PostgresBackend):

- each entry's rank group, a column the database computes from its flagship flag and stars,
  with an index in that order;
- the words of its names (weight A in its vector), in a vector of their own that the
  database computes from it, with a full-text index of its own: matches in the names are
  found without reading the entries that hold the words elsewhere;
- each entry's vector holds a word naming its group (~g17), so that the full-text index alone
  finds the matches of the groups a query reaches;
- the vector is kept in the row (storage MAIN), and the long texts it was made from are the
  ones moved out of it when a row is too long: a vector moved out costs each match a second
  read;
- the index words are indexed by code point too, to find those that start with the last word
  typed whatever the database's collation (catalog.indexing.lookup).

The group is written here as catalog.backends.rank_group computes it at this migration, so
that the migration keeps its meaning if that function changes later. SQLite is unchanged: its
full-text rows are keyed by rank group already (0004).
"""

from django.db import migrations

RANK_GROUP = "(CASE WHEN is_flagship THEN 0 ELSE 1 END) * 16 + 15 - LEAST(stars, 15)"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (
        "ALTER TABLE catalog_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
        "ALTER TABLE catalog_searchentry ALTER COLUMN body SET STORAGE EXTERNAL",
        "ALTER TABLE catalog_searchentry ALTER COLUMN parts SET STORAGE EXTERNAL",
        f"ALTER TABLE catalog_searchentry ADD COLUMN rank_group smallint "
        f"GENERATED ALWAYS AS ({RANK_GROUP}) STORED",
        "CREATE INDEX catalog_search_rank ON catalog_searchentry (rank_group, id)",
        "ALTER TABLE catalog_searchentry ADD COLUMN names_vector tsvector "
        "GENERATED ALWAYS AS (ts_filter(search_vector, '{a}')) STORED",
        "CREATE INDEX catalog_search_names ON catalog_searchentry USING gin (names_vector)",
        'CREATE INDEX catalog_term_code_points ON catalog_searchtermvariant (variant COLLATE "C")',
        # Every row written anew: the group's word in its vector, and the storage above.
        "UPDATE catalog_searchentry SET search_vector = search_vector "
        "|| ('~g' || rank_group)::tsvector, body = body || '', parts = parts || ''",
    ):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (
        "UPDATE catalog_searchentry SET search_vector = ts_delete(search_vector, "
        "'~g' || rank_group)",
        "DROP INDEX catalog_search_rank",
        "ALTER TABLE catalog_searchentry DROP COLUMN names_vector",
        "DROP INDEX catalog_term_code_points",
        "ALTER TABLE catalog_searchentry DROP COLUMN rank_group",
        "ALTER TABLE catalog_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
        "ALTER TABLE catalog_searchentry ALTER COLUMN body SET STORAGE EXTENDED",
        "ALTER TABLE catalog_searchentry ALTER COLUMN parts SET STORAGE EXTENDED",
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_index_state")]

    operations = [migrations.RunPython(forwards, backwards)]
