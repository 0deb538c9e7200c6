"""The fair report's reads as they were before the sales' tallies: one aggregate over the
fair's sales per breakdown, and the days by a date function applied to every sale. Measured
beside `fair_report` in the same run ("before" in the results), and the check that the
tallies hold what the sales hold."""

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate

from ogop.fairs.models import Booth, Exhibit, Fair, Sale
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product


def _grouped(sales: QuerySet[Sale], key: str) -> list[dict[str, Any]]:
    return list(
        sales.order_by()
        .values(key)
        .annotate(count=Count("pk"), quantity=Sum("quantity"), total=Sum("total"))
    )


def fair_report_before(fair: Fair) -> dict[str, Any]:
    """The same figures as `fair_report`, read the former way (labels and ordering left out)."""
    sales = Sale.objects.not_void().filter(exhibit__booth__fair=fair)
    by_product = _grouped(sales, "exhibit__product")
    by_group = _grouped(sales, "exhibit__product__producer_group")
    return {
        "totals": sales.aggregate(count=Count("pk"), quantity=Sum("quantity"), total=Sum("total")),
        "voids": Sale.objects.filter(exhibit__booth__fair=fair, voided_at__isnull=False).aggregate(
            count=Count("pk"), total=Sum("total")
        ),
        "by_product": by_product,
        "products": Product.objects.in_bulk([item["exhibit__product"] for item in by_product]),
        "booths": list(Booth.objects.filter(fair=fair)),
        "by_booth": _grouped(sales, "exhibit__booth"),
        "by_group": by_group,
        "groups": ProducerGroup.objects.in_bulk(
            [item["exhibit__product__producer_group"] for item in by_group]
        ),
        "by_payment": _grouped(sales, "payment_method"),
        "stock": list(
            Exhibit.objects.filter(booth__fair=fair)
            .select_related("product", "booth")
            .order_by("booth__code", "product__code")
        ),
        "by_day": _grouped(sales.annotate(day=TruncDate("sold_at", tzinfo=fair.tzinfo)), "day"),
    }
