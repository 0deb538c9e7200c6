"""Reading outlets and their stock: what each holds, by batch and by product, and how it moved.

An outlet's stock is read from its counters (one row per batch held), never summed from the
ledger: the ledger is read for an outlet's history and by the tests that check the counters
against it.
"""

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from ogop.outlets.models import Dispatch, DispatchLine, Outlet, Stock, StockMove
from ogop.supply.models import Batch


def packing_left(batch: Batch) -> int:
    """Units of the batch still at the packing house: packed, less those sent from there."""
    sent = DispatchLine.objects.filter(batch=batch, dispatch__source__isnull=True).aggregate(
        total=Coalesce(Sum("quantity"), 0)
    )["total"]
    return int(batch.quantity - sent)


def batches_at_packing() -> QuerySet[Batch]:
    """Batches not recalled with units left at the packing house, newest first."""
    sent = Coalesce(
        Sum("dispatch_lines__quantity", filter=Q(dispatch_lines__dispatch__source__isnull=True)),
        0,
    )
    return (
        Batch.objects.filter(recalled_on__isnull=True)
        .annotate(left=F("quantity") - sent)
        .filter(left__gt=0)
        .select_related("product")
        .order_by("-produced_on", "-pk")
    )


def outlet_list(*, user: Any) -> QuerySet[Outlet]:
    """The outlets the user sees, each with its units held and the batches they belong to."""
    return (
        Outlet.objects.visible_to(user)
        .annotate(
            units=Coalesce(Sum("stock__quantity"), 0),
            batches=Count("stock", filter=Q(stock__quantity__gt=0)),
        )
        .order_by("code")
    )


def outlet_for_user(*, user: Any, code: str) -> Outlet:
    """The outlet with the code among those the user sees; 404 otherwise."""
    outlet = Outlet.objects.visible_to(user).filter(code=code).first()
    if outlet is None:
        raise Http404
    return outlet


def stock_by_batch(outlet: Outlet) -> QuerySet[Stock]:
    """What the outlet holds, batch by batch, oldest best-before first (sold first)."""
    return (
        Stock.objects.filter(outlet=outlet, quantity__gt=0)
        .select_related("batch__product")
        .order_by(F("batch__best_before").asc(nulls_last=True), "batch__produced_on", "batch")
    )


def stock_by_product(outlet: Outlet) -> list[dict[str, Any]]:
    """What the outlet holds, product by product: units and number of batches."""
    rows = (
        Stock.objects.filter(outlet=outlet, quantity__gt=0)
        .values("batch__product__code", "batch__product__name")
        .annotate(units=Sum("quantity"), batches=Count("pk"))
        .order_by("batch__product__code")
    )
    return [
        {
            "code": row["batch__product__code"],
            "name": row["batch__product__name"],
            "units": row["units"],
            "batches": row["batches"],
        }
        for row in rows
    ]


def moves(outlet: Outlet) -> QuerySet[StockMove]:
    """The outlet's ledger, newest first."""
    return StockMove.objects.filter(outlet=outlet).select_related(
        "batch__product", "by", "line__dispatch"
    )


def dispatch_list(*, user: Any, outlet: Outlet | None = None) -> QuerySet[Dispatch]:
    dispatches = Dispatch.objects.visible_to(user).select_related("source", "destination")
    if outlet is not None:
        dispatches = dispatches.filter(Q(source=outlet) | Q(destination=outlet))
    return dispatches.annotate(units=Sum("lines__quantity"))


def dispatch_for_user(*, user: Any, pk: int) -> Dispatch:
    """The dispatch among those the user sees (from or to their outlets); 404 otherwise."""
    dispatch = (
        Dispatch.objects.visible_to(user)
        .select_related("source", "destination", "sent_by", "received_by")
        .filter(pk=pk)
        .first()
    )
    if dispatch is None:
        raise Http404
    return dispatch


def outlets_sending_for(user: Any) -> QuerySet[Outlet]:
    """The outlets the user may send goods from: those they see."""
    return Outlet.objects.visible_to(user).order_by("code")
