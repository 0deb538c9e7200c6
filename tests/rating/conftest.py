"""Fixtures of the rating tests: the shipped Vietnam OCOP rubric, a panel and an open round."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ogop.accounts.models import Role, User
from ogop.rating.models import AssessmentRound, Criterion, Rubric
from ogop.rating.services import assessment_submit, round_create, scores_save


@pytest.fixture
def rubric(db: None) -> Rubric:
    """Vietnam's OCOP rubric, as shipped: parts of 40/25/35 points."""
    return Rubric.objects.get(code="ocop-vn", is_active=True)


@pytest.fixture
def criteria(rubric: Rubric) -> list[Criterion]:
    return list(
        Criterion.objects.filter(part__rubric=rubric).order_by("part__position", "position")
    )


@pytest.fixture
def assessor(make_user: Callable[..., User]) -> User:
    return make_user(Role.ASSESSOR, username="assessor-a")


@pytest.fixture
def second_assessor(make_user: Callable[..., User]) -> User:
    return make_user(Role.ASSESSOR, username="assessor-b")


@pytest.fixture
def open_round(
    rubric: Rubric, officer: User, assessor: User, second_assessor: User, product: Any
) -> AssessmentRound:
    return round_create(
        name="Panel 2018",
        date=dt.date(2018, 6, 1),
        rubric=rubric,
        user=officer,
        assessors=[assessor, second_assessor],
        products=[product],
    )


def share(criteria: list[Criterion], fraction: Decimal) -> dict[int, Decimal]:
    """The same fraction of every criterion's maximum: fraction 0.9 gives 90 of 100 points."""
    return {c.pk: (c.max_points * fraction).quantize(Decimal("0.01")) for c in criteria}


@pytest.fixture
def score_and_submit(criteria: list[Criterion]) -> Callable[..., None]:
    def run(assessment_round: AssessmentRound, assessor: User, product: Any, fraction: str) -> None:
        scores_save(
            assessment_round=assessment_round,
            assessor=assessor,
            product=product,
            points=share(criteria, Decimal(fraction)),
        )
        assessment_submit(assessment_round=assessment_round, assessor=assessor, product=product)

    return run
