"""The fair report: its totals equal the sum of the sales not voided, in every breakdown."""

import datetime as dt
import gc
import io
import random
from decimal import Decimal as D
from uuid import uuid4

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ogop.core.money import format_money
from ogop.fairs import selectors
from ogop.fairs.models import Exhibit, FairTally, LeadStatus, Sale, SaleTally
from ogop.fairs.selectors import fair_report, sales_at_fairs_total
from ogop.fairs.services import fair_save, sale_record, sale_tallies_rebuild, sale_void
from ogop.reports.fair_report import (
    report_pdf,
    report_xlsx,
    sales_by_day_chart,
    top_sellers_chart,
)
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory
from tests.fairs.factories import BoothFactory, BuyerLeadFactory, ExhibitFactory, FairFactory
from tests.reports.test_programme_report import pdf_text

SALES = 500
FIGURES = ("day", "currency", "voided", "count", "quantity", "total")


@pytest.fixture
def generated(db, cashier, supervisor):
    """A past nine-day fair: 4 booths, 12 exhibits of 3 groups, 500 random sales, some voided."""
    return _generate(SALES, cashier, supervisor)


@pytest.fixture
def small(db, cashier, supervisor):
    """The same with fewer sales, for what does not need many."""
    return _generate(120, cashier, supervisor)


def _generate(count, cashier, supervisor):
    rng = random.Random(2017)
    today = dt.date.today()
    fair = FairFactory(
        starts_on=today - dt.timedelta(days=12), ends_on=today - dt.timedelta(days=4)
    )
    groups = [ProducerGroupFactory() for _ in range(3)]
    exhibits = []
    for index in range(4):
        booth = BoothFactory(fair=fair, code=f"BT-{index:02d}")
        for n in range(3):
            price = D(rng.choice(["45", "90", "120.50", "275", "1499.75"]))
            exhibits.append(
                ExhibitFactory(
                    booth=booth,
                    product=ProductFactory(producer_group=groups[(index + n) % 3]),
                    fair_price=price,
                    min_price=price - D("10") if price > 50 else None,
                    opening_stock=1000,
                )
            )
    for _ in range(count):
        exhibit = rng.choice(exhibits)
        day = fair.starts_on + dt.timedelta(days=rng.randrange(9))
        when = dt.datetime.combine(day, dt.time(rng.randrange(10, 21), rng.randrange(60)))
        price = exhibit.fair_price - (D(rng.randrange(0, 11)) if exhibit.min_price else 0)
        sale, _created = sale_record(
            exhibit=exhibit,
            quantity=rng.randrange(1, 6),
            unit_price=price,
            client_uuid=uuid4(),
            cashier=cashier,
            payment_method=rng.choice(["cash", "card", "transfer", "qr"]),
            sold_at=when.replace(tzinfo=fair.tzinfo),
        )
        if rng.random() < 0.08:
            sale_void(sale=sale, by=supervisor, reason="Generated void")
    for status in [LeadStatus.NEW, LeadStatus.NEW, LeadStatus.ORDERED]:
        BuyerLeadFactory(fair=fair, status=status, products=[exhibits[0].product])
    return fair


def _direct(fair):
    sales = list(Sale.objects.filter(exhibit__booth__fair=fair).select_related("exhibit__product"))
    counted = [sale for sale in sales if sale.voided_at is None]
    return sales, counted


def test_report_totals_equal_the_sum_of_sales_not_voided(generated):
    sales, counted = _direct(generated)
    report = fair_report(generated)
    assert len(sales) == SALES
    assert 0 < report.void_count < SALES
    assert report.total == sum(sale.total for sale in counted)
    assert report.quantity == sum(sale.quantity for sale in counted)
    assert report.count == len(counted)
    assert report.void_total == sum(sale.total for sale in sales if sale.voided_at)
    for breakdown in (
        report.by_day,
        report.by_product,
        report.by_booth,
        report.by_group,
        report.by_payment,
    ):
        assert sum(row.total for row in breakdown) == report.total
        assert sum(row.quantity for row in breakdown) == report.quantity
    assert len(report.by_day) == 9
    assert len(report.by_booth) == 4
    assert len(report.by_group) == 3


