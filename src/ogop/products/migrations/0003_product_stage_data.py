"""The product's development stage becomes a link to a stage, keyed by its code: the stored
values are the codes already, so they are kept as they are."""

import django.db.models.deletion
from django.db import migrations

import ogop.products.models


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0002_stages"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalproduct",
            name="stage",
            field=ogop.products.models.StageField(
                blank=True,
                db_constraint=False,
                default="idea",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="products.stage",
                verbose_name="development stage",
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="stage",
            field=ogop.products.models.StageField(
                default="idea",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="products",
                to="products.stage",
                verbose_name="development stage",
            ),
        ),
    ]
