from django.db import migrations, models

from ogop.places.loaders import bhutan_records, load_areas


def forwards(apps, schema_editor):
    load_areas(apps.get_model("places", "Area"), bhutan_records())


class Migration(migrations.Migration):
    dependencies = [("places", "0002_load_areas")]

    operations = [
        migrations.AddField(
            model_name="area",
            name="latitude",
            field=models.DecimalField(
                blank=True, decimal_places=5, max_digits=8, null=True, verbose_name="latitude"
            ),
        ),
        migrations.AddField(
            model_name="area",
            name="longitude",
            field=models.DecimalField(
                blank=True, decimal_places=5, max_digits=8, null=True, verbose_name="longitude"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
