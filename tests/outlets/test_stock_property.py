"""Stock per outlet equals receipts − dispatches − sales + adjustments at all times: random
sequences of sends, receipts (short, over, exact) and counts, each checked against a model of
the shelves kept by the test, and against the ledger."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogop.outlets.models import Stock, StockMove
from ogop.outlets.selectors import packing_left
from ogop.outlets.services import dispatch_receive, dispatch_send, stock_count
from tests.outlets.helpers import SENT, outlet
from tests.supply.helpers import packed

pytestmark = pytest.mark.django_db
PACKED = 60
NUMBERS = itertools.count()

send = st.tuples(
    st.just("send"),
    st.sampled_from([None, 0, 1]),  # from the packing house or an outlet
    st.sampled_from([0, 1]),
    st.sampled_from([0, 1]),  # which batch
    st.integers(1, 40),
)
receive = st.tuples(st.just("receive"), st.integers(0, 5), st.integers(-3, 3), st.booleans())
count = st.tuples(
    st.just("count"),
    st.sampled_from([0, 1]),
    st.sampled_from([0, 1]),
    st.integers(0, 50),
    st.booleans(),
)


def _ledger(place, batch) -> dict[str, int]:
    sums = StockMove.objects.filter(outlet=place, batch=batch).aggregate(
        **{
            kind: Sum("quantity", filter=Q(kind=kind))
            for kind in ("receipt", "dispatch", "sale", "adjustment")
        }
    )
    return {kind: value or 0 for kind, value in sums.items()}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.one_of(send, receive, count), max_size=14))
def test_stock_is_always_the_sum_of_its_moves(product, officer, steps):
    number = next(NUMBERS)
    places = [outlet(f"P{number}-A"), outlet(f"P{number}-B")]
    batches = [
        packed(product, code=f"P{number}-{index}", quantity=PACKED, buyer=officer)
        for index in (0, 1)
    ]
    # The test's own model of where every unit is.
    at_packing = [PACKED, PACKED]
    held = {(o, b): 0 for o in (0, 1) for b in (0, 1)}
    on_the_way: list[tuple[object, int, int, int]] = []  # dispatch, destination, batch, units
    for step in steps:
        kind = step[0]
        if kind == "send":
            _kind, source, destination, which, units = step
            available = at_packing[which] if source is None else held[(source, which)]
            try:
                dispatch = dispatch_send(
                    source=None if source is None else places[source],
                    destination=places[destination],
                    lines=[(batches[which], units)],
                    sent_on=SENT,
                    user=officer,
                )
            except ValidationError:
                assert units > available or source == destination
                continue
            assert units <= available
            assert source != destination
            if source is None:
                at_packing[which] -= units
            else:
                held[(source, which)] -= units
            on_the_way.append((dispatch, destination, which, units))
        elif kind == "receive" and on_the_way:
            _kind, index, difference, explained = step
            dispatch, destination, which, units = on_the_way[index % len(on_the_way)]
            arrived = max(units + difference, 0)
            line = dispatch.lines.get()
            try:
                dispatch_receive(
                    dispatch=dispatch,
                    received={line.pk: (arrived, "found so" if explained else "")},
                    received_on=SENT,
                    user=officer,
                )
            except ValidationError:
                assert arrived != units
                assert not explained
                continue
            assert arrived == units or explained
            held[(destination, which)] += arrived
            on_the_way.remove((dispatch, destination, which, units))
        elif kind == "count":
            _kind, place, which, counted, explained = step
            try:
                stock_count(
                    outlet=places[place],
                    counted={batches[which]: counted},
                    on=SENT + dt.timedelta(days=1),
                    reason="counted" if explained else "",
                    user=officer,
                )
            except ValidationError:
                assert counted != held[(place, which)]
                assert not explained
                continue
            held[(place, which)] = counted
        for which, batch in enumerate(batches):
            assert packing_left(batch) == at_packing[which]
            for index, place in enumerate(places):
                stock = Stock.objects.filter(outlet=place, batch=batch).first()
                quantity = stock.quantity if stock else 0
                moves = _ledger(place, batch)
                assert quantity == held[(index, which)] >= 0
                # receipts − dispatches − sales + adjustments (dispatches and sales are negative)
                assert quantity == (
                    moves["receipt"] + moves["dispatch"] + moves["sale"] + moves["adjustment"]
                )
