"""The demo's purchases, batches and payments: illustrative, and consistent with the fair:
what was sold at OTOP CITY 2017 was bought and packed before it."""

import datetime as dt

import pytest
from django.db.models import Sum

from ogop.accounts.models import User
from ogop.demo import supply
from ogop.fairs.models import Exhibit
from ogop.supply.models import Batch, Payment, Purchase
from ogop.supply.selectors import group_balances

FAIR_OPENS = dt.date(2017, 12, 17)


@pytest.fixture
def loaded(demo, db):
    return {user.username: user for user in User.objects.all()}


def test_every_product_at_the_fair_was_bought_and_packed_before_it_opened(loaded):
    exhibits = Exhibit.objects.filter(booth__fair__code="OTOP-CITY-2017").annotate(
        restocked=Sum("restocks__quantity")
    )
    assert exhibits.count() == 35
    for exhibit in exhibits:
        batch = Batch.objects.get(product=exhibit.product, produced_on__lt=FAIR_OPENS)
        delivered = exhibit.opening_stock + (exhibit.restocked or 0)
        assert batch.quantity >= delivered, exhibit.product.code
        for batch_input in batch.inputs.select_related("lot__purchase"):
            purchase = batch_input.lot.purchase
            assert purchase.bought_on <= batch.produced_on
            assert purchase.group == exhibit.product.producer_group


def test_the_demo_s_supply_is_marked_made_up(loaded):
    assert Purchase.objects.exists()
    assert not Purchase.objects.filter(is_illustrative=False).exists()
    assert not Batch.objects.filter(is_illustrative=False).exists()
    assert not Payment.objects.filter(is_illustrative=False).exists()


def test_most_groups_are_paid_and_two_are_still_owed_part(loaded):
    owed = {
        purchase.group.code
        for purchase in Purchase.objects.select_related("group")
        if any(balance.owed > 0 for balance in group_balances(purchase.group))
    }
    assert owed == set(supply.PARTLY_PAID)
    assert all(
        balance.owed >= 0 for p in Purchase.objects.all() for balance in group_balances(p.group)
    )


def test_loading_the_supply_again_changes_nothing(loaded):
    before = (Purchase.objects.count(), Batch.objects.count(), Payment.objects.count())
    supply.load(loaded)
    assert (Purchase.objects.count(), Batch.objects.count(), Payment.objects.count()) == before
