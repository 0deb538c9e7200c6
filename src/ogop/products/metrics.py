"""The products' metrics: how many products reached a stage, then or now.

Each metric counts every span at once (see `ogop.core.metrics`), for the products of the
producer groups in `groups` (a subquery of their ids).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ogop.core.metrics import (
    ONE_DAY,
    Span,
    Value,
    column,
    counted_by_area,
    day_start,
)
from ogop.products.models import Product, Stage, StageChange


def stage_on(
    *,
    day: dt.date,
    changes: list[tuple[dt.date, str | None, str]],
    current: str,
    registered_on: dt.date,
) -> str | None:
    """A product's stage at the end of `day`; None when it was not in the registry yet.

    With moves: the stage of the last move made on or before the day; before its first move,
    the stage that move started from (None if the product entered the registry with it).
    Without moves: its current stage, if it entered the registry on or before the day.
    `_stage_at_end_of` says the same in SQL.
    """
    if not changes:
        return current if registered_on <= day else None
    stage: str | None = changes[0][1]
    for moved_on, _from_stage, to_stage in changes:  # in the order they were made
        if moved_on > day:
            break
        stage = to_stage
    return stage


def _stage_at_end_of(day: dt.date) -> Coalesce:
    """`stage_on` for each product, in SQL."""
    moves = StageChange.objects.filter(product=OuterRef("pk"))
    last_move = moves.filter(moved_on__lte=day).order_by("-moved_on", "-pk")
    first_move = moves.order_by("moved_on", "pk")
    return Coalesce(
        Subquery(last_move.values("to_stage")[:1]),
        Case(
            When(Exists(moves), then=Subquery(first_move.values("from_stage")[:1])),
            When(created_at__lt=day_start(day + ONE_DAY), then=F("stage")),
            default=None,
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


def products_market_ready(groups: QuerySet[Any], spans: Sequence[Span]) -> list[Value]:
    """Products of the groups at the stage market-ready or a later one (by stage position) at
    the end of each span (see `stage_on`): a level, not a flow. By the top-level area of the
    product's producer group."""
    positions = dict(Stage.objects.order_by().values_list("code", "position"))
    if Stage.MARKET_READY not in positions:
        error = _("Cannot compute: there is no stage “%(code)s”.") % {"code": Stage.MARKET_READY}
        return [Value(None, error=error) for _span in spans]
    threshold = positions[Stage.MARKET_READY]
    ready = sorted(code for code, position in positions.items() if position >= threshold)
    products = Product.objects.filter(producer_group__in=groups).alias(
        **{column("stage", index): _stage_at_end_of(end) for index, (_s, end) in enumerate(spans)}
    )
    return counted_by_area(
        products,
        path="producer_group__area__path",
        conditions=[Q(**{f"{column('stage', index)}__in": ready}) for index in range(len(spans))],
    )


def products_by_stage(products: QuerySet[Product]) -> dict[str, int]:
    """The number of the products at each stage (by the stage's code), today."""
    return {
        row["stage"]: row["count"]
        for row in products.values("stage").annotate(count=Count("pk")).order_by()
    }
