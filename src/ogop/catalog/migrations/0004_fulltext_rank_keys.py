"""SQLite's full-text table anew: rows keyed by rank group and entry id, an index of word
prefixes, and no copy of the words, which the entries hold (see catalog.backends).
PostgreSQL's index is unchanged.

The key is written here as catalog.backends.fts_rowid writes it at this migration, so that
the migration keeps its meaning if that function changes later.
"""

from django.db import migrations

TABLE = "catalog_search_fts"
COLUMNS = "names, body, parts, tokenize = 'ascii'"
RANKED = "content = '', prefix = '1 2 3 4 5 6'"
HASH_SIZE = 16 * 1024 * 1024
RANK_KEY = "(((1 - is_flagship) * 16 + 15 - min(stars, 15)) << 32) | id"


def _rebuild(schema_editor, options: str, key: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    schema_editor.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5({options})")
    # Words held in memory before they are written out: a large import writes fewer, larger
    # segments, with less merging (16 MB; the default is 1 MB).
    schema_editor.execute(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('hashsize', {HASH_SIZE})")
    schema_editor.execute(
        f"INSERT INTO {TABLE} (rowid, names, body, parts) "
        f"SELECT {key}, names, body, parts FROM catalog_searchentry ORDER BY 1"
    )


def forwards(apps, schema_editor):
    _rebuild(schema_editor, f"{COLUMNS}, {RANKED}", RANK_KEY)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, COLUMNS, "id")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_entry_kind_path_index")]

    operations = [migrations.RunPython(forwards, backwards)]
