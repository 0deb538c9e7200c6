from django.db import migrations

from ogop.rating import shipped


def install(apps, schema_editor):
    shipped.install(
        apps.get_model("rating", "Rubric"),
        apps.get_model("rating", "RubricPart"),
        apps.get_model("rating", "Criterion"),
        apps.get_model("rating", "StarThreshold"),
    )


def uninstall(apps, schema_editor):
    Rubric = apps.get_model("rating", "Rubric")
    codes = [spec["code"] for spec in shipped.SHIPPED]
    for rubric in Rubric.objects.filter(code__in=codes, rounds__isnull=True):
        rubric.thresholds.all().delete()
        for part in rubric.parts.all():
            part.criteria.all().delete()
        rubric.parts.all().delete()
        rubric.delete()


class Migration(migrations.Migration):
    dependencies = [("rating", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
