"""The demo fair: booths, the 35 products, nine days of sales within stock, buyer leads."""

import datetime as dt
from unittest import mock

import pytest
from django.db.models import Sum
from django.utils import timezone

from ogop.accounts.models import User
from ogop.demo import fairs
from ogop.fairs.models import Booth, BuyerLead, Exhibit, Fair, Restock, Sale
from ogop.fairs.selectors import fair_report


@pytest.fixture
def loaded(demo, db):
    users = {user.username: user for user in User.objects.all()}
    return users, fairs.load(users)


def _state():
    return (
        Booth.objects.count(),
        list(Exhibit.objects.order_by("pk").values_list("pk", "stock")),
        Sale.objects.count(),
        Sale.objects.filter(voided_at__isnull=False).count(),
        Restock.objects.count(),
        BuyerLead.objects.count(),
    )


def test_demo_fair_has_the_35_products_at_the_bhutan_pavilion(loaded):
    _users, counts = loaded
    fair = Fair.objects.get(code="OTOP-CITY-2017")
    exhibits = Exhibit.objects.filter(booth__fair=fair).select_related("product", "booth")
    assert counts["exhibits"] == exhibits.count() == 35
    assert {e.product.code for e in exhibits} == {f"BT-P{n:03d}" for n in range(1, 36)}
    assert all(e.booth.pavilion_country == "BT" and e.is_illustrative for e in exhibits)
    assert all(e.fair_price > 0 for e in exhibits)


def test_demo_sales_fall_on_the_nine_days_and_stay_within_stock(loaded):
    fair = Fair.objects.get(code="OTOP-CITY-2017")
    sales = Sale.objects.filter(exhibit__booth__fair=fair)
    days = {sale.sold_at.astimezone(fair.tzinfo).date() for sale in sales}
    assert days == {dt.date(2017, 12, 17) + dt.timedelta(days=n) for n in range(9)}
    assert not sales.filter(is_illustrative=False).exists()
    assert not sales.filter(oversold=True).exists()
    assert not Exhibit.objects.filter(stock__lt=0).exists()
    assert sales.filter(voided_at__isnull=False).count() == 2
    report = fair_report(fair)
    assert report.total == sales.filter(voided_at__isnull=True).aggregate(t=Sum("total"))["t"]


def test_demo_cashier_sells_at_a_booth_of_the_fair_and_leads_are_illustrative(loaded):
    users, counts = loaded
    booths = users["cashier"].fair_booths.order_by("fair__code", "code")
    assert [(booth.fair.code, booth.code) for booth in booths] == [
        (fairs.MARKET_CODE, fairs.MARKET_BOOTH),
        ("OTOP-CITY-2017", "BT-01"),
    ]
    assert Sale.objects.filter(cashier=users["cashier"]).exists()
    assert counts["leads"] == BuyerLead.objects.filter(is_illustrative=True).count() == 5
    assert all(lead.products.exists() for lead in BuyerLead.objects.all())


def test_demo_fair_loads_twice_without_changes(loaded):
    users, first_counts = loaded
    before = _state()
    again = fairs.load(users)
    assert _state() == before
    assert again == first_counts


def test_demo_market_is_open_today_marked_illustrative_with_a_sold_out_product(loaded):
    users, _counts = loaded
    market = Fair.objects.get(code=fairs.MARKET_CODE)
    today = timezone.localdate(timezone=market.tzinfo)
    assert market.is_illustrative
    assert "illustrative" in market.name
    assert market.starts_on < today < market.ends_on
    exhibits = Exhibit.objects.filter(booth__fair=market)
    assert exhibits.count() == len(fairs.MARKET_STOCK)
    assert all(exhibit.is_illustrative and exhibit.booth.is_illustrative for exhibit in exhibits)
    assert list(exhibits.filter(stock=0).values_list("product__code", flat=True)) == ["BT-P011"]
    assert not Fair.objects.get(code="OTOP-CITY-2017").is_illustrative  # a fact of the source
    assert market.booths.get().cashiers.get() == users["cashier"]
    assert not Sale.objects.filter(exhibit__booth__fair=market).exists()


def test_demo_loaded_again_weeks_later_moves_the_market_to_that_day(loaded):
    users, _counts = loaded
    market = Fair.objects.get(code=fairs.MARKET_CODE)
    later = timezone.now() + dt.timedelta(days=40)
    with mock.patch.object(timezone, "now", return_value=later):
        fairs.load(users)
        today = timezone.localdate(timezone=market.tzinfo)
    market.refresh_from_db()
    assert market.starts_on < today < market.ends_on
    assert Exhibit.objects.filter(booth__fair=market).count() == len(fairs.MARKET_STOCK)
    otop = Fair.objects.get(code="OTOP-CITY-2017")
    assert (otop.starts_on, otop.ends_on) == (dt.date(2017, 12, 17), dt.date(2017, 12, 25))
