"""The ratings' metrics: how many products held 3 stars or more.

Each metric counts every span at once (see `ogop.core.metrics`), for the products of the
producer groups in `groups` (a subquery of their ids).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from ogop.core.metrics import Span, Value, column, counted_by_area
from ogop.products.models import Product
from ogop.rating.models import ProductRating

THREE_STARS = 3


def _stars_on(day: dt.date) -> Subquery:
    """The stars of the product's latest rating on or before the day; NULL without one."""
    return Subquery(
        ProductRating.objects.filter(product=OuterRef("pk"), rated_on__lte=day)
        .order_by("-rated_on", "-pk")
        .values("stars")[:1]
    )


def products_3_stars(groups: QuerySet[Any], spans: Sequence[Span]) -> list[Value]:
    """Products of the groups whose latest rating on or before each span's end gave 3 stars
    or more: a level at the end of the span, not what changed during it. By the top-level
    area of the product's producer group."""
    products = Product.objects.filter(producer_group__in=groups).alias(
        **{column("stars", index): _stars_on(end) for index, (_s, end) in enumerate(spans)}
    )
    return counted_by_area(
        products,
        path="producer_group__area__path",
        conditions=[
            Q(**{f"{column('stars', index)}__gte": THREE_STARS}) for index in range(len(spans))
        ],
    )
