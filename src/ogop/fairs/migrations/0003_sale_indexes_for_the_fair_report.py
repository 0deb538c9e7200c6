# Indexes for the fair report: it reads a fair's sales from them alone (see selectors.fair_report).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fairs", "0002_booths_exhibits_sales_leads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="sale",
            index=models.Index(
                condition=models.Q(("voided_at__isnull", True)),
                fields=["exhibit", "payment_method", "quantity", "total", "voided_at"],
                name="sale_report_by_payment",
            ),
        ),
        migrations.AddIndex(
            model_name="sale",
            index=models.Index(
                condition=models.Q(("voided_at__isnull", True)),
                fields=["exhibit", "sold_at", "quantity", "total", "voided_at"],
                name="sale_report_by_time",
            ),
        ),
        migrations.AddIndex(
            model_name="sale",
            index=models.Index(
                condition=models.Q(("voided_at__isnull", False)),
                fields=["exhibit", "total", "voided_at"],
                name="sale_report_voided",
            ),
        ),
    ]
