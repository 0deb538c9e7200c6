"""Goods sent, received and counted at the same moment, in real threads with their own
database connections: no unit is sent twice, and no change of the stock is lost."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from ogop.accounts.models import Role
from ogop.outlets.models import Dispatch, Stock, StockMove
from ogop.outlets.selectors import packing_left
from ogop.outlets.services import dispatch_receive, dispatch_send
from tests.factories import ProductFactory, UserFactory
from tests.outlets.helpers import SENT, delivered, outlet
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test
from tests.supply.helpers import packed

# These tests are transactional: the shipped data their flush removes is given back.
_fixtures = (shipped_data_after_module, shipped_data_before_transactional_test)
pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 6


def _together(work: Callable[[int], Any]) -> list[str]:
    """Run work(index) in WORKERS threads released at once; 'done', 'refused' or the error."""
    barrier = threading.Barrier(WORKERS)
    outcomes = [""] * WORKERS

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            work(index)
            outcomes[index] = "done"
        except ValidationError:
            outcomes[index] = "refused"
        except Exception as exc:
            outcomes[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _ledger(place, batch) -> int:
    moves = StockMove.objects.filter(outlet=place, batch=batch)
    return moves.aggregate(total=Sum("quantity"))["total"] or 0


def test_the_last_units_are_sent_once(concurrent_db):
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    batch = packed(ProductFactory(), quantity=50, buyer=officer)
    depot, shop = outlet("DEPOT"), outlet("SHOP")
    delivered(batch, depot, 10, user=officer)

    def send(index: int) -> None:
        dispatch_send(
            source=depot, destination=shop, lines=[(batch, 4)], sent_on=SENT, user=officer
        )

    outcomes = _together(send)
    assert sorted(outcomes) == ["done", "done"] + ["refused"] * (WORKERS - 2), outcomes
    stock = Stock.objects.get(outlet=depot, batch=batch)
    assert stock.quantity == _ledger(depot, batch) == 2


def test_sends_from_the_packing_house_never_exceed_the_batch(concurrent_db):
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    batch = packed(ProductFactory(), quantity=20, buyer=officer)
    shops = [outlet(f"SHOP-{index}") for index in range(WORKERS)]

    def send(index: int) -> None:
        dispatch_send(destination=shops[index], lines=[(batch, 7)], sent_on=SENT, user=officer)

    outcomes = _together(send)
    assert sorted(outcomes) == ["done", "done"] + ["refused"] * (WORKERS - 2), outcomes
    assert packing_left(batch) == 6


def test_receipts_into_one_outlet_at_once_lose_no_unit(concurrent_db):
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    batch = packed(ProductFactory(), quantity=100, buyer=officer)
    shop = outlet("SHOP")
    dispatches = [
        dispatch_send(destination=shop, lines=[(batch, 3)], sent_on=SENT, user=officer)
        for _ in range(WORKERS)
    ]

    def receive(index: int) -> None:
        dispatch = dispatches[index]
        line = dispatch.lines.get()
        dispatch_receive(
            dispatch=dispatch, received={line.pk: (3, "")}, received_on=SENT, user=officer
        )

    assert _together(receive) == ["done"] * WORKERS
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == _ledger(shop, batch) == 18


def test_one_dispatch_received_twice_at_once_counts_once(concurrent_db):
    officer = UserFactory(role=Role.PROGRAMME_OFFICER)
    batch = packed(ProductFactory(), quantity=100, buyer=officer)
    shop = outlet("SHOP")
    dispatch = dispatch_send(destination=shop, lines=[(batch, 5)], sent_on=SENT, user=officer)
    line = dispatch.lines.get()

    def receive(index: int) -> None:
        dispatch_receive(
            dispatch=Dispatch.objects.get(pk=dispatch.pk),
            received={line.pk: (5, "")},
            received_on=SENT,
            user=officer,
        )

    outcomes = _together(receive)
    assert sorted(outcomes) == ["done"] + ["refused"] * (WORKERS - 1), outcomes
    assert Stock.objects.get(outlet=shop, batch=batch).quantity == _ledger(shop, batch) == 5
