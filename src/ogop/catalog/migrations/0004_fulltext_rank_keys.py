"""SQLite's full-text table anew: rows keyed by rank group and entry id, and an index of word
prefixes (see catalog.backends). PostgreSQL's index is unchanged.

The key is written here as catalog.backends.fts_rowid writes it at this migration, so that
the migration keeps its meaning if that function changes later.
"""

from django.db import migrations

TABLE = "catalog_search_fts"
COLUMNS = "names, body, parts, tokenize = 'ascii'"
PREFIXES = "prefix = '1 2 3 4 5 6'"
RANK_KEY = "(((1 - is_flagship) * 16 + 15 - min(stars, 15)) << 32) | id"


def _rebuild(schema_editor, options: str, key: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    schema_editor.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5({options})")
    schema_editor.execute(
        f"INSERT INTO {TABLE} (rowid, names, body, parts) "
        f"SELECT {key}, names, body, parts FROM catalog_searchentry"
    )


def forwards(apps, schema_editor):
    _rebuild(schema_editor, f"{COLUMNS}, {PREFIXES}", RANK_KEY)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, COLUMNS, "id")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_entry_kind_path_index")]

    operations = [migrations.RunPython(forwards, backwards)]
