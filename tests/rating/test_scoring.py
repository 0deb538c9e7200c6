"""The rubric's arithmetic on plain values: panel score, stars and thresholds."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogop.rating.scoring import panel_score, stars_for, threshold_errors

OCOP = [(5, Decimal(90)), (4, Decimal(70)), (3, Decimal(50)), (2, Decimal(30)), (1, Decimal(0))]
OTOP = [(5, Decimal(90)), (4, Decimal(80)), (3, Decimal(70)), (2, Decimal(50)), (1, Decimal(0))]


@pytest.mark.parametrize(
    ("score", "stars"),
    [
        ("0", 1),
        ("29.99", 1),
        ("30", 2),
        ("49.99", 2),
        ("50", 3),
        ("69.99", 3),
        ("70", 4),
        ("89.99", 4),
        ("90", 5),
        ("100", 5),
    ],
)
def test_ocop_bands_give_the_documented_stars(score, stars):
    assert stars_for(Decimal(score), OCOP) == stars


@pytest.mark.parametrize(
    ("score", "stars"),
    [("49.99", 1), ("50", 2), ("69.99", 2), ("70", 3), ("80", 4), ("89.99", 4), ("90", 5)],
)
def test_otop_bands_give_the_commonly_cited_stars(score, stars):
    assert stars_for(Decimal(score), OTOP) == stars


def test_panel_score_is_the_mean_rounded_half_up_to_cents():
    assert panel_score([Decimal(80), Decimal(90), Decimal(91)]) == Decimal("87.00")
    assert panel_score([Decimal("89.99"), Decimal("90")]) == Decimal("90.00")  # 89.995
    assert panel_score([Decimal(10), Decimal(10), Decimal(100)]) == Decimal(
        "40.00"
    )  # not the median


def test_panel_score_needs_an_assessor():
    with pytest.raises(ValueError, match="at least one"):
        panel_score([])


def test_shipped_thresholds_are_valid():
    assert threshold_errors(OCOP, Decimal(100)) == []
    assert threshold_errors(OTOP, Decimal(100)) == []


@pytest.mark.parametrize(
    ("thresholds", "fragment"),
    [
        ([(1, Decimal(0)), (2, Decimal(50)), (3, Decimal(40))], "overlap"),
        ([(1, Decimal(0)), (2, Decimal(50)), (3, Decimal(50))], "overlap"),
        ([(1, Decimal(0)), (2, Decimal(30)), (4, Decimal(70))], "gap"),
        ([(1, Decimal(10)), (2, Decimal(30))], "gap"),
        ([(1, Decimal(0)), (5, Decimal(120))], "more than"),
        ([], "1 star"),
    ],
)
def test_thresholds_that_overlap_or_leave_gaps_are_refused(thresholds, fragment):
    errors = threshold_errors(thresholds, Decimal(100))
    assert any(fragment in error for error in errors), errors


points = st.decimals(min_value=0, max_value=10, places=2)


@st.composite
def thresholds_and_scores(draw):
    """A valid threshold set, and a panel's scores of up to five assessors on up to six criteria."""
    criteria = draw(st.integers(min_value=1, max_value=6))
    assessors = draw(st.integers(min_value=1, max_value=5))
    maximum = Decimal(10 * criteria)
    levels = draw(st.integers(min_value=1, max_value=5))
    bounds = sorted(
        draw(
            st.sets(
                st.decimals(min_value=Decimal("0.01"), max_value=maximum, places=2),
                min_size=levels - 1,
                max_size=levels - 1,
            )
        )
    )
    thresholds = [(1, Decimal(0))] + [(i + 2, bound) for i, bound in enumerate(bounds)]
    scores = [[draw(points) for _c in range(criteria)] for _a in range(assessors)]
    return thresholds, scores


def stars_of(thresholds, scores):
    return stars_for(panel_score([sum(row, Decimal(0)) for row in scores]), thresholds)


@given(thresholds_and_scores(), st.data())
def test_stars_never_decrease_when_any_score_rises(case, data):
    thresholds, scores = case
    assert threshold_errors(thresholds, Decimal(10 * len(scores[0]))) == []
    before = stars_of(thresholds, scores)
    a = data.draw(st.integers(min_value=0, max_value=len(scores) - 1))
    c = data.draw(st.integers(min_value=0, max_value=len(scores[0]) - 1))
    raised = data.draw(st.decimals(min_value=scores[a][c], max_value=10, places=2))
    scores[a][c] = raised
    assert stars_of(thresholds, scores) >= before


@given(thresholds_and_scores())
def test_stars_are_those_of_the_highest_threshold_reached(case):
    thresholds, scores = case
    score = panel_score([sum(row, Decimal(0)) for row in scores])
    stars = stars_for(score, thresholds)
    assert 1 <= stars <= len(thresholds)
    assert score >= dict(thresholds)[stars]
    if stars < len(thresholds):
        assert score < dict(thresholds)[stars + 1]
