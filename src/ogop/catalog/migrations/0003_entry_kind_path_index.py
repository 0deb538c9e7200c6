"""An index that covers the count of public products by area."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_fulltext_index")]

    operations = [
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "area_path"], name="catalog_entry_kind_path"),
        ),
    ]
