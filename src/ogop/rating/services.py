"""Every write to rubrics, rounds and scores: one function a use case, each in a transaction."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ogop.accounts.models import User
from ogop.core.signals import registry_changed
from ogop.products.models import Product
from ogop.rating.models import (
    AssessmentRound,
    Criterion,
    ProductRating,
    RoundStatus,
    Rubric,
    RubricPart,
    Score,
    StarThreshold,
    Submission,
)
from ogop.rating.scoring import panel_score, stars_for, threshold_errors

# Rubrics ---------------------------------------------------------------------------------


def rubric_max_points(rubric: Rubric) -> Decimal:
    total = Criterion.objects.filter(part__rubric=rubric).aggregate(t=Sum("max_points"))["t"]
    return total or Decimal(0)


def rubric_problems(rubric: Rubric) -> list[str]:
    """Why the rubric cannot be used for a round; empty when it can."""
    problems = []
    if not Criterion.objects.filter(part__rubric=rubric).exists():
        problems.append(_("The rubric has no criteria."))
    thresholds = list(rubric.thresholds.values_list("stars", "min_points"))
    problems += threshold_errors(thresholds, rubric_max_points(rubric))
    return problems


def rubric_is_locked(rubric: Rubric) -> bool:
    """A rubric used by a closed round, or already scored in an open one, no longer changes."""
    return (
        rubric.rounds.filter(status=RoundStatus.CLOSED).exists()
        or Score.objects.filter(round__rubric=rubric).exists()
    )


def rubric_create(
    *,
    code: str,
    name: str,
    parts: list[dict[str, Any]],
    thresholds: Mapping[int, Decimal],
    user: User,
    description: str = "",
    source: str = "",
    name_th: str = "",
) -> Rubric:
    """Create version 1 of a rubric from plain data; refused, with nothing written, if its
    thresholds overlap or leave gaps.

    parts: [{"code": "A", "name": …, "criteria": [{"code": "A1", "text": …, "max_points": 10}]}]
    """
    with transaction.atomic():
        rubric = Rubric(
            code=code,
            name=name,
            name_en=name,
            name_th=name_th or None,
            description=description,
            description_en=description,
            source=source,
            version=(Rubric.objects.filter(code=code).count() + 1),
        )
        Rubric.objects.filter(code=code, is_active=True).update(is_active=False)
        rubric._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        rubric.full_clean()
        rubric.save()
        for part_position, part in enumerate(parts):
            rubric_part = RubricPart.objects.create(
                rubric=rubric,
                position=part_position,
                code=part["code"],
                name=part["name"],
                name_en=part["name"],
                name_th=part.get("name_th") or None,
            )
            for position, criterion in enumerate(part["criteria"]):
                Criterion.objects.create(
                    part=rubric_part,
                    position=position,
                    code=criterion["code"],
                    text=criterion["text"],
                    text_en=criterion["text"],
                    text_th=criterion.get("text_th") or None,
                    max_points=Decimal(str(criterion["max_points"])),
                )
        for stars, min_points in thresholds.items():
            StarThreshold.objects.create(
                rubric=rubric, stars=stars, min_points=Decimal(str(min_points))
            )
        if problems := rubric_problems(rubric):
            raise ValidationError(problems)
    return rubric


def rubric_new_version(*, rubric: Rubric, user: User) -> Rubric:
    """Copy a rubric into its next version, which becomes the active one; the rounds of the
    old version keep it, unchanged."""
    with transaction.atomic():
        latest = Rubric.objects.filter(code=rubric.code).order_by("-version").first()
        assert latest is not None
        Rubric.objects.filter(code=rubric.code, is_active=True).update(is_active=False)
        copy = Rubric.objects.get(pk=rubric.pk)
        parts = list(rubric.parts.prefetch_related("criteria"))
        thresholds = list(rubric.thresholds.all())
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.version = latest.version + 1
        copy.is_active = True
        copy._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        copy.save()
        for part in parts:
            criteria = list(part.criteria.all())
            part.pk = None
            part.rubric = copy
            part._state.adding = True
            part.save()
            for criterion in criteria:
                criterion.pk = None
                criterion.part = part
                criterion._state.adding = True
                criterion.save()
        for threshold in thresholds:
            threshold.pk = None
            threshold.rubric = copy
            threshold._state.adding = True
            threshold.save()
    return copy


# Rounds ----------------------------------------------------------------------------------


def _locked_round(assessment_round: AssessmentRound) -> AssessmentRound:
    """The round, locked for the rest of the transaction, if it is still open."""
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if not locked.is_open:
        raise ValidationError(
            _("The round %(round)s is closed: its products, assessors and scores are final.")
            % {"round": locked}
        )
    return locked


def round_create(
    *,
    name: str,
    date: dt.date,
    rubric: Rubric,
    user: User,
    assessors: Iterable[User] = (),
    products: Iterable[Product] = (),
    is_illustrative: bool = False,
) -> AssessmentRound:
    if problems := rubric_problems(rubric):
        raise ValidationError({"rubric": problems})
    with transaction.atomic():
        assessment_round = AssessmentRound(
            name=name, date=date, rubric=rubric, is_illustrative=is_illustrative
        )
        assessment_round._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        assessment_round.full_clean()
        assessment_round.save()
        assessment_round.assessors.add(*assessors)
        assessment_round.products.add(*products)
    return assessment_round


def round_add_products(
    *, assessment_round: AssessmentRound, products: Iterable[Product], user: User
) -> None:
    with transaction.atomic():
        _locked_round(assessment_round).products.add(*products)


def round_remove_product(
    *, assessment_round: AssessmentRound, product: Product, user: User
) -> None:
    with transaction.atomic():
        locked = _locked_round(assessment_round)
        if locked.scores.filter(product=product).exists():
            raise ValidationError(
                _("%(product)s already has scores in this round: it stays.") % {"product": product}
            )
        locked.products.remove(product)


def round_add_assessors(
    *, assessment_round: AssessmentRound, assessors: Iterable[User], user: User
) -> None:
    with transaction.atomic():
        _locked_round(assessment_round).assessors.add(*assessors)


def round_remove_assessor(*, assessment_round: AssessmentRound, assessor: User, user: User) -> None:
    with transaction.atomic():
        locked = _locked_round(assessment_round)
        if locked.scores.filter(assessor=assessor).exists():
            raise ValidationError(
                _("%(assessor)s has already scored in this round: they stay.")
                % {"assessor": assessor}
            )
        locked.assessors.remove(assessor)


def _check_panel_member(
    assessment_round: AssessmentRound, assessor: User, product: Product
) -> None:
    if not assessment_round.assessors.filter(pk=assessor.pk).exists():
        raise ValidationError(
            _("%(assessor)s is not an assessor of the round %(round)s.")
            % {"assessor": assessor, "round": assessment_round}
        )
    if not assessment_round.products.filter(pk=product.pk).exists():
        raise ValidationError(
            _("%(product)s is not in the round %(round)s: add it to the round first.")
            % {"product": product, "round": assessment_round}
        )


def scores_save(
    *,
    assessment_round: AssessmentRound,
    assessor: User,
    product: Product,
    points: Mapping[int, Decimal | None],
) -> list[Score]:
    """Save an assessor's points for a product (criterion pk -> points; None clears one).

    Every value is checked first: a value below zero or above its criterion's maximum, a
    criterion of another rubric, a product not in the round, a closed round or an assessor who
    has already submitted refuses the whole save, with nothing written.
    """
    with transaction.atomic():
        locked = _locked_round(assessment_round)
        _check_panel_member(locked, assessor, product)
        if Submission.objects.filter(round=locked, assessor=assessor, product=product).exists():
            raise ValidationError(
                _("You have submitted your scores of %(product)s: they are final.")
                % {"product": product}
            )
        criteria = Criterion.objects.filter(part__rubric_id=locked.rubric_id).in_bulk()
        errors: dict[str, list[str]] = {}
        for criterion_pk, value in points.items():
            criterion = criteria.get(criterion_pk)
            key = f"criterion_{criterion_pk}"
            if criterion is None:
                errors.setdefault(NON_FIELD, []).append(
                    _("A criterion that is not in this round's rubric was given.")
                )
            elif value is not None and value < 0:
                errors.setdefault(key, []).append(
                    _("%(code)s: points cannot be below zero.") % {"code": criterion.code}
                )
            elif value is not None and value > criterion.max_points:
                errors.setdefault(key, []).append(
                    _("%(code)s: at most %(max)s points, not %(value)s.")
                    % {"code": criterion.code, "max": criterion.max_points, "value": value}
                )
        if errors:
            raise ValidationError(errors)
        scores = []
        for criterion_pk, value in points.items():
            lookup = {
                "round": locked,
                "assessor": assessor,
                "product": product,
                "criterion_id": criterion_pk,
            }
            if value is None:
                Score.objects.filter(**lookup).delete()
                continue
            score = Score.objects.filter(**lookup).first() or Score(**lookup)
            if score.pk and score.points == value:
                scores.append(score)
                continue
            score.points = value
            score._history_user = assessor  # type: ignore[attr-defined]  # simple_history reads it on save
            score.save()
            scores.append(score)
    return scores


NON_FIELD = "__all__"


def assessment_submit(
    *, assessment_round: AssessmentRound, assessor: User, product: Product
) -> Submission:
    """An assessor's scores of a product become final; every criterion must be scored."""
    with transaction.atomic():
        locked = _locked_round(assessment_round)
        _check_panel_member(locked, assessor, product)
        existing = Submission.objects.filter(round=locked, assessor=assessor, product=product)
        if submission := existing.first():
            return submission
        criteria = Criterion.objects.filter(part__rubric_id=locked.rubric_id)
        scores = Score.objects.filter(round=locked, assessor=assessor, product=product)
        missing = criteria.exclude(pk__in=scores.values("criterion_id"))
        if missing.exists():
            raise ValidationError(
                _("Score every criterion before submitting; missing: %(codes)s.")
                % {"codes": ", ".join(missing.values_list("code", flat=True))}
            )
        total = scores.aggregate(t=Sum("points"))["t"] or Decimal(0)
        return Submission.objects.create(
            round=locked, assessor=assessor, product=product, total=total
        )


