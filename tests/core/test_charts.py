"""Server-drawn charts: bar lengths in proportion, target markers, and their print form."""

from decimal import Decimal

from ogop.core.charts import Item, bar_chart, column_chart, print_chart


def test_bars_are_in_proportion_and_the_target_is_marked():
    chart = bar_chart("t", [Item("a", 50, "50", target=100), Item("b", 100, "100")])
    first, second = chart.bars
    assert second.width == 2 * first.width
    assert first.marker is not None
    assert first.marker.x1 == first.x + second.width  # the target is the longest reach


def test_columns_grow_upwards_from_a_common_baseline():
    chart = column_chart("t", [Item("a", Decimal(1), "1"), Item("b", Decimal(3), "3")])
    low, high = chart.bars
    assert low.y + low.height == high.y + high.height
    assert abs(high.height - 3 * low.height) < 0.5  # rounded to a tenth of a unit


def test_nothing_to_show_is_said_instead_of_an_empty_chart():
    assert bar_chart("t", [Item("a", 0, "0")]).empty
    assert column_chart("t", []).empty


def test_the_print_form_keeps_shares_and_markers_of_either_kind_of_chart():
    for make in (bar_chart, column_chart):
        printed = print_chart(make("t", [Item("a", 25, "25", target=50), Item("b", 100, "100")]))
        first, second = printed.bars
        assert second.share == 100.0
        assert first.share == 25.0
        assert first.marker == 50.0
        assert second.marker is None
