"""The programme's money: budget against spending, transactions and their conversion, rates."""

import datetime as dt
from decimal import Decimal as D

import factory
import pytest
from django.urls import reverse

from ogop.programme.models import ExchangeRate, Transaction, TransactionType
from ogop.programme.selectors import programme_money
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    ExchangeRateFactory,
    ProgrammeFactory,
    component,
    transaction,
)

pytestmark = pytest.mark.django_db

COMMITMENT, DISBURSEMENT, EXPENDITURE = (
    TransactionType.COMMITMENT,
    TransactionType.DISBURSEMENT,
    TransactionType.EXPENDITURE,
)


@pytest.fixture
def programme():
    return ProgrammeFactory()  # THB, 2016–2018


@pytest.fixture
def books(programme):
    """A hand-counted fixture, in THB.

    component 1 — budget 2016: 100,000; 2017: 200,000
        2016 commitment 150,000; 2016 disbursement 40,000;
        2017 expenditure 1,000 USD at 35 = 35,000
    component 2 — budget 2017: 50,000
        2017 disbursement 10,000 for one of its activities (no component given)
    no component — 2018 expenditure 5,000
    """
    first, second = component(programme, 1), component(programme, 2)
    ComponentBudgetFactory(component=first, year=2016, amount=D("100000"))
    ComponentBudgetFactory(component=first, year=2017, amount=D("200000"))
    ComponentBudgetFactory(component=second, year=2017, amount=D("50000"))
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2017, 1, 1), rate=35)
    transaction(programme, "150000", kind=COMMITMENT, date=dt.date(2016, 3, 1), component=first)
    transaction(programme, "40000", kind=DISBURSEMENT, date=dt.date(2016, 6, 1), component=first)
    transaction(
        programme,
        "1000",
        kind=EXPENDITURE,
        currency="USD",
        date=dt.date(2017, 2, 1),
        component=first,
    )
    activity = ActivityFactory(component=second)
    transaction(programme, "10000", kind=DISBURSEMENT, date=dt.date(2017, 5, 1), activity=activity)
    transaction(programme, "5000", kind=EXPENDITURE, date=dt.date(2018, 1, 10))
    return programme


def _cells(cell):
    return (cell.budget, cell.committed, cell.spent, cell.percent_spent)


def test_budget_against_spending_matches_the_hand_count(books):
    summary = programme_money(books, unassigned_label="none")
    first, second, *others, unassigned = summary.rows
    assert _cells(first.total) == (D("300000"), D("150000"), D("75000"), D("25.0"))
    assert [_cells(cell) for cell in first.years] == [
        (D("100000"), D("150000"), D("40000"), D("40.0")),
        (D("200000"), D("0"), D("35000"), D("17.5")),
        (D("0"), D("0"), D("0"), None),
    ]
    assert _cells(second.total) == (D("50000"), D("0"), D("10000"), D("20.0"))
    assert all(_cells(row.total) == (0, 0, 0, None) for row in others)
    assert (unassigned.label, unassigned.component) == ("none", None)
    assert _cells(unassigned.total) == (D("0"), D("0"), D("5000"), None)
    assert [cell.spent for cell in summary.year_totals] == [D("40000"), D("45000"), D("5000")]
    assert _cells(summary.total) == (D("350000"), D("150000"), D("90000"), D("25.7"))
    assert summary.total.left == D("260000")


def test_money_without_a_component_gets_no_row_of_its_own_until_there_is_some(programme):
    summary = programme_money(programme)
    assert len(summary.rows) == 7
    assert summary.total.percent_spent is None


def test_money_page_shows_totals_percent_and_chart(officer_client, books):
    response = officer_client.get(reverse("programme_money", args=[books.pk]))
    assert response.status_code == 200
    text = response.text
    assert "350,000.00 THB" in text
    assert "90,000.00 THB" in text
    assert "25.7 %" in text
    assert "Not given to a component" in text
    assert 'class="target"' in text  # the budget drawn across each bar
    chart = response.context["by_component"]
    assert chart.bars[0].target_text == "300,000.00 THB"
    assert chart.bars[0].value_text == "75,000.00 THB"


