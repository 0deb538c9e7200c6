"""Fairs in the administration pages: stock moves as it does on the fair's pages, and what an
exhibit or a booth is stays as it was made."""

import datetime as dt
from uuid import uuid4

import pytest
from django.urls import reverse

from ogop.fairs.models import Exhibit
from ogop.fairs.selectors import fair_report
from ogop.fairs.services import sale_record
from tests.factories import PASSWORD, ProductFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory


@pytest.fixture
def admin_client(client, make_user):
    client.login(username=make_user("admin").username, password=PASSWORD)
    return client


def exhibit_form(**values):
    return {"fair_price": "90.00", "min_price": "80.00", "opening_stock": "10", **values}


def test_an_exhibit_added_here_has_its_opening_stock_to_sell(admin_client):
    booth, product = BoothFactory(), ProductFactory()
    form = exhibit_form(booth=str(booth.pk), product=str(product.pk), opening_stock="12")
    assert admin_client.post(reverse("admin:fairs_exhibit_add"), form).status_code == 302
    assert Exhibit.objects.values_list("opening_stock", "stock").get(product=product) == (12, 12)


def test_a_corrected_opening_stock_moves_the_stock_left(admin_client):
    exhibit = ExhibitFactory(opening_stock=10, stock=4)  # six sold
    url = reverse("admin:fairs_exhibit_change", args=[exhibit.pk])
    form = exhibit_form(opening_stock="12", booth=str(BoothFactory().pk))
    assert admin_client.post(url, form).status_code == 302
    exhibit.refresh_from_db()
    assert (exhibit.opening_stock, exhibit.stock) == (12, 6)
    assert exhibit.booth_id != int(form["booth"])  # an exhibit does not move


def test_a_booth_stays_at_its_fair(admin_client):
    booth = BoothFactory()
    page = admin_client.get(reverse("admin:fairs_booth_change", args=[booth.pk]))
    assert "fair" not in page.context["adminform"].form.fields


def days_with_sales(fair) -> dict:
    return {row.key: row.count for row in fair_report(fair).by_day if row.count}


def current_values(page) -> dict:
    """The change form's values, as its page would post them back."""
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = str(value)
    return data


def test_a_fair_moved_to_another_time_zone_here_counts_its_sales_days_there(
    admin_client, make_user
):
    exhibit = ExhibitFactory()
    fair = exhibit.booth.fair
    first_day = fair.starts_on
    sale_record(
        exhibit=exhibit,
        quantity=1,
        unit_price=exhibit.fair_price,
        client_uuid=uuid4(),
        cashier=make_user("cashier"),
        sold_at=dt.datetime.combine(first_day, dt.time(23, 30), tzinfo=fair.tzinfo),  # Bangkok
    )
    assert days_with_sales(fair) == {first_day: 1}
    url = reverse("admin:fairs_fair_change", args=[fair.pk])
    form = {**current_values(admin_client.get(url)), "country": "JP"}  # two hours ahead
    assert admin_client.post(url, form).status_code == 302
    fair.refresh_from_db()
    next_day = first_day + dt.timedelta(days=1)
    assert days_with_sales(fair) == {next_day: 1}


def test_a_fair_keeps_its_currency_here_once_it_has_a_sale(admin_client, cashier):
    exhibit = ExhibitFactory()
    fair = exhibit.booth.fair
    url = reverse("admin:fairs_fair_change", args=[fair.pk])
    assert "currency" in admin_client.get(url).context["adminform"].form.fields
    sale = {"quantity": 1, "unit_price": exhibit.fair_price, "client_uuid": uuid4()}
    sale_record(exhibit=exhibit, cashier=cashier, **sale)
    page = admin_client.get(url)
    assert "currency" not in page.context["adminform"].form.fields
    admin_client.post(url, {**current_values(page), "currency": "BTN"})
    fair.refresh_from_db()
    assert fair.currency == "THB"


def test_an_opening_stock_below_the_items_sold_is_refused_here(admin_client):
    exhibit = ExhibitFactory(opening_stock=10, stock=3)  # seven sold
    url = reverse("admin:fairs_exhibit_change", args=[exhibit.pk])
    response = admin_client.post(url, exhibit_form(opening_stock="0"))
    assert response.status_code == 200
    assert "cannot be below 7" in str(response.context["adminform"].form.errors)
    exhibit.refresh_from_db()
    assert (exhibit.opening_stock, exhibit.stock) == (10, 3)
