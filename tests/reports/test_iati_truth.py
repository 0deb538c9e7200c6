"""The IATI file counts each budget once, marks invented figures and inferred targets, and
marks for aggregation only the results that may be added up."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from lxml import etree

from ogop.reports.iati import write_iati
from ogop.results.models import IndicatorMeasure
from tests.programme.factories import (
    ActivityFactory,
    ComponentBudgetFactory,
    IndicatorFactory,
    ProgrammeFactory,
    ResultFactory,
    component,
)

pytestmark = pytest.mark.django_db


def _iati(programme):
    out = io.BytesIO()
    write_iati(out, [programme])
    return etree.fromstring(out.getvalue())


def _budgets(node) -> dict[str, Decimal]:
    return {
        budget.find("period-start").get("iso-date"): Decimal(budget.find("value").text)
        for budget in node.findall("budget")
    }


def test_parent_reports_only_the_budget_no_activity_holds():
    programme = ProgrammeFactory()
    training = component(programme, 1)
    ComponentBudgetFactory(component=training, year=2017, amount=Decimal("500000"))
    ComponentBudgetFactory(component=training, year=2018, amount=Decimal("80000"))
    ActivityFactory(component=training, budget=Decimal("300000"))  # March 2017
    ActivityFactory(
        component=training,
        budget=Decimal("80000"),
        start_planned=dt.date(2018, 2, 1),
        end_planned=dt.date(2018, 2, 5),
    )

    root = _iati(programme)

    parent = root.find("iati-activity[@hierarchy='1']")
    assert _budgets(parent) == {"2017-01-01": Decimal("200000.00")}
    children = root.findall("iati-activity[@hierarchy='2']")
    in_file = sum(sum(_budgets(node).values()) for node in [parent, *children])
    assert in_file == Decimal("580000")  # the components' budgets, counted once


def test_invented_figures_and_an_inferred_target_say_so_and_real_ones_do_not():
    made_up = ProgrammeFactory(is_illustrative=True, sdg_targets_inferred=True)
    real = ProgrammeFactory(is_illustrative=False, sdg_targets_inferred=False)

    made_up_parent = _iati(made_up).find("iati-activity[@hierarchy='1']")
    real_parent = _iati(real).find("iati-activity[@hierarchy='1']")

    assert "Illustrative figures" in made_up_parent.find("description/narrative").text
    assert "Illustrative" not in real_parent.find("description/narrative").text
    target = made_up_parent.find("tag[@vocabulary='3']")
    assert target.get("code") == "17.9"
    assert target.find("narrative").text.startswith("Inferred")
    assert real_parent.find("tag[@vocabulary='3']/narrative") is None


def test_a_result_of_counts_is_aggregated_and_one_marked_unsuitable_is_not():
    programme = ProgrammeFactory()
    counted = ResultFactory(programme=programme, title="Counted", position=1)
    averaged = ResultFactory(programme=programme, title="Averaged", position=2, aggregable=False)
    IndicatorFactory(result=counted, measure=IndicatorMeasure.UNIT)
    IndicatorFactory(result=averaged, measure=IndicatorMeasure.UNIT, title="Average sales")

    statuses = {
        result.find("title/narrative").text: result.get("aggregation-status")
        for result in _iati(programme).iterfind("iati-activity/result")
    }

    assert statuses == {"Counted": "1", "Averaged": "0"}