def test_money_page_query_count_does_not_grow(officer_client, books, django_assert_max_num_queries):
    url = reverse("programme_money", args=[books.pk])
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    for day in range(1, 21):
        transaction(books, "10", date=dt.date(2017, 7, day), component=component(books, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


# Recording transactions --------------------------------------------------------------------


def _txn_data(programme, **overrides):
    data = {
        "kind": DISBURSEMENT,
        "date": "1/6/2560",
        "amount": "1,000",
        "currency": "USD",
        "component": component(programme, 1).pk,
        "description": "Trainers' fees",
    }
    data.update(overrides)
    return data


def test_a_transaction_in_another_currency_is_converted_at_the_rate_of_its_day(
    officer_client, programme
):
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=36)
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2017, 5, 1), rate="33.5")
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2017, 7, 1), rate=30)
    response = officer_client.post(
        reverse("transaction_create", args=[programme.pk]), _txn_data(programme)
    )
    assert response.status_code == 302
    txn = Transaction.objects.get()
    assert (txn.date, txn.amount, txn.rate) == (dt.date(2017, 6, 1), D("1000.00"), D("33.5"))
    assert txn.amount_in_programme_currency == D("33500.00")
    listing = officer_client.get(reverse("transaction_list", args=[programme.pk])).text
    assert "33,500.00 THB" in listing
    assert ">33.5<" in listing


