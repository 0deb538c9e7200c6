"""Reads of rubrics, rounds, scores and star histories shared by pages, reports and the API."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from ogop.accounts.models import User
from ogop.products.models import Product
from ogop.rating.models import (
    AssessmentRound,
    Criterion,
    ProductRating,
    RoundStatus,
    Rubric,
    RubricPart,
    Score,
    Submission,
)


def rubric_list() -> QuerySet[Rubric]:
    return Rubric.objects.annotate(
        criteria_count=Count("parts__criteria", distinct=True),
        round_count=Count("rounds", distinct=True),
    ).order_by("code", "-version")


def rubric_with_parts(pk: int) -> Rubric:
    """A rubric with its parts, criteria and thresholds: four queries."""
    criteria = Criterion.objects.order_by("position", "pk")
    parts = RubricPart.objects.order_by("position", "pk").prefetch_related(
        Prefetch("criteria", queryset=criteria)
    )
    rubric = (
        Rubric.objects.prefetch_related(Prefetch("parts", queryset=parts), "thresholds")
        .filter(pk=pk)
        .first()
    )
    if rubric is None:
        raise Http404
    return rubric


def rounds_visible_to(user: User) -> QuerySet[AssessmentRound]:
    """Every round for those who run rounds; their own rounds for assessors."""
    rounds = (
        AssessmentRound.objects.select_related("rubric")
        .annotate(
            product_count=Count("products", distinct=True),
            assessor_count=Count("assessors", distinct=True),
        )
        .order_by("-date", "-pk")
    )
    if user.has_perm("rating.manage_round"):
        return rounds
    # By a subquery: a filter on the assessors join would also narrow their count.
    return rounds.filter(pk__in=AssessmentRound.objects.filter(assessors=user).values("pk"))


def rubric_for_user(
    *, user: User | AnonymousUser, pk: int, perm: str = "rating.view_rubric"
) -> Rubric:
    """The rubric with its parts if the user may `perm` it: 404 when they may not read
    rubrics, 403 when only reading."""
    if not user.has_perm("rating.view_rubric"):
        raise Http404
    rubric = rubric_with_parts(pk)
    if not user.has_perm(perm, rubric):
        raise PermissionDenied
    return rubric


def round_for_user(*, user: User | AnonymousUser, pk: int, perm: str) -> AssessmentRound:
    """The round if the user may `perm` it: 404 when they may not see it, 403 when only seeing."""
    assessment_round = AssessmentRound.objects.select_related("rubric").filter(pk=pk).first()
    if assessment_round is None or not user.has_perm("rating.view_round", assessment_round):
        raise Http404
    if (
        not user.has_perm("rating.manage_round")
        and not assessment_round.assessors.filter(pk=user.pk).exists()
    ):
        raise Http404
    if not user.has_perm(perm, assessment_round):
        raise PermissionDenied
    return assessment_round


def round_product_for_user(
    *, user: User | AnonymousUser, assessment_round: AssessmentRound, code: str
) -> Product:
    """A product of the round, by its code: 404 for any other product."""
    product = (
        assessment_round.products.select_related("producer_group", "area", "stage")
        .filter(code=code)
        .first()
    )
    if product is None:
        raise Http404
    return product


@dataclass
class ProgressRow:
    product: Product
    submitted: set[int] = field(default_factory=set)  # assessor pks
    rating: ProductRating | None = None


def round_progress(assessment_round: AssessmentRound) -> tuple[list[Any], list[ProgressRow]]:
    """The round's assessors, and for each product who has submitted and its rating: four
    queries, whatever the numbers of products and assessors."""
    assessors = list(assessment_round.assessors.order_by("username"))
    products = assessment_round.products.select_related("producer_group", "area").order_by(
        "name_en", "pk"
    )
    rows = {product.pk: ProgressRow(product=product) for product in products}
    for product_id, assessor_id in Submission.objects.filter(round=assessment_round).values_list(
        "product_id", "assessor_id"
    ):
        if product_id in rows:
            rows[product_id].submitted.add(assessor_id)
    for rating in ProductRating.objects.filter(round=assessment_round):
        if rating.product_id in rows:
            rows[rating.product_id].rating = rating
    return assessors, list(rows.values())


@dataclass
class SheetPart:
    part: RubricPart
    criteria: list[tuple[Criterion, Decimal | None]]


def scoring_sheet(
    *, assessment_round: AssessmentRound, assessor: User, product: Product
) -> list[SheetPart]:
    """The rubric's parts and criteria, each with the assessor's own points (or None)."""
    rubric = rubric_with_parts(assessment_round.rubric_id)
    own = dict(
        Score.objects.filter(
            round=assessment_round, assessor=assessor, product=product
        ).values_list("criterion_id", "points")
    )
    return [
        SheetPart(part=part, criteria=[(c, own.get(c.pk)) for c in part.criteria.all()])
        for part in rubric.parts.all()
    ]


def has_submitted(*, assessment_round: AssessmentRound, assessor: User, product: Product) -> bool:
    return Submission.objects.filter(
        round=assessment_round, assessor=assessor, product=product
    ).exists()


@dataclass
class PanelRow:
    assessor: User
    points: dict[int, Decimal]  # criterion pk -> points
    total: Decimal
    submitted: bool


def panel_scores(
    *, assessment_round: AssessmentRound, product: Product, viewer: User
) -> list[PanelRow]:
    """Every assessor's scores of the product, for a viewer allowed to see them.

    Panel secrecy: an assessor of the round sees the others' scores only once they have
    submitted their own; those who run the round see them all. Anyone else: PermissionDenied.
    """
    on_panel = assessment_round.assessors.filter(pk=viewer.pk).exists()
    if on_panel:
        if not has_submitted(assessment_round=assessment_round, assessor=viewer, product=product):
            raise PermissionDenied
    elif not viewer.has_perm("rating.manage_round"):
        raise PermissionDenied
    submitted = set(
        Submission.objects.filter(round=assessment_round, product=product).values_list(
            "assessor_id", flat=True
        )
    )
    points: dict[Any, dict[int, Decimal]] = defaultdict(dict)
    for score in Score.objects.filter(round=assessment_round, product=product).select_related(
        "assessor"
    ):
        points[score.assessor][score.criterion_id] = score.points
    return [
        PanelRow(
            assessor=assessor,
            points=scores,
            total=sum(scores.values(), Decimal(0)),
            submitted=assessor.pk in submitted,
        )
        for assessor, scores in sorted(points.items(), key=lambda item: item[0].username)
    ]


def product_star_history(product: Product) -> QuerySet[ProductRating]:
    """The product's ratings of closed rounds, newest first."""
    return (
        ProductRating.objects.filter(product=product, round__status=RoundStatus.CLOSED)
        .select_related("round", "round__rubric")
        .order_by("-rated_on", "-round_id")
    )


