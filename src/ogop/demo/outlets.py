"""The demo's outlets: OGOP's two shops, Thimphu and Paro Airport, stocked from the batches
packed in April 2018, with what a shop's life records: a shortfall on arrival, goods sent on
from one shop to the other, and a count that found a jar broken.

All illustrative, and marked so. The fair's booth is not an outlet in the demo yet: its sales
are the fair's own, which the outlets' stock does not follow. Idempotent: a second run finds
the dispatches by their notes.
"""

import datetime as dt
from typing import TYPE_CHECKING

from ogop.demo.supply import ROUND_2018
from ogop.outlets.models import Dispatch, Outlet, OutletKind
from ogop.outlets.services import dispatch_receive, dispatch_send, stock_count
from ogop.supply.models import Batch

if TYPE_CHECKING:
    from ogop.accounts.models import User

SHOPS = [
    ("SHOP-THIMPHU", "OGOP shop, Thimphu", "Thimphu"),
    ("SHOP-PARO", "OGOP shop, Paro International Airport", "Paro"),
]
# Of each April 2018 batch: the units sent to Thimphu, and to Paro.
SHARES = (0.6, 0.3)
BROKEN_ON_THE_ROAD = ("BT-P001", 2)


def _sent(
    note: str,
    *,
    source: Outlet | None,
    destination: Outlet,
    lines: list[tuple[Batch, int]],
    sent_on: dt.date,
    received_on: dt.date,
    user: "User",
    short: dict[int, tuple[int, str]] | None = None,
) -> Dispatch:
    found = Dispatch.objects.filter(note=note, is_illustrative=True).first()
    if found is not None:
        return found
    dispatch = dispatch_send(
        source=source,
        destination=destination,
        lines=lines,
        sent_on=sent_on,
        note=note,
        user=user,
        is_illustrative=True,
    )
    short = short or {}
    received = {
        line.pk: short.get(line.batch_id, (line.quantity, "")) for line in dispatch.lines.all()
    }
    return dispatch_receive(
        dispatch=dispatch, received=received, received_on=received_on, user=user
    )


def load(users: dict[str, "User"]) -> dict[str, int]:
    """Create what is missing of the demo's shops, their stock and its moves."""
    manager = users["partner"]
    shops = {}
    for code, name, city in SHOPS:
        shops[code], _made = Outlet.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": OutletKind.SHOP,
                "city": city,
                "country": "BT",
                "currency": "BTN",
                "is_illustrative": True,
            },
        )
    if "cashier" in users:
        shops["SHOP-PARO"].staff.add(users["cashier"])
    batches = {
        code: Batch.objects.get(product__code=code, code=f"{code}-1804")
        for code, _quantity in ROUND_2018
    }
    for (code, _name, _city), share in zip(SHOPS, SHARES, strict=True):
        broken = {}
        if code == "SHOP-PARO":
            product, units = BROKEN_ON_THE_ROAD
            batch = batches[product]
            broken[batch.pk] = (
                int(batch.quantity * share) - units,
                "Two bottles broken on the road from Thimphu.",
            )
        _sent(
            f"Opening stock, {code}",
            source=None,
            destination=shops[code],
            lines=[(batch, int(batch.quantity * share)) for batch in batches.values()],
            sent_on=dt.date(2018, 4, 23),
            received_on=dt.date(2018, 4, 24 if code == "SHOP-THIMPHU" else 26),
            user=manager,
            short=broken,
        )
    _sent(
        "Restock of Paro from Thimphu",
        source=shops["SHOP-THIMPHU"],
        destination=shops["SHOP-PARO"],
        lines=[(batches["BT-P003"], 10)],
        sent_on=dt.date(2018, 5, 20),
        received_on=dt.date(2018, 5, 21),
        user=manager,
    )
    counted = batches["BT-P010"]
    thimphu = shops["SHOP-THIMPHU"]
    if not thimphu.moves.filter(kind="adjustment").exists():
        held = thimphu.stock.get(batch=counted).quantity
        stock_count(
            outlet=thimphu,
            counted={counted: held - 1},
            on=dt.date(2018, 6, 30),
            reason="A jar found broken on the shelf.",
            user=manager,
            is_illustrative=True,
        )
    return {
        "outlets": len(shops),
        "dispatches": Dispatch.objects.filter(is_illustrative=True).count(),
    }
