from decimal import Decimal as D

from ogop.programme.sectors import sector_totals_off


def test_only_vocabularies_whose_shares_miss_100_are_named_in_the_order_first_listed():
    shares = [("2", D("50")), ("1", D("60")), ("99", D("10")), ("1", D("40"))]
    assert sector_totals_off(shares) == [("2", D("50")), ("99", D("10"))]


def test_no_sectors_leave_nothing_to_correct():
    assert sector_totals_off([]) == []
