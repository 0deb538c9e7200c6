"""Stock arithmetic, voids, idempotent replays and refusals of bad sales."""

import datetime as dt
from decimal import Decimal as D
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogop.fairs.models import Exhibit, Restock, Sale, SaleConflict
from ogop.fairs.services import (
    OutOfStock,
    SaleConflictError,
    SaleError,
    VoidError,
    exhibit_update,
    fair_save,
    restock_record,
    sale_record,
    sale_void,
)
from tests.fairs.factories import ExhibitFactory, FairFactory


def record(exhibit, cashier, *, quantity=1, unit_price=D("90"), **kwargs):
    kwargs.setdefault("client_uuid", uuid4())
    sale, _created = sale_record(
        exhibit=exhibit, quantity=quantity, unit_price=unit_price, cashier=cashier, **kwargs
    )
    return sale


def stock_of(exhibit):
    return Exhibit.objects.get(pk=exhibit.pk).stock


def test_sale_takes_its_quantity_from_stock_and_totals_the_price(exhibit, cashier):
    sale = record(exhibit, cashier, quantity=3, unit_price=D("85"))
    assert (sale.total, sale.currency, sale.oversold) == (D("255.00"), "THB", False)
    assert stock_of(exhibit) == 7


def test_stock_is_opening_plus_restocks_minus_sales_not_voided(exhibit, cashier, supervisor):
    sales = [record(exhibit, cashier, quantity=q) for q in (2, 3, 1)]
    restock_record(exhibit=exhibit, quantity=5, by=supervisor)
    sale_void(sale=sales[1], by=supervisor, reason="Customer returned it")
    sold = Sale.objects.not_void().filter(exhibit=exhibit).aggregate(n=Sum("quantity"))["n"]
    restocked = Restock.objects.filter(exhibit=exhibit).aggregate(n=Sum("quantity"))["n"]
    assert stock_of(exhibit) == exhibit.opening_stock + restocked - sold == 12


def test_correcting_opening_stock_moves_stock_left_by_the_difference(exhibit, cashier):
    record(exhibit, cashier, quantity=4)
    exhibit_update(exhibit=exhibit, fair_price=D("95"), min_price=None, opening_stock=15)
    assert stock_of(exhibit) == 11


def test_restock_of_zero_is_refused(exhibit, supervisor):
    with pytest.raises(ValidationError):
        restock_record(exhibit=exhibit, quantity=0, by=supervisor)
    assert stock_of(exhibit) == 10


def test_replayed_sale_is_recorded_once(exhibit, cashier):
    uid = uuid4()
    first, created = sale_record(
        exhibit=exhibit, quantity=2, unit_price=D("90"), client_uuid=uid, cashier=cashier
    )
    again, created_again = sale_record(
        exhibit=exhibit, quantity=2, unit_price=D("90"), client_uuid=uid, cashier=cashier
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Sale.objects.count() == 1
    assert stock_of(exhibit) == 8


def test_replay_with_same_time_sent_again_is_the_same_sale(exhibit, cashier):
    uid, when = uuid4(), timezone.now() - dt.timedelta(minutes=5)
    first = record(exhibit, cashier, client_uuid=uid, sold_at=when)
    again = record(exhibit, cashier, client_uuid=uid, sold_at=when + dt.timedelta(microseconds=300))
    assert again.pk == first.pk


def test_replay_with_different_content_is_refused_logged_and_first_stands(exhibit, cashier):
    uid = uuid4()
    first = record(exhibit, cashier, client_uuid=uid, quantity=2)
    with pytest.raises(SaleConflictError) as refused:
        record(exhibit, cashier, client_uuid=uid, quantity=5)
    assert refused.value.sale.pk == first.pk
    assert Sale.objects.get().quantity == 2
    assert stock_of(exhibit) == 8
    conflict = SaleConflict.objects.get()
    assert (conflict.client_uuid, conflict.sale, conflict.payload["quantity"]) == (uid, first, 5)
    assert "quantity" in conflict.reason


def test_last_item_sells_then_out_of_stock_is_refused(exhibit, cashier):
    Exhibit.objects.filter(pk=exhibit.pk).update(stock=1)
    record(exhibit, cashier)
    with pytest.raises(OutOfStock, match="Out of stock"):
        record(exhibit, cashier)
    assert Sale.objects.count() == 1
    assert stock_of(exhibit) == 0


def test_refused_sale_tells_the_stock_the_server_holds(exhibit, cashier):
    Exhibit.objects.filter(pk=exhibit.pk).update(stock=1)
    with pytest.raises(OutOfStock) as refused:
        record(exhibit, cashier, quantity=2)
    assert refused.value.stock == 1
    with pytest.raises(SaleError) as refused:
        record(exhibit, cashier, unit_price=D("500"))
    assert refused.value.stock == 1


@pytest.mark.parametrize(
    ("sold_at", "says"),
    [
        (dt.datetime(2017, 12, 17, 10, 15), "no time zone"),
        (dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))), "range of dates"),
    ],
)
def test_replay_with_a_time_that_cannot_be_compared_is_refused(exhibit, cashier, sold_at, says):
    uid = uuid4()
    record(exhibit, cashier, client_uuid=uid)
    with pytest.raises(SaleError, match=says):
        record(exhibit, cashier, client_uuid=uid, sold_at=sold_at)
    assert Sale.objects.count() == 1