def _tallies(fair):
    """The fair's tallies: its exhibits' and its own."""
    exhibits = SaleTally.objects.filter(exhibit__booth__fair=fair, count__gt=0)
    own = FairTally.objects.filter(fair=fair, count__gt=0)
    return (
        set(exhibits.values_list("exhibit_id", *FIGURES)),
        set(own.values_list("payment_method", *FIGURES)),
    )


def test_tallies_kept_by_each_sale_and_void_equal_tallies_made_from_the_sales(generated):
    kept = _tallies(generated)
    assert any(voided for _exhibit, _day, _currency, voided, *_figures in kept[0])
    sale_tallies_rebuild(fairs=[generated])
    assert _tallies(generated) == kept


def test_a_voided_sale_leaves_its_days_tally_for_the_voided_ones(
    fair, exhibit, cashier, supervisor
):
    sale, _created = sale_record(
        exhibit=exhibit,
        quantity=2,
        unit_price=exhibit.fair_price,
        client_uuid=uuid4(),
        cashier=cashier,
    )
    sale_void(sale=sale, by=supervisor, reason="Keyed twice")
    # The day's tallies of sales that count are gone; those of voided sales hold it.
    for tally in [SaleTally.objects.get(exhibit=exhibit), FairTally.objects.get(fair=fair)]:
        assert (tally.voided, tally.count, tally.quantity, tally.total) == (True, 1, 2, sale.total)
    report = fair_report(fair)
    assert (report.count, report.total, report.void_count) == (0, 0, 1)


def test_a_fair_moved_to_another_time_zone_counts_its_sales_days_there(small, supervisor):
    first_day, second_day = small.days()[:2]
    exhibit = Exhibit.objects.filter(booth__fair=small).first()
    late = dt.datetime.combine(first_day, dt.time(23, 30), tzinfo=small.tzinfo)  # Bangkok
    sale_record(
        exhibit=exhibit,
        quantity=1,
        unit_price=exhibit.fair_price,
        client_uuid=uuid4(),
        cashier=supervisor,
        sold_at=late,
    )
    before = {row.key: row.count for row in fair_report(small).by_day}

    small.country = "JP"  # two hours ahead of Bangkok: half past one on the next day
    fair_save(fair=small, user=supervisor)

    after = {row.key: row.count for row in fair_report(small).by_day}
    assert after[first_day] == before[first_day] - 1
    assert after[second_day] == before[second_day] + 1
    kept = _tallies(small)
    sale_tallies_rebuild(fairs=[small])
    assert _tallies(small) == kept


def test_each_day_counts_the_sales_of_that_day_at_the_fair(small):
    _sales, counted = _direct(small)
    report = fair_report(small)
    for row in report.by_day:
        day_sales = [s for s in counted if s.sold_at.astimezone(small.tzinfo).date() == row.key]
        assert row.total == sum(s.total for s in day_sales), row.key


def test_stock_left_is_opening_minus_sales_not_voided(generated):
    _sales, counted = _direct(generated)
    for exhibit in Exhibit.objects.filter(booth__fair=generated):
        sold = sum(s.quantity for s in counted if s.exhibit_id == exhibit.pk)
        assert exhibit.stock == exhibit.opening_stock - sold


def test_top_sellers_are_the_products_with_the_largest_takings(small):
    report = fair_report(small, top=3)
    largest = sorted((row.total for row in report.by_product), reverse=True)[:3]
    assert [row.total for row in report.top_sellers] == largest


def test_leads_are_counted_by_follow_up(small):
    report = fair_report(small)
    counts = {row.key: row.count for row in report.leads_by_status}
    assert (counts[LeadStatus.NEW], counts[LeadStatus.ORDERED], report.lead_count) == (2, 1, 3)


