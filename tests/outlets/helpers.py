"""Outlets and goods in them for the outlets' tests."""

import datetime as dt
from typing import Any

from ogop.outlets.models import Dispatch, Outlet
from ogop.outlets.services import dispatch_receive, dispatch_send

SENT = dt.date(2017, 12, 1)


def outlet(code: str = "SHOP-PARO", **fields: Any) -> Outlet:
    fields.setdefault("name", code.title())
    fields.setdefault("kind", "shop")
    return Outlet.objects.create(code=code, **fields)


def delivered(
    batch: Any, to: Outlet, count: int, *, user: Any, source: Outlet | None = None
) -> Dispatch:
    """`count` units of the batch sent to the outlet and received there in full."""
    dispatch = dispatch_send(
        source=source, destination=to, lines=[(batch, count)], sent_on=SENT, user=user
    )
    line = dispatch.lines.get()
    return dispatch_receive(
        dispatch=dispatch, received={line.pk: (count, "")}, received_on=SENT, user=user
    )