def test_a_rate_is_read_the_other_way_round(officer_client, programme):
    ExchangeRateFactory(currency="THB", quote="USD", valid_from=dt.date(2017, 1, 1), rate="0.025")
    officer_client.post(reverse("transaction_create", args=[programme.pk]), _txn_data(programme))
    assert Transaction.objects.get().amount_in_programme_currency == D("40000.00")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"currency": "XYZ"}, "currency", "Unknown currency: XYZ."),
        (
            {"currency": "BTN"},
            "currency",
            "There is no exchange rate from BTN to THB on or before 1 June 2017.",
        ),
        ({"amount": "-5"}, "amount", "An amount cannot be negative."),
        ({"amount": "lots"}, "amount", "Enter a number."),
        (
            {"date": "2019-01-15"},
            "date",
            "The date is outside the programme's period (1 January 2016 – 31 December 2018).",
        ),
        ({"date": "31/2/2560"}, "date", "is not a real date"),
        ({"kind": "9"}, "kind", "Select a valid choice."),
    ],
    ids=["unknown currency", "no rate", "negative", "not a number", "outside", "bad date", "kind"],
)
def test_a_bad_transaction_is_refused_on_its_field_and_not_saved(
    officer_client, programme, overrides, field, message
):
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=35)
    response = officer_client.post(
        reverse("transaction_create", args=[programme.pk]), _txn_data(programme, **overrides)
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert message.replace("'", "&#x27;") in response.text
    assert not Transaction.objects.exists()


def test_an_activity_of_another_component_is_refused(officer_client, programme):
    activity = ActivityFactory(component=component(programme, 2))
    data = _txn_data(programme, currency="THB", activity=activity.pk)
    response = officer_client.post(reverse("transaction_create", args=[programme.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["activity"] == [
        "The activity belongs to another component."
    ]


def test_editing_a_transaction_converts_it_again(officer_client, programme):
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2016, 1, 1), rate=35)
    ExchangeRateFactory(currency="USD", quote="THB", valid_from=dt.date(2018, 1, 1), rate=32)
    txn = transaction(programme, "100", currency="USD", date=dt.date(2017, 6, 1))
    data = _txn_data(programme, amount="200", date="2018-02-01")
    response = officer_client.post(reverse("transaction_edit", args=[txn.pk]), data)
    assert response.status_code == 302
    txn.refresh_from_db()
    assert (txn.amount, txn.rate, txn.amount_in_programme_currency) == (
        D("200.00"),
        D("32"),
        D("6400.00"),
    )


def test_an_edit_without_a_rate_leaves_the_transaction_as_it_was(officer_client, programme):
    txn = transaction(programme, "100")
    data = _txn_data(programme, currency="JPY", amount="999")
    response = officer_client.post(reverse("transaction_edit", args=[txn.pk]), data)
    assert response.status_code == 422
    assert "There is no exchange rate from JPY to THB" in response.text
    txn.refresh_from_db()
    assert (txn.amount, txn.currency, txn.amount_in_programme_currency) == (
        D("100.00"),
        "THB",
        D("100.00"),
    )


def test_transactions_are_filtered_by_type_component_year_and_currency(officer_client, books):
    url = reverse("transaction_list", args=[books.pk])

    def amounts(**params):
        page = officer_client.get(url, params).context["page"]
        return sorted(txn.amount_in_programme_currency for txn in page)

    assert len(amounts()) == 5
    assert amounts(kind=COMMITMENT) == [D("150000")]
    assert amounts(component=component(books, 2).pk) == [D("10000")]  # by its activity
    assert amounts(year=2016) == [D("40000"), D("150000")]
    assert amounts(currency="USD") == [D("35000")]
    partial = officer_client.get(url, {"currency": "USD"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.text
    assert "35,000.00 THB" in partial.text


def test_transaction_list_query_count_does_not_grow(
    officer_client, books, django_assert_max_num_queries
):
    url = reverse("transaction_list", args=[books.pk])
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    for day in range(1, 21):
        transaction(
            books,
            "10",
            date=dt.date(2017, 7, day),
            activity=ActivityFactory(component=component(books, 4)),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


# Exchange rates ----------------------------------------------------------------------------


def _rate_data(**overrides):
    data = {
        "currency": "USD",
        "quote": "BTN",
        "valid_from": "1/1/2560",
        "rate": "๖๗.๕",
        "source": "Royal Monetary Authority",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_rate_with_thai_date_and_digits(officer_client):
    response = officer_client.post(reverse("exchange_rate_create"), _rate_data())
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.valid_from, rate.rate) == (dt.date(2017, 1, 1), D("67.5"))
    listing = officer_client.get(reverse("exchange_rate_list")).text
    assert "Royal Monetary Authority" in listing
    assert ">67.5<" in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quote": "USD"}, "quote", "A rate is between two different currencies."),
        ({"rate": "0"}, "rate", "A rate must be above zero."),
        ({"rate": "-2"}, "rate", "A rate must be above zero."),
        ({"currency": "EUR"}, "currency", "Unknown currency: EUR."),
        ({"valid_from": ""}, "valid_from", "This field is required."),
    ],
    ids=["same currency", "zero", "negative", "unknown", "no date"],
)
def test_a_bad_rate_is_refused_on_its_field(officer_client, overrides, field, message):
    response = officer_client.post(reverse("exchange_rate_create"), _rate_data(**overrides))
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    assert not ExchangeRate.objects.exists()


def test_a_second_rate_for_the_same_pair_and_day_is_refused(officer_client):
    ExchangeRateFactory(currency="USD", quote="BTN", valid_from=dt.date(2017, 1, 1), rate=60)
    response = officer_client.post(reverse("exchange_rate_create"), _rate_data())
    assert response.status_code == 422
    assert "There is already a rate for this pair and day." in response.text
    assert ExchangeRate.objects.get().rate == D("60")


def test_rates_are_filtered_by_either_currency(officer_client):
    ExchangeRateFactory(currency="USD", quote="THB", source="usd-thb")
    ExchangeRateFactory(currency="BTN", quote="USD", source="btn-usd")
    ExchangeRateFactory(currency="JPY", quote="THB", source="jpy-thb")
    page = officer_client.get(reverse("exchange_rate_list"), {"currency": "USD"}).context["page"]
    assert sorted(rate.source for rate in page) == ["btn-usd", "usd-thb"]


def test_rate_list_query_count_does_not_grow(officer_client, django_assert_max_num_queries):
    ExchangeRateFactory.create_batch(2, valid_from=factory_days(2), currency="USD", quote="THB")
    with django_assert_max_num_queries(8) as few:
        officer_client.get(reverse("exchange_rate_list"))
    ExchangeRateFactory.create_batch(20, valid_from=factory_days(20, start=100))
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(reverse("exchange_rate_list"))


def factory_days(count, start=0):
    """Distinct days for a batch of rates of the same pair."""
    return factory.Iterator(
        [dt.date(2016, 1, 1) + dt.timedelta(days=start + n) for n in range(count)]
    )