def current_rating(product: Product) -> ProductRating | None:
    return product_star_history(product).first()


def products_that_gained_stars(*, since_round: AssessmentRound, in_round: AssessmentRound) -> int:
    """How many products have more stars in one closed round than in an earlier one."""
    before = dict(
        ProductRating.objects.filter(round=since_round).values_list("product_id", "stars")
    )
    after = ProductRating.objects.filter(round=in_round).values_list("product_id", "stars")
    return sum(1 for pk, stars in after if pk in before and stars > before[pk])


def assessor_rounds(user: User) -> QuerySet[AssessmentRound]:
    """The open rounds the user sits on."""
    return AssessmentRound.objects.filter(assessors=user, status=RoundStatus.OPEN).order_by("date")


def scores_awaited(user: User) -> list[tuple[AssessmentRound, list[Product]]]:
    """The open rounds the user sits on, each with its products the user has not submitted
    yet (a round they have finished has none): two queries."""
    rounds = list(assessor_rounds(user).select_related("rubric"))
    submitted = Submission.objects.filter(
        round=OuterRef("assessmentround"), product=OuterRef("product"), assessor=user
    )
    waiting: dict[int, list[Product]] = defaultdict(list)
    for link in (
        AssessmentRound.products.through.objects.filter(assessmentround__in=[r.pk for r in rounds])
        .exclude(Exists(submitted))
        .select_related("product")
        .order_by("product__name_en", "product__pk")
    ):
        waiting[link.assessmentround_id].append(link.product)
    return [(assessment_round, waiting[assessment_round.pk]) for assessment_round in rounds]


def rounds_to_close(today: dt.date) -> QuerySet[AssessmentRound]:
    """Open rounds whose day has come, with how many submissions they have of how many
    (each assessor, each product): one query."""
    return (
        AssessmentRound.objects.filter(status=RoundStatus.OPEN, date__lte=today)
        .annotate(
            product_count=_count_of(AssessmentRound.products.through.objects, "assessmentround"),
            assessor_count=_count_of(AssessmentRound.assessors.through.objects, "assessmentround"),
            submission_count=_count_of(Submission.objects, "round"),
        )
        .order_by("date", "pk")
    )


def _count_of(rows: Any, to_round: str) -> Coalesce:
    """The number of `rows` of each round, as a subquery: joining the three lists at once
    would multiply them."""
    counted = (
        rows.filter(**{to_round: OuterRef("pk")})
        .order_by()
        .values(to_round)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
