"""Goods sent, received and counted: what each service records in the ledger and the stock,
and what it refuses (nothing is written then)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from ogop.outlets.models import Dispatch, DispatchLine, Stock, StockMove
from ogop.outlets.selectors import batches_at_packing, packing_left, stock_by_product
from ogop.outlets.services import dispatch_receive, dispatch_send, stock_count
from ogop.supply.services import batch_recall
from tests.outlets.helpers import SENT, delivered, outlet
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(product, officer):
    return packed(product, quantity=100, buyer=officer)


@pytest.fixture
def shop(db):
    return outlet("SHOP-PARO", name="Paro Airport shop")


@pytest.fixture
def depot(db):
    return outlet("DEPOT-THIMPHU", name="Thimphu depot", kind="depot")


def held(place, batch) -> int:
    return Stock.objects.get(outlet=place, batch=batch).quantity


def ledger(place, batch) -> int:
    moves = StockMove.objects.filter(outlet=place, batch=batch)
    return moves.aggregate(total=Sum("quantity"))["total"] or 0


def refused(field: str, call, **kwargs) -> str:
    before = (StockMove.objects.count(), Dispatch.objects.count(), DispatchLine.objects.count())
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert field in caught.value.message_dict, caught.value.message_dict
    after = (StockMove.objects.count(), Dispatch.objects.count(), DispatchLine.objects.count())
    assert after == before, "a refusal wrote something"
    return " ".join(caught.value.message_dict[field])


def test_goods_sent_from_the_packing_house_enter_the_outlet_when_received(batch, shop, officer):
    dispatch = dispatch_send(
        destination=shop, lines=[(batch, 30)], sent_on=SENT, user=officer, note="truck 1"
    )
    assert dispatch.code == f"D-2017-{dispatch.pk:05}"
    assert packing_left(batch) == 70
    # On the way: in neither place's stock.
    assert not Stock.objects.filter(outlet=shop, batch=batch, quantity__gt=0).exists()
    line = dispatch.lines.get()
    dispatch_receive(
        dispatch=dispatch,
        received={line.pk: (30, "")},
        received_on=SENT + dt.timedelta(days=2),
        user=officer,
    )
    assert held(shop, batch) == ledger(shop, batch) == 30
    move = StockMove.objects.get(outlet=shop)
    assert (move.kind, move.quantity, move.line, move.on) == (
        "receipt",
        30,
        line,
        dt.date(2017, 12, 3),
    )
    dispatch.refresh_from_db()
    assert dispatch.received_by == officer
    assert stock_by_product(shop) == [
        {"code": batch.product.code, "name": batch.product.name, "units": 30, "batches": 1}
    ]


def test_goods_sent_on_from_an_outlet_leave_it_at_once(batch, shop, depot, officer):
    delivered(batch, depot, 40, user=officer)
    dispatch_send(source=depot, destination=shop, lines=[(batch, 15)], sent_on=SENT, user=officer)
    assert held(depot, batch) == ledger(depot, batch) == 25
    assert StockMove.objects.get(outlet=depot, kind="dispatch").quantity == -15
    # The packing house is not touched by a dispatch between outlets.
    assert packing_left(batch) == 60


def test_a_shortfall_on_arrival_is_recorded_with_its_reason(batch, shop, officer):
    dispatch = dispatch_send(destination=shop, lines=[(batch, 30)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()
    dispatch_receive(
        dispatch=dispatch,
        received={line.pk: (28, "two jars broken")},
        received_on=SENT,
        user=officer,
    )
    line.refresh_from_db()
    assert (line.received, line.discrepancy, line.difference) == (28, "two jars broken", -2)
    assert held(shop, batch) == 28
    assert StockMove.objects.get(outlet=shop).note == "two jars broken"


def test_receiving_other_than_was_sent_without_a_reason_is_refused(batch, shop, officer):
    dispatch = dispatch_send(destination=shop, lines=[(batch, 30)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()
    for count in (31, 29):
        message = refused(
            "lines",
            dispatch_receive,
            dispatch=dispatch,
            received={line.pk: (count, "  ")},
            received_on=SENT,
            user=officer,
        )
        assert "say why they differ" in message
    assert not Dispatch.objects.get(pk=dispatch.pk).received


def test_more_than_was_sent_is_received_only_with_the_discrepancy_recorded(batch, shop, officer):
    dispatch = dispatch_send(destination=shop, lines=[(batch, 30)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()
    dispatch_receive(
        dispatch=dispatch,
        received={line.pk: (31, "one extra jar in the box")},
        received_on=SENT,
        user=officer,
    )
    assert held(shop, batch) == 31


def test_a_dispatch_is_received_once(batch, shop, officer):
    dispatch = delivered(batch, shop, 10, user=officer)
    line = dispatch.lines.get()
    with pytest.raises(ValidationError, match="already received"):
        dispatch_receive(
            dispatch=dispatch, received={line.pk: (10, "")}, received_on=SENT, user=officer
        )
    assert held(shop, batch) == 10


def test_every_line_must_say_what_arrived(batch, product, shop, officer):
    other = packed(product, code="B-2", quantity=5, buyer=officer)
    dispatch = dispatch_send(
        destination=shop, lines=[(batch, 3), (other, 2)], sent_on=SENT, user=officer
    )
    first = dispatch.lines.get(batch=batch)
    message = refused(
        "lines",
        dispatch_receive,
        dispatch=dispatch,
        received={first.pk: (3, "")},
        received_on=SENT,
        user=officer,
    )
    assert "B-2" in message


def test_goods_arrive_on_or_after_they_were_sent(batch, shop, officer):
    dispatch = dispatch_send(destination=shop, lines=[(batch, 3)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()
    message = refused(
        "received_on",
        dispatch_receive,
        dispatch=dispatch,
        received={line.pk: (3, "")},
        received_on=SENT - dt.timedelta(days=1),
        user=officer,
    )
    assert "arrive on or after" in message


def test_nothing_leaves_a_place_that_does_not_hold_it(batch, shop, depot, officer):
    message = refused(
        "lines",
        dispatch_send,
        destination=shop,
        lines=[(batch, 101)],
        sent_on=SENT,
        user=officer,
    )
    assert "the packing house holds 100 units; 101 cannot be sent" in message
    delivered(batch, depot, 10, user=officer)
    message = refused(
        "lines",
        dispatch_send,
        source=depot,
        destination=shop,
        lines=[(batch, 11)],
        sent_on=SENT,
        user=officer,
    )
    assert "Thimphu depot holds 10 units; 11 cannot be sent" in message
    assert held(depot, batch) == 10


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"lines": []}, "lines", "at least one batch"),
        ({"lines": "twice"}, "lines", "each batch once"),
        ({"lines": 0}, "lines", "at least 1 unit"),
        ({"sent_on": dt.date(2999, 1, 1)}, "sent_on", "in the future"),
        ({"sent_on": dt.date(2017, 11, 1)}, "lines", "after the day it is sent"),
        ({"destination": "itself"}, "destination", "another outlet"),
        ({"destination": "closed"}, "destination", "is closed"),
    ],
)
def test_a_wrong_dispatch_is_refused_at_its_field(
    batch, shop, depot, officer, change, field, expected
):
    delivered(batch, depot, 10, user=officer)
    kwargs = {"source": depot, "destination": shop, "lines": [(batch, 5)], "sent_on": SENT}
    if change.get("lines") == "twice":
        change = {"lines": [(batch, 1), (batch, 1)]}
    elif change.get("lines") == 0:
        change = {"lines": [(batch, 0)]}
    elif change.get("destination") == "itself":
        change = {"destination": depot}
    elif change.get("destination") == "closed":
        shop.is_active = False
        shop.save()
        change = {}
    kwargs.update(change)
    assert expected in refused(field, dispatch_send, user=officer, **kwargs)


def test_a_recalled_batch_is_not_sent(batch, shop, officer):
    batch_recall(batch=batch, reason="mould", user=officer)
    message = refused(
        "lines", dispatch_send, destination=shop, lines=[(batch, 1)], sent_on=SENT, user=officer
    )
    assert "recalled" in message
    assert batch not in batches_at_packing()


def test_a_count_adjusts_the_stock_to_the_shelves_with_its_reason(batch, shop, officer):
    delivered(batch, shop, 20, user=officer)
    moves = stock_count(
        outlet=shop, counted={batch: 17}, on=SENT, user=officer, reason="3 jars broken"
    )
    assert [(move.kind, move.quantity, move.note) for move in moves] == [
        ("adjustment", -3, "3 jars broken")
    ]
    assert held(shop, batch) == ledger(shop, batch) == 17
    # A count that finds what is held changes nothing and needs no reason.
    assert stock_count(outlet=shop, counted={batch: 17}, on=SENT, user=officer) == []


def test_a_count_that_differs_needs_a_reason(batch, shop, officer):
    delivered(batch, shop, 20, user=officer)
    message = refused(
        "reason", stock_count, outlet=shop, counted={batch: 25}, on=SENT, user=officer
    )
    assert "say why" in message
    assert held(shop, batch) == 20


def test_a_count_below_zero_is_refused(batch, shop, officer):
    message = refused(
        "counted", stock_count, outlet=shop, counted={batch: -1}, on=SENT, user=officer, reason="x"
    )
    assert "from 0" in message


def test_the_history_names_who_sent_and_who_received(batch, shop, officer, make_user):
    keeper = make_user("cashier")
    dispatch = dispatch_send(destination=shop, lines=[(batch, 3)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()
    dispatch_receive(dispatch=dispatch, received={line.pk: (3, "")}, received_on=SENT, user=keeper)
    assert [record.history_user for record in dispatch.history.order_by("history_id")] == [
        officer,
        keeper,
    ]
    assert StockMove.objects.get(outlet=shop).by == keeper
