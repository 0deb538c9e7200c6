"""Load Bhutan's dzongkhags and gewogs (shipped) and Thailand's areas (from geothai)."""

from django.db import migrations

from ogop.places.loaders import bhutan_records, load_areas, thailand_records


def forwards(apps, schema_editor):
    Area = apps.get_model("places", "Area")
    load_areas(Area, bhutan_records())
    load_areas(Area, thailand_records())


def backwards(apps, schema_editor):
    apps.get_model("places", "Area").objects.filter(level__gte=1).order_by("-level").delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
