"""Cashiers selling at the same moment, in real threads with their own database connections."""

import threading
from decimal import Decimal as D
from uuid import uuid4

import pytest
from django.db import connection

from ogop.accounts.models import Role
from ogop.fairs.models import Exhibit, FairTally, Sale, SaleTally
from ogop.fairs.services import OutOfStock, sale_record
from tests.factories import UserFactory
from tests.fairs.factories import ExhibitFactory

SELLERS = 6


def _sell_together(exhibit, cashiers, *, quantity=1, client_uuids=None):
    """Each cashier records a sale at once (of the exhibit, or of their own one of a list);
    returns the outcomes, in the cashiers' order."""
    exhibits = exhibit if isinstance(exhibit, list) else [exhibit] * len(cashiers)
    barrier = threading.Barrier(len(cashiers))
    outcomes: list = [None] * len(cashiers)
    client_uuids = client_uuids or [uuid4() for _ in cashiers]

    def sell(index, cashier):
        try:
            barrier.wait(timeout=10)
            sale, created = sale_record(
                exhibit=exhibits[index],
                quantity=quantity,
                unit_price=D("90"),
                client_uuid=client_uuids[index],
                cashier=cashier,
            )
            outcomes[index] = ("created" if created else "replayed", sale.pk)
        except OutOfStock:
            outcomes[index] = ("out of stock", None)
        except Exception as exc:
            outcomes[index] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sell, args=(index, cashier))
        for index, cashier in enumerate(cashiers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def last_item(concurrent_db):
    return ExhibitFactory(opening_stock=1, booth__fair__code="CONCURRENT")


@pytest.mark.django_db(transaction=True)
def test_two_cashiers_selling_the_last_item_one_succeeds_other_out_of_stock(last_item):
    cashiers = [UserFactory(role=Role.CASHIER) for _ in range(SELLERS)]
    outcomes = _sell_together(last_item, cashiers)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["created"] + ["out of stock"] * (SELLERS - 1), outcomes
    assert Sale.objects.count() == 1
    assert Exhibit.objects.get(pk=last_item.pk).stock == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_sales_lose_no_update_of_the_stock(concurrent_db):
    exhibit = ExhibitFactory(opening_stock=100)
    cashiers = [UserFactory(role=Role.CASHIER) for _ in range(SELLERS)]
    outcomes = _sell_together(exhibit, cashiers, quantity=3)
    assert [kind for kind, _ in outcomes] == ["created"] * SELLERS, outcomes
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 100 - 3 * SELLERS
    # The day's tallies, the exhibit's and the fair's, lost none of the sales.
    for tally in [SaleTally.objects.get(exhibit=exhibit), FairTally.objects.get()]:
        assert (tally.count, tally.quantity, tally.total) == (SELLERS, 3 * SELLERS, 270 * SELLERS)


@pytest.mark.django_db(transaction=True)
def test_same_sale_sent_at_once_from_two_connections_is_recorded_once(concurrent_db):
    exhibit = ExhibitFactory(opening_stock=10)
    cashier = UserFactory(role=Role.CASHIER)
    uid = uuid4()
    outcomes = _sell_together(exhibit, [cashier] * 4, quantity=2, client_uuids=[uid] * 4)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["created", "replayed", "replayed", "replayed"], outcomes
    assert len({pk for _, pk in outcomes}) == 1
    assert Sale.objects.count() == 1
    assert Exhibit.objects.get(pk=exhibit.pk).stock == 8
    assert SaleTally.objects.get(exhibit=exhibit).count == 1


@pytest.mark.django_db(transaction=True)
def test_sales_of_different_exhibits_at_once_all_reach_the_fairs_tally(concurrent_db):
    first = ExhibitFactory(opening_stock=10, booth__fair__code="CONCURRENT")
    exhibits = [first] + [
        ExhibitFactory(opening_stock=10, booth=first.booth) for _ in range(SELLERS - 1)
    ]
    cashiers = [UserFactory(role=Role.CASHIER) for _ in range(SELLERS)]
    outcomes = _sell_together(exhibits, cashiers, quantity=2)
    assert [kind for kind, _ in outcomes] == ["created"] * SELLERS, outcomes
    # One tally of the fair for the day, made by whichever sale came first, holds them all.
    tally = FairTally.objects.get()
    assert (tally.count, tally.quantity, tally.total) == (SELLERS, 2 * SELLERS, 180 * SELLERS)
    assert SaleTally.objects.count() == SELLERS
