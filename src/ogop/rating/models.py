"""Star rating: versioned rubrics (parts, criteria, thresholds), panels that score products in
assessment rounds, and each product's star history."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.core.models import TimeStampedModel
from ogop.core.validators import code_validator
from ogop.products.models import Product


class Rubric(TimeStampedModel):
    """One version of a points rubric. A version used by a closed round never changes:
    editing it makes the next version (see services.rubric_new_version)."""

    code = models.CharField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("The same for every version of a rubric, e.g. ocop-vn."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the parts, criteria and thresholds come from.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("New rounds use the active version of a rubric.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    name_en: str | None
    name_th: str | None
    name_dz: str | None

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="rubric_version_unique",
                violation_error_message=_("This rubric already has this version."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_active=True),
                name="one_active_version_per_rubric",
                violation_error_message=_("Only one version of a rubric can be active."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("rubric_detail", args=[self.pk])


class RubricPart(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="parts"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. A"))
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric part")
        verbose_name_plural = _("rubric parts")
        ordering = ["rubric", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "code"],
                name="rubric_part_code_unique",
                violation_error_message=_("The rubric already has a part with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    part = models.ForeignKey(
        RubricPart, verbose_name=_("part"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. A1"))
    text = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["part__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("A criterion is worth more than zero points."),
            ),
            models.UniqueConstraint(
                fields=["part", "code"],
                name="criterion_code_unique_in_part",
                violation_error_message=_("The part already has a criterion with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class StarThreshold(models.Model):
    """A product with at least `min_points` gets `stars` (the highest threshold reached)."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="thresholds"
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    min_points = models.DecimalField(
        _("from points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("star threshold")
        verbose_name_plural = _("star thresholds")
        ordering = ["rubric", "stars"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "stars"],
                name="threshold_stars_unique",
                violation_error_message=_("The rubric already has a threshold for these stars."),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="threshold_stars_one_to_five",
                violation_error_message=_("Stars go from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(min_points__gte=0),
                name="threshold_points_not_negative",
                violation_error_message=_("A threshold cannot be below zero points."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ ≥ {self.min_points}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class AssessmentRound(TimeStampedModel):
    """A panel's session: assessors score the round's products against one rubric version."""

    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="rounds"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessors"),
        related_name="assessment_rounds",
        blank=True,
    )
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), related_name="assessment_rounds", blank=True
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[assessors, products])

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="round_closed_has_a_closing_time",
                violation_error_message=_("A closed round says when it was closed."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Score(TimeStampedModel):
    """An assessor's points for one product on one criterion."""

    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="scores"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["round", "product", "assessor", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "assessor", "product", "criterion"],
                name="one_score_per_criterion",
                violation_error_message=_("This criterion is already scored."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="score_not_negative",
                violation_error_message=_("Points cannot be below zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.criterion.code}: {self.points}"


class Submission(models.Model):
    """An assessor has finished scoring a product: their scores are final, and they may see
    the other assessors' scores of it."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="submissions"
    )
    total = models.DecimalField(_("total points"), max_digits=6, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "product", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "assessor", "product"],
                name="one_submission_per_assessor_and_product",
                violation_error_message=_("The assessor has already submitted this product."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.assessor} → {self.product}"


class ProductRating(models.Model):
    """The stars a product got in a closed round: its star history."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="ratings"
    )
    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("stars"))
    assessors = models.PositiveSmallIntegerField(_("number of assessors"))
    rated_on = models.DateField(_("rated on"))

    class Meta:
        verbose_name = _("product rating")
        verbose_name_plural = _("product ratings")
        ordering = ["product", "-rated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "round"],
                name="one_rating_per_product_and_round",
                violation_error_message=_("The product is already rated in this round."),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5),
                name="rating_stars_one_to_five",
                violation_error_message=_("Stars go from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="rating_score_not_negative",
                violation_error_message=_("A score cannot be below zero."),
            ),
            models.CheckConstraint(
                condition=Q(assessors__gte=1),
                name="rating_has_assessors",
                violation_error_message=_("A rating comes from at least one assessor."),
            ),
        ]
        indexes = [models.Index(fields=["product", "rated_on"])]

    def __str__(self) -> str:
        return f"{self.product}: {self.stars}★ ({self.round})"
