"""Indicator values, period labels and progress charts as the reader sees them."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import translation

from ogop.results.framework import (
    REACHED_COLOUR,
    format_value,
    framework_sections,
    period_label,
    progress_chart,
)
from ogop.results.indicator_rows import programme_indicator_values
from ogop.results.models import Computation, IndicatorMeasure, Period, ResultType
from tests.programme.factories import IndicatorFactory, PeriodFactory, ResultFactory


@pytest.fixture
def indicator(db):
    return IndicatorFactory()


def test_values_read_as_numbers_percentages_or_money(indicator):
    assert format_value(D("1250.00"), indicator) == "1,250"
    assert format_value(D("45.80"), indicator) == "45.8"
    indicator.measure = IndicatorMeasure.PERCENTAGE
    assert format_value(D("45.80"), indicator) == "45.8%"
    indicator.computation = Computation.FAIR_SALES
    assert format_value(D("1170"), indicator) == "1,170.00 THB"
    assert format_value(None, indicator) == ""


def test_a_calendar_year_reads_as_the_year_in_the_readers_calendar(indicator):
    year = Period(indicator=indicator, start=dt.date(2017, 1, 1), end=dt.date(2017, 12, 31))
    half = Period(indicator=indicator, start=dt.date(2017, 1, 1), end=dt.date(2017, 6, 30))
    assert period_label(year) == "2017"
    assert period_label(half) == "1 January 2017 – 30 June 2017"
    with translation.override("th"):
        assert period_label(year) == "2560"


def test_progress_chart_draws_each_period_with_its_target(indicator):
    PeriodFactory(indicator=indicator, target=D("10"), actual=D("12"))
    PeriodFactory(
        indicator=indicator,
        start=dt.date(2018, 1, 1),
        end=dt.date(2018, 12, 31),
        target=D("20"),
        actual=D("5"),
    )
    PeriodFactory(
        indicator=indicator, start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31), target=None
    )
    (row,) = programme_indicator_values(indicator.result.programme)

    chart = progress_chart(row)

    assert [bar.label for bar in chart.bars] == ["2016", "2017", "2018"]
    assert chart.bars[0].marker is None
    assert chart.bars[1].marker is not None
    assert chart.bars[1].colour == REACHED_COLOUR
    assert chart.bars[2].colour != REACHED_COLOUR
    assert chart.bars[2].target_text == "target 20"
    # The 2018 target (20) is the longest: its marker stands beyond the 2017 bar's end.
    assert chart.bars[2].marker.x1 > chart.bars[1].x + chart.bars[1].width


def test_sections_come_impact_outcome_output_and_skip_empty_types(db):
    output = ResultFactory(kind=ResultType.OUTPUT)
    programme = output.programme
    impact = ResultFactory(programme=programme, kind=ResultType.IMPACT)
    IndicatorFactory(result=output)
    sections = framework_sections(programme)
    assert [section.kind for section in sections] == [ResultType.IMPACT, ResultType.OUTPUT]
    assert sections[0].results[0].result == impact
    assert sections[0].results[0].indicators == []
    assert len(sections[1].results[0].indicators) == 1