def test_fair_allowing_negative_stock_records_the_sale_and_flags_it(exhibit, cashier):
    fair = exhibit.booth.fair
    fair.allow_negative_stock = True
    fair.save()
    Exhibit.objects.filter(pk=exhibit.pk).update(stock=1)
    sale = record(exhibit, cashier, quantity=3)
    assert sale.oversold
    assert stock_of(exhibit) == -2
    assert Exhibit.objects.get(pk=exhibit.pk).is_oversold


@pytest.mark.parametrize("quantity", [0, -1])
def test_quantity_of_zero_or_less_is_refused(exhibit, cashier, quantity):
    with pytest.raises(SaleError, match="at least 1"):
        record(exhibit, cashier, quantity=quantity)
    assert not Sale.objects.exists()
    assert stock_of(exhibit) == 10


@pytest.mark.parametrize(
    ("price", "message"), [(D("79.99"), "below the lowest"), (D("90.01"), "above the fair price")]
)
def test_price_beyond_what_the_exhibit_allows_is_refused(exhibit, cashier, price, message):
    with pytest.raises(SaleError, match=message):
        record(exhibit, cashier, unit_price=price)
    assert not Sale.objects.exists()


def test_exhibit_without_lowest_price_sells_only_at_fair_price(exhibit, cashier):
    Exhibit.objects.filter(pk=exhibit.pk).update(min_price=None)
    exhibit.refresh_from_db()
    with pytest.raises(SaleError):
        record(exhibit, cashier, unit_price=D("89"))
    assert record(exhibit, cashier, unit_price=D("90")).total == D("90.00")


@pytest.mark.parametrize("days", [-3, 3])
def test_sale_dated_outside_the_fair_is_refused(exhibit, cashier, days):
    when = timezone.now() + dt.timedelta(days=days)
    with pytest.raises(SaleError, match=r"outside the fair|in the future"):
        record(exhibit, cashier, sold_at=when)
    assert not Sale.objects.exists()


def test_sale_dated_before_the_fair_says_so(exhibit, cashier):
    with pytest.raises(SaleError, match="outside the fair"):
        record(exhibit, cashier, sold_at=timezone.now() - dt.timedelta(days=3))


def test_void_keeps_the_sale_and_gives_stock_back(exhibit, cashier, supervisor):
    sale = record(exhibit, cashier, quantity=4)
    sale_void(sale=sale, by=supervisor, reason="Wrong product keyed")
    sale.refresh_from_db()
    assert (sale.voided_by, sale.void_reason) == (supervisor, "Wrong product keyed")
    assert sale.is_void
    assert stock_of(exhibit) == 10
    assert sale.history.count() == 2
    assert sale.history.first().history_user == supervisor


def test_void_needs_a_reason_and_happens_once(exhibit, cashier, supervisor):
    sale = record(exhibit, cashier, quantity=2)
    with pytest.raises(VoidError):
        sale_void(sale=sale, by=supervisor, reason="  ")
    sale_void(sale=sale, by=supervisor, reason="Test sale")
    with pytest.raises(VoidError, match="already"):
        sale_void(sale=sale, by=supervisor, reason="Again")
    assert stock_of(exhibit) == 10


