"""Rubrics, rounds, scoring, closing: the rules of the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ogop.products.models import Product
from ogop.rating.models import (
    AssessmentRound,
    Criterion,
    ProductRating,
    RoundStatus,
    Rubric,
    Score,
    Submission,
)
from ogop.rating.services import (
    assessment_submit,
    round_add_assessors,
    round_add_products,
    round_close,
    round_create,
    round_remove_product,
    rubric_create,
    rubric_is_locked,
    rubric_new_version,
    rubric_problems,
    scores_save,
)
from tests.factories import ProductFactory
from tests.rating.conftest import share

BHUTAN_PARTS = [
    {
        "code": "A",
        "name": "Gross National Happiness values",
        "criteria": [{"code": "A1", "text": "Community benefit", "max_points": 60}],
    },
    {
        "code": "B",
        "name": "Quality",
        "criteria": [{"code": "B1", "text": "Quality and safety", "max_points": 40}],
    },
]


def test_both_rubrics_ship_with_their_parts_and_thresholds(db):
    otop = Rubric.objects.get(code="otop-opc")
    ocop = Rubric.objects.get(code="ocop-vn")
    assert [p.code for p in ocop.parts.all()] == ["A", "B", "C"]
    ocop_parts = [sum(c.max_points for c in p.criteria.all()) for p in ocop.parts.all()]
    assert ocop_parts == [Decimal(40), Decimal(25), Decimal(35)]
    assert dict(ocop.thresholds.values_list("stars", "min_points")) == {
        5: 90,
        4: 70,
        3: 50,
        2: 30,
        1: 0,
    }
    assert dict(otop.thresholds.values_list("stars", "min_points")) == {
        5: 90,
        4: 80,
        3: 70,
        2: 50,
        1: 0,
    }
    assert otop.parts.count() == 3
    assert rubric_problems(otop) == rubric_problems(ocop) == []


def test_administrator_defines_a_rubric_as_data(officer):
    rubric = rubric_create(
        code="ogop-bt",
        name="Bhutan OGOP rating",
        parts=BHUTAN_PARTS,
        thresholds={1: 0, 2: 40, 3: 60, 4: 75, 5: 90},
        user=officer,
    )
    assert (rubric.version, rubric.is_active) == (1, True)
    assert Criterion.objects.filter(part__rubric=rubric).count() == 2


@pytest.mark.parametrize(
    "thresholds",
    [
        {1: 0, 2: 40, 3: 30},  # overlap: 3 stars need fewer points than 2
        {1: 0, 2: 40, 4: 75},  # gap: no 3 stars
        {1: 10, 2: 40},  # gap: 0 to 10 points give nothing
    ],
)
def test_rubric_with_bad_thresholds_is_refused_and_nothing_written(officer, thresholds):
    with pytest.raises(ValidationError) as caught:
        rubric_create(
            code="ogop-bt", name="Bhutan", parts=BHUTAN_PARTS, thresholds=thresholds, user=officer
        )
    assert any("overlap" in m or "gap" in m for m in caught.value.messages)
    assert not Rubric.objects.filter(code="ogop-bt").exists()


def test_scores_are_saved_and_changed_until_submitted(open_round, assessor, product, criteria):
    first = criteria[0]
    scores_save(
        assessment_round=open_round,
        assessor=assessor,
        product=product,
        points={first.pk: Decimal(5)},
    )
    scores_save(
        assessment_round=open_round,
        assessor=assessor,
        product=product,
        points={first.pk: Decimal(7)},
    )
    score = Score.objects.get()
    assert score.points == Decimal(7)
    assert score.history.count() == 2  # who changed a score, and when, is kept


@pytest.mark.parametrize("value", ["-1", "10.01", "1000"])
def test_points_outside_zero_to_the_maximum_are_refused_and_nothing_written(
    open_round, assessor, product, criteria, value
):
    first, second = criteria[0], criteria[1]
    assert first.max_points == Decimal(10)
    with pytest.raises(ValidationError) as caught:
        scores_save(
            assessment_round=open_round,
            assessor=assessor,
            product=product,
            points={second.pk: Decimal(3), first.pk: Decimal(value)},
        )
    assert f"criterion_{first.pk}" in caught.value.message_dict
    assert not Score.objects.exists()


def test_a_product_not_in_the_round_cannot_be_assessed(
    open_round, assessor, other_product, criteria
):
    with pytest.raises(ValidationError) as caught:
        scores_save(
            assessment_round=open_round,
            assessor=assessor,
            product=other_product,
            points={criteria[0].pk: Decimal(1)},
        )
    assert "is not in the round" in caught.value.messages[0]
    assert not Score.objects.exists()


def test_only_the_rounds_assessors_score(open_round, make_user, product, criteria):
    stranger = make_user("assessor")
    with pytest.raises(ValidationError):
        scores_save(
            assessment_round=open_round,
            assessor=stranger,
            product=product,
            points={criteria[0].pk: Decimal(1)},
        )
    assert not Score.objects.exists()


def test_criteria_of_another_rubric_are_refused(open_round, assessor, product):
    other = Criterion.objects.filter(part__rubric__code="otop-opc").first()
    with pytest.raises(ValidationError):
        scores_save(
            assessment_round=open_round,
            assessor=assessor,
            product=product,
            points={other.pk: Decimal(1)},
        )
    assert not Score.objects.exists()


def test_submitting_needs_every_criterion_scored(open_round, assessor, product, criteria):
    scores_save(
        assessment_round=open_round,
        assessor=assessor,
        product=product,
        points={criteria[0].pk: Decimal(5)},
    )
    with pytest.raises(ValidationError) as caught:
        assessment_submit(assessment_round=open_round, assessor=assessor, product=product)
    assert criteria[1].code in caught.value.messages[0]
    assert not Submission.objects.exists()


def test_submitted_scores_are_final(open_round, assessor, product, criteria, score_and_submit):
    score_and_submit(open_round, assessor, product, "0.5")
    with pytest.raises(ValidationError):
        scores_save(
            assessment_round=open_round,
            assessor=assessor,
            product=product,
            points={criteria[0].pk: Decimal(10)},
        )
    assert Score.objects.get(criterion=criteria[0]).points == Decimal(5)


def test_closing_rates_each_product_by_the_mean_of_the_panel(
    open_round, officer, assessor, second_assessor, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.8")  # 80 points
    score_and_submit(open_round, second_assessor, product, "0.96")  # 96 points
    ratings = round_close(assessment_round=open_round, user=officer)
    rating = ProductRating.objects.get()
    assert ratings == [rating]
    assert (rating.score, rating.stars, rating.assessors) == (Decimal("88.00"), 4, 2)
    assert rating.rated_on == open_round.date
    product.refresh_from_db()
    assert product.stars == 4


def test_products_without_submissions_get_no_rating(open_round, officer, product):
    assert round_close(assessment_round=open_round, user=officer) == []
    product.refresh_from_db()
    assert product.stars is None


def test_a_closed_round_is_immutable(
    open_round,
    officer,
    assessor,
    second_assessor,
    product,
    other_product,
    criteria,
    score_and_submit,
):
    score_and_submit(open_round, assessor, product, "0.5")
    round_close(assessment_round=open_round, user=officer)
    attempts = [
        lambda: scores_save(
            assessment_round=open_round,
            assessor=second_assessor,
            product=product,
            points={criteria[0].pk: Decimal(1)},
        ),
        lambda: assessment_submit(
            assessment_round=open_round, assessor=second_assessor, product=product
        ),
        lambda: round_add_products(
            assessment_round=open_round, products=[other_product], user=officer
        ),
        lambda: round_remove_product(assessment_round=open_round, product=product, user=officer),
        lambda: round_add_assessors(assessment_round=open_round, assessors=[officer], user=officer),
        lambda: round_close(assessment_round=open_round, user=officer),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    assert Score.objects.count() == len(criteria)
    assert ProductRating.objects.count() == 1
    assert list(open_round.products.all()) == [product]
    assert open_round.assessors.count() == 2


def test_current_stars_are_those_of_the_latest_closed_round(
    rubric, officer, assessor, product, score_and_submit
):
    early = round_create(
        name="2017",
        date=dt.date(2017, 6, 1),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[product],
    )
    late = round_create(
        name="2018",
        date=dt.date(2018, 6, 1),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[product],
    )
    score_and_submit(late, assessor, product, "0.92")
    score_and_submit(early, assessor, product, "0.55")
    round_close(assessment_round=late, user=officer)
    round_close(assessment_round=early, user=officer)  # closed later, but older
    product.refresh_from_db()
    assert product.stars == 5
    assert list(product.ratings.order_by("rated_on").values_list("stars", flat=True)) == [3, 5]


def test_a_rubric_used_by_a_closed_round_changes_by_a_new_version(
    open_round, officer, assessor, product, score_and_submit
):
    score_and_submit(open_round, assessor, product, "0.9")
    round_close(assessment_round=open_round, user=officer)
    old = open_round.rubric
    assert rubric_is_locked(old)
    new = rubric_new_version(rubric=old, user=officer)
    Criterion.objects.filter(part__rubric=new, code="A1").update(max_points=Decimal(20))
    new.thresholds.filter(stars=5).update(min_points=Decimal(95))
    old.refresh_from_db()
    assert (old.version, old.is_active, new.version, new.is_active) == (1, False, 2, True)
    assert Criterion.objects.get(part__rubric=old, code="A1").max_points == Decimal(10)
    assert old.thresholds.get(stars=5).min_points == Decimal(90)
    assert ProductRating.objects.get().stars == 5
    assert not rubric_is_locked(new)


def test_a_product_with_scores_stays_in_the_round(open_round, officer, assessor, product, criteria):
    scores_save(
        assessment_round=open_round,
        assessor=assessor,
        product=product,
        points={criteria[0].pk: Decimal(1)},
    )
    with pytest.raises(ValidationError):
        round_remove_product(assessment_round=open_round, product=product, user=officer)
    assert product in open_round.products.all()


def test_a_round_needs_a_usable_rubric(officer):
    broken = Rubric.objects.create(code="broken", name="Broken", version=1)
    with pytest.raises(ValidationError) as caught:
        round_create(name="X", date=dt.date(2018, 1, 1), rubric=broken, user=officer)
    assert "rubric" in caught.value.message_dict
    assert not AssessmentRound.objects.filter(name="X").exists()


def test_closing_records_who_closed(open_round, officer):
    round_close(assessment_round=open_round, user=officer)
    open_round.refresh_from_db()
    assert (open_round.status, open_round.closed_by) == (RoundStatus.CLOSED, officer)
    assert open_round.history.first().history_user == officer


def test_share_helper_scores_the_fraction_of_the_maximum(criteria):
    assert sum(share(criteria, Decimal("0.9")).values()) == Decimal(90)


def test_deleting_a_rated_product_is_refused(
    open_round, officer, assessor, product, score_and_submit
):
    from django.db.models import ProtectedError

    score_and_submit(open_round, assessor, product, "0.5")
    with pytest.raises(ProtectedError):
        Product.objects.filter(pk=product.pk).delete()


def test_factory_products_are_in_no_round(db):
    assert not ProductFactory().assessment_rounds.exists()