def round_close(*, assessment_round: AssessmentRound, user: User) -> list[ProductRating]:
    """Close the round for good: each product with at least one submission gets its rating
    (the mean of the submitted totals, and the stars the rubric gives it); the products'
    current stars follow their latest closed round."""
    with transaction.atomic():
        locked = _locked_round(assessment_round)
        thresholds = list(locked.rubric.thresholds.values_list("stars", "min_points"))
        totals: dict[int, list[Decimal]] = {}
        for product_id, total in Submission.objects.filter(round=locked).values_list(
            "product_id", "total"
        ):
            totals.setdefault(product_id, []).append(total)
        ratings = []
        for product_id, product_totals in sorted(totals.items()):
            score = panel_score(product_totals)
            ratings.append(
                ProductRating(
                    product_id=product_id,
                    round=locked,
                    score=score,
                    stars=stars_for(score, thresholds),
                    assessors=len(product_totals),
                    rated_on=locked.date,
                )
            )
        ProductRating.objects.bulk_create(ratings)
        locked.status = RoundStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked._history_user = user  # type: ignore[attr-defined]  # simple_history reads it on save
        locked.save()
        product_stars_refresh(product_ids=list(totals))
    return ratings


def product_stars_refresh(*, product_ids: list[int]) -> None:
    """Set each product's current stars to those of its latest closed round."""
    latest: dict[int, int] = {}
    ratings = (
        ProductRating.objects.filter(product_id__in=product_ids, round__status=RoundStatus.CLOSED)
        .order_by("product_id", "rated_on", "round_id")
        .values_list("product_id", "stars")
    )
    for product_id, stars in ratings:
        latest[product_id] = stars  # the last one, in date order, wins
    by_stars: dict[int | None, list[int]] = {}
    for product_id in product_ids:
        by_stars.setdefault(latest.get(product_id), []).append(product_id)
    for current, ids in by_stars.items():  # at most six updates, whatever the number of products
        Product.objects.filter(pk__in=ids).update(stars=current)
    registry_changed.send(sender=Product, product_ids=product_ids)
