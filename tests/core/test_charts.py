"""Server-drawn charts: bar lengths in proportion, target markers, labels that are neither cut
nor overlapping, and their print form."""

import itertools
import math
from decimal import Decimal

from pythainlp.tokenize import word_tokenize

from ogop.core.charts import (
    LABEL_SIZE,
    LINE_HEIGHT,
    VALUE_SIZE,
    Item,
    bar_chart,
    column_chart,
    print_chart,
    text_width,
    wrap_label,
)


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


# Labels: none cut, none overlapping -----------------------------------------------------------

MONTH = [Item(f"{day}/12", day, f"{day:,} THB") for day in range(1, 32)]
COMPONENTS = [
    Item("1. Training, study visits and workshops in Bhutan and Thailand", 60, "6,033,355.70 THB"),
    Item("5. Public-relations media and promotion of OGOP", 26, "2,606,000.00 THB"),
    Item("7. Monitoring and evaluation", 8, "822,561.97 THB"),
]


def drawn_columns(chart):
    return [bar for bar in chart.bars if bar.label_lines]


def test_a_month_of_columns_draws_labels_apart_and_inside_the_chart():
    chart = column_chart("Sales by day", MONTH)
    for drawn in (chart, chart.narrow):
        labels = drawn_columns(drawn)
        assert 8 <= len(labels) < 31  # thinned, but enough to read the month by
        assert all(bar.label_lines == (bar.label,) for bar in labels)  # never cut
        slant = math.radians(drawn.label_rotation)
        for left, right in itertools.pairwise(labels):
            if drawn.label_rotation:
                # Turned labels are parallel: apart by their line height across the slant.
                assert (right.label_x - left.label_x) * math.sin(slant) >= LINE_HEIGHT
            else:
                assert left.label_x + text_width(left.label) / 2 < (
                    right.label_x - text_width(right.label) / 2
                )
        for bar in labels:
            reach = text_width(bar.label)
            if drawn.label_rotation:
                assert bar.label_x - reach * math.cos(slant) >= 0
                assert bar.label_y + reach * math.sin(slant) <= drawn.height
            else:
                assert bar.label_x - reach / 2 >= 0
                assert bar.label_x + reach / 2 <= drawn.width


def test_columns_that_have_room_show_every_label_level():
    chart = column_chart("t", [Item(str(year), 1, "1") for year in (2016, 2017, 2018)])
    assert chart.label_rotation == 0
    assert [bar.label_lines for bar in chart.bars] == [("2016",), ("2017",), ("2018",)]


def test_long_row_labels_wrap_whole_and_rows_do_not_overlap():
    chart = bar_chart("Spent by component", COMPONENTS)
    for drawn in (chart, chart.narrow):
        label_width = drawn.bars[0].x
        for bar in drawn.bars:
            assert " ".join(bar.label_lines) == bar.label  # wrapped at spaces, nothing cut
            assert all(text_width(line) <= label_width for line in bar.label_lines)
            assert bar.value_x + text_width(bar.value_text, VALUE_SIZE) <= drawn.width
        assert len(drawn.bars[0].label_lines) >= 2
        for upper, lower in itertools.pairwise(drawn.bars):
            upper_bottom = upper.label_y + (len(upper.label_lines) - 1) * LINE_HEIGHT + 4
            lower_top = lower.label_y - LABEL_SIZE
            assert upper_bottom <= lower_top
            assert upper.y + upper.height <= lower.y  # bars in their own rows
        last = drawn.bars[-1]
        assert last.label_y + (len(last.label_lines) - 1) * LINE_HEIGHT + 4 <= drawn.height


def test_thai_labels_wrap_between_words():
    label = "การฝึกอบรมดูงานและการประชุมปฏิบัติการในภูฏานและประเทศไทย"
    lines = wrap_label(label, 150)
    assert len(lines) >= 2
    assert "".join(lines) == label
    ends = set(itertools.accumulate(len(word) for word in word_tokenize(label, engine="newmm")))
    assert all(end in ends for end in itertools.accumulate(len(line) for line in lines))


def test_dzongkha_labels_wrap_after_a_tsheg():
    label = "སྦྱོང་བརྡར་དང་ལྟ་སྐོར་ འབྲུག་དང་ཐཱའི་ལེནཌ་ནང་།"
    lines = wrap_label(label, 90)
    assert len(lines) >= 2
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    assert all(line[-1] in "་ །" for line in lines[:-1])


def test_a_word_wider_than_the_line_is_broken_rather_than_left_to_overflow():
    lines = wrap_label("TH-TICA-BT-OGOP-2016-COMPONENT-7", 80)
    assert "".join(lines) == "TH-TICA-BT-OGOP-2016-COMPONENT-7"
    assert all(text_width(line) <= 80 for line in lines)