def test_spreadsheet_carries_the_same_totals(small):
    report = fair_report(small)
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:4] == (report.count, report.quantity, pytest.approx(float(report.total)))


def test_charts_have_a_bar_per_day_and_per_top_seller(small):
    report = fair_report(small)
    assert len(sales_by_day_chart(report).bars) == 9
    tallest = max(bar.height for bar in sales_by_day_chart(report).bars)
    assert tallest == pytest.approx(240 - 24 - 40)
    assert len(top_sellers_chart(report).bars) == 10


def test_report_page_shows_the_total_and_inline_charts(client, supervisor, small):
    client.login(username=supervisor.username, password=PASSWORD)
    response = client.get(reverse("fair_report", args=[small.code]))
    report = fair_report(small)
    assert format_money(report.total, "THB") in response.text
    assert response.text.count('<svg class="wide"') == 2  # each drawn for a phone as well


def test_report_pdf_is_a_pdf(client, supervisor, small):
    client.login(username=supervisor.username, password=PASSWORD)
    response = client.get(reverse("fair_report_pdf", args=[small.code]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_sales_at_fairs_sums_sales_not_voided_by_currency_and_period(small, cashier):
    _sales, counted = _direct(small)
    other = ExhibitFactory(
        booth__fair=FairFactory(currency="USD"), fair_price=D("12.00"), min_price=None
    )
    sale_record(exhibit=other, quantity=2, unit_price=D("12"), client_uuid=uuid4(), cashier=cashier)
    totals = sales_at_fairs_total()
    assert totals == {"THB": sum(s.total for s in counted), "USD": D("24.00")}
    first_day = small.starts_on
    on_first_day = sales_at_fairs_total(start=first_day, end=first_day, fairs=[small])
    expected = sum(s.total for s in counted if timezone.localdate(s.sold_at) == first_day)
    assert on_first_day.get("THB", D(0)) == expected


def test_each_breakdown_row_holds_the_sales_of_what_it_names(generated):
    _sales, counted = _direct(generated)
    report = fair_report(generated)

    def sold(key):
        return {
            row.label: row.total
            for row in getattr(report, f"by_{key}")
            if row.count  # every row names something with sales
        }

    def expected(of):
        totals = {}
        for sale in counted:
            label = of(sale.exhibit)
            totals[label] = totals.get(label, 0) + sale.total
        return totals

    assert sold("product") == expected(lambda e: f"{e.product.code} {e.product.name}")
    assert sold("booth") == expected(lambda e: f"{e.booth.code} {e.booth.name}")
    assert sold("group") == expected(lambda e: e.product.producer_group.name)


def test_breakdowns_and_stock_are_named_in_the_readers_language(small):
    _sales, counted = _direct(small)
    product = counted[0].exhibit.product
    group = product.producer_group
    product.name_th, group.name_th = "น้ำผึ้งป่า", "กลุ่มผู้เลี้ยงผึ้ง"
    product.save()
    group.save()
    with translation.override("th"):
        report = fair_report(small)
    assert f"{product.code} น้ำผึ้งป่า" in {row.label for row in report.by_product}
    assert "กลุ่มผู้เลี้ยงผึ้ง" in {row.label for row in report.by_group}
    assert "น้ำผึ้งป่า" in {row.product_name for row in report.stock}
    with translation.override("en"):
        report = fair_report(small)
    assert product.name_en in {row.product_name for row in report.stock}
    assert group.name_en in {row.label for row in report.by_group}


def test_the_report_reads_the_same_queries_whatever_the_fair_holds(
    small, generated, django_assert_num_queries
):
    with django_assert_num_queries(5):
        fair_report(small)
    groups = [ProducerGroupFactory() for _ in range(5)]
    booth = BoothFactory(fair=generated, code="BT-99")
    for group in groups:
        ExhibitFactory(booth=booth, product=ProductFactory(producer_group=group))
    with django_assert_num_queries(5):
        report = fair_report(generated)
    assert len(report.stock) == 12 + 5


def test_the_report_runs_the_collector_less_often_and_as_before_after(small, monkeypatch):
    before = gc.get_threshold()
    during = []
    read_totals = selectors._fair_totals

    def totals(fair):
        during.append(gc.get_threshold())
        return read_totals(fair)

    monkeypatch.setattr(selectors, "_fair_totals", totals)
    report = fair_report(small)
    assert report.count > 0
    assert during[0][0] > before[0]
    assert gc.get_threshold() == before


def test_report_never_adds_sales_of_different_currencies(client, supervisor, cashier):
    # Given a fair whose currency was changed after a sale (before the rule that forbids it)
    exhibit = ExhibitFactory(fair_price=D("319579"), min_price=None)
    fair = exhibit.booth.fair
    sale_record(
        exhibit=exhibit, quantity=1, unit_price=D("319579"), client_uuid=uuid4(), cashier=cashier
    )
    type(fair).objects.filter(pk=fair.pk).update(currency="BTN")
    fair.refresh_from_db()
    Exhibit.objects.filter(pk=exhibit.pk).update(fair_price=D("60"))
    exhibit.refresh_from_db()
    sale_record(
        exhibit=exhibit, quantity=1, unit_price=D("60"), client_uuid=uuid4(), cashier=cashier
    )

    # When the report is read
    report = fair_report(fair)

    # Then its totals hold the fair's currency only, and the baht are shown apart
    assert (report.total, report.count) == (D("60.00"), 1)
    assert [row.total for row in report.by_day if row.count] == [D("60.00")]
    assert [(row.key, row.total) for row in report.other_currencies] == [("THB", D("319579.00"))]
    client.login(username=supervisor.username, password=PASSWORD)
    page = client.get(reverse("fair_report", args=[fair.code]))
    assert "319,639" not in page.text
    assert "319,579.00 THB" in page.text
    assert "Sales in other currencies than BTN" in page.text
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 319639 not in values
    assert D("319639") not in values


def test_made_up_sales_are_named_in_the_report_its_page_pdf_and_sheet(
    client, supervisor, cashier, small, tmp_path
):
    # Given a fair whose real sales are joined by two made-up ones (one of them voided)
    exhibit = Exhibit.objects.filter(booth__fair=small).first()
    made_up = [
        sale_record(
            exhibit=exhibit,
            quantity=quantity,
            unit_price=exhibit.fair_price,
            client_uuid=uuid4(),
            cashier=cashier,
            sold_at=dt.datetime.combine(small.starts_on, dt.time(12), tzinfo=small.tzinfo),
            is_illustrative=True,
        )[0]
        for quantity in (2, 3)
    ]
    sale_void(sale=made_up[1], by=supervisor, reason="Keyed twice")

    # When the report is read
    report = fair_report(small)

    # Then it counts the made-up sale not voided, which its figures hold
    assert (report.illustrative.count, report.illustrative.quantity) == (1, 2)
    assert report.illustrative.total == made_up[0].total
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][:3] == ("Made-up sales (illustrative), counted above", 1, 2)
    client.login(username=supervisor.username, password=PASSWORD)
    page = client.get(reverse("fair_report", args=[small.code]))
    amount = format_money(made_up[0].total, small.currency)
    assert f"1 of the {report.count} sales in this report ({amount}) is made up" in page.text
    printed = " ".join(pdf_text(report_pdf(report), tmp_path).split())
    assert "illustrative" in printed
    assert "is made up for the demonstration" in printed


def test_a_fair_of_real_sales_only_says_nothing_made_up(client, supervisor, small):
    report = fair_report(small)
    assert report.illustrative.count == 0
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report))).active
    assert "Made-up sales (illustrative), counted above" not in [
        row[0] for row in sheet.iter_rows(values_only=True)
    ]
    client.login(username=supervisor.username, password=PASSWORD)
    page = client.get(reverse("fair_report", args=[small.code]))
    assert 'id="illustrative-sales"' not in page.text