def test_sales_are_never_deleted(exhibit, cashier):
    sale = record(exhibit, cashier)
    with pytest.raises(TypeError):
        sale.delete()
    with pytest.raises(TypeError):
        Sale.objects.all().delete()
    assert Sale.objects.count() == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    opening=st.integers(min_value=0, max_value=8),
    steps=st.lists(
        st.tuples(st.sampled_from(["sell", "void", "restock"]), st.integers(1, 4)), max_size=15
    ),
    allow_negative=st.booleans(),
)
def test_stock_always_equals_opening_plus_restocks_minus_sales_not_voided(
    db, cashier, supervisor, opening, steps, allow_negative
):
    exhibit = ExhibitFactory(
        opening_stock=opening, booth__fair__allow_negative_stock=allow_negative
    )
    for action, number in steps:
        if action == "sell":
            try:
                record(exhibit, cashier, quantity=number)
            except OutOfStock:
                assert not allow_negative
                assert stock_of(exhibit) < number
        elif action == "restock":
            restock_record(exhibit=exhibit, quantity=number, by=supervisor)
        elif sale := Sale.objects.not_void().filter(exhibit=exhibit).first():
            sale_void(sale=sale, by=supervisor, reason="Property test")
    sales = Sale.objects.filter(exhibit=exhibit)
    sold = sum(sale.quantity for sale in sales if sale.voided_at is None)
    restocked = sum(r.quantity for r in Restock.objects.filter(exhibit=exhibit))
    assert stock_of(exhibit) == opening + restocked - sold
    if not allow_negative:
        assert stock_of(exhibit) >= 0
        assert not sales.filter(oversold=True).exists()


def test_a_saved_fair_records_who_saved_it(supervisor):
    fair = FairFactory.build(code="FAIR-NEW")
    fair_save(fair=fair, user=supervisor)
    fair.name_en = "OTOP City 2017"
    fair_save(fair=fair, user=supervisor)
    assert [record.history_user for record in fair.history.all()] == [supervisor, supervisor]


def test_opening_stock_lowered_below_the_items_sold_is_refused(exhibit, cashier):
    record(exhibit, cashier, quantity=7)  # 10 - 7 = 3 left
    with pytest.raises(ValidationError) as refused:
        exhibit_update(exhibit=exhibit, fair_price=D("90"), min_price=None, opening_stock=0)
    assert "cannot be below 7" in str(refused.value.message_dict["opening_stock"])
    assert Exhibit.objects.values_list("opening_stock", "stock").get(pk=exhibit.pk) == (10, 3)
    assert Exhibit.objects.get(pk=exhibit.pk).min_price == D("80.00")  # nothing half-written


def test_opening_stock_lowered_to_the_items_sold_leaves_none(exhibit, cashier, supervisor):
    record(exhibit, cashier, quantity=7)
    restock_record(exhibit=exhibit, quantity=2, by=supervisor)  # 10 + 2 - 7 = 5 left
    exhibit_update(exhibit=exhibit, fair_price=D("90"), min_price=None, opening_stock=5)
    assert stock_of(exhibit) == 0


def test_opening_stock_lowered_below_the_items_sold_is_taken_where_negative_stock_is(
    exhibit, cashier
):
    exhibit.booth.fair.allow_negative_stock = True
    exhibit.booth.fair.save()
    record(exhibit, cashier, quantity=7)
    exhibit_update(exhibit=exhibit, fair_price=D("90"), min_price=None, opening_stock=0)
    assert stock_of(exhibit) == -7


def test_fair_currency_is_fixed_once_it_has_a_sale(exhibit, cashier, supervisor):
    fair = exhibit.booth.fair
    fair.currency = "BTN"
    fair_save(fair=fair, user=supervisor)  # no sale yet: it may change
    fair.currency = "THB"
    fair_save(fair=fair, user=supervisor)
    record(exhibit, cashier)
    fair.currency = "BTN"
    with pytest.raises(ValidationError) as refused:
        fair_save(fair=fair, user=supervisor)
    assert "cannot change from THB" in str(refused.value.message_dict["currency"])
    fair.refresh_from_db()
    assert fair.currency == "THB"


@pytest.mark.parametrize(
    ("quantity", "unit_price", "field", "message"),
    [
        (100_001, D("90"), "quantity", "at most 100,000"),
        (3_000_000_000, D("90"), "quantity", "at most 100,000"),
        (1, D("1e999999"), "unit_price", "too large"),
        (1, D("-1"), "unit_price", "cannot be negative"),
        (1, D("NaN"), "unit_price", "not a number"),
    ],
)
def test_sale_beyond_the_bounds_is_refused_before_it_is_written(
    exhibit, cashier, quantity, unit_price, field, message
):
    exhibit.booth.fair.allow_negative_stock = True
    exhibit.booth.fair.save()
    with pytest.raises(SaleError) as refused:
        record(exhibit, cashier, quantity=quantity, unit_price=unit_price)
    assert (refused.value.field, message in refused.value.message) == (field, True)
    assert not Sale.objects.exists()
    assert stock_of(exhibit) == 10


def test_restock_beyond_the_bound_is_refused(exhibit, supervisor):
    with pytest.raises(ValidationError) as refused:
        restock_record(exhibit=exhibit, quantity=100_001, by=supervisor)
    assert "at most 100,000" in str(refused.value.message_dict["quantity"])
    assert stock_of(exhibit) == 10
    assert not Restock.objects.exists()
