"""The full-text index, in each database's own engine (see catalog.backends)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalog_searchentry ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            "CREATE INDEX catalog_search_vector ON catalog_searchentry USING gin (search_vector)"
        )
    else:
        # The words are prepared in Python; the ascii tokenizer splits only at ASCII spaces and
        # punctuation, so Thai and Tibetan words, marks included, stay whole.
        schema_editor.execute(
            "CREATE VIRTUAL TABLE catalog_search_fts USING fts5("
            "names, body, parts, tokenize = 'ascii')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_search_vector")
        schema_editor.execute("ALTER TABLE catalog_searchentry DROP COLUMN search_vector")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS catalog_search_fts")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
