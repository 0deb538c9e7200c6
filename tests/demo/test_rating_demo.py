"""The demo's assessment rounds and development histories."""

import datetime as dt

from ogop.accounts.models import User
from ogop.demo import rating
from ogop.demo.loader import USERS
from ogop.products.models import Product, StageChange
from ogop.rating.models import AssessmentRound, ProductRating
from ogop.rating.selectors import products_that_gained_stars


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=[row[0] for row in USERS])}


def test_demo_rounds_of_2017_and_2018_are_closed_and_some_products_gain_stars(demo, db):
    # The demo loads the rating demo too.
    again = rating.load(_users())
    assert again["rounds"] == 0  # already there: nothing new
    early, late = AssessmentRound.objects.order_by("date")
    assert (early.date.year, late.date.year) == (2017, 2018)
    assert not early.is_open
    assert not late.is_open
    assert early.is_illustrative
    assert late.is_illustrative
    assert early.assessors.count() >= 3
    assert early.assessors.filter(username="assessor").exists()
    assert products_that_gained_stars(since_round=early, in_round=late) >= 3
    assert Product.objects.filter(stars__isnull=False).count() == late.products.count()
    assert len(set(ProductRating.objects.values_list("stars", flat=True))) >= 3


def test_demo_products_have_a_development_history_from_2016_to_2018(demo, db):
    rating.load(_users())
    dates = StageChange.objects.values_list("moved_on", flat=True)
    assert min(dates) >= dt.date(2016, 1, 1)
    assert max(dates) <= dt.date(2018, 12, 31)
    for product in Product.objects.exclude(stage="idea"):
        last = product.stage_changes.order_by("moved_on", "pk").last()
        assert last.to_stage_id == product.stage_id


def test_demo_rating_loads_twice_without_duplicates(demo, db):
    rating.load(_users())
    counts = (
        AssessmentRound.objects.count(),
        ProductRating.objects.count(),
        StageChange.objects.count(),
    )
    again = rating.load(_users())
    assert again["rounds"] == 0
    assert again["stage_changes"] == 0
    assert (
        AssessmentRound.objects.count(),
        ProductRating.objects.count(),
        StageChange.objects.count(),
    ) == counts


def test_products_market_ready_today_were_so_before_otop_city_2017():
    path = ["idea", "prototype", "packaging", "certified", "market_ready", "exported"]
    days = rating._move_days(dt.date(2016, 3, 1), path)
    assert days == sorted(days)
    assert days[4] <= rating.READY_BY < dt.date(2017, 12, 17)
    assert days[5] >= rating.AFTER_FAIR
    # A product not yet market-ready today had reached its stage before the fair too.
    assert rating._move_days(dt.date(2016, 3, 1), ["idea", "prototype", "packaging"])[-1] == (
        rating.READY_BY
    )
