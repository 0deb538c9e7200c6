import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.core.models import TimeStampedModel
from ogop.core.money import Currency
from ogop.core.validators import code_validator
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup


class Category(models.TextChoices):
    """OTOP's five product categories."""

    FOOD = "food", _("food")
    BEVERAGE = "beverage", _("beverages")
    TEXTILE = "textile", _("textiles and garments")
    HOUSEHOLD = "household", _("household items, decorations and souvenirs")
    HERBAL = "herbal", _("non-food herbal products")


class Stage(models.TextChoices):
    """How far a product has come, in order."""

    IDEA = "idea", _("idea")
    PROTOTYPE = "prototype", _("prototype")
    PACKAGING = "packaging", _("packaging and branding")
    CERTIFIED = "certified", _("certified")
    MARKET_READY = "market_ready", _("market-ready")
    EXPORTED = "exported", _("exported")


class Product(TimeStampedModel):
    """A product of a producer group, with its names and story in English, Thai and Dzongkha."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("A stable code, used by import files and the product's public address."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("story"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    producer_group = models.ForeignKey(
        ProducerGroup,
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="products",
        help_text=_("The gewog (or tambon) the product comes from."),
    )
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BTN
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. 500 g jar"))
    stage = models.CharField(
        _("development stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA
    )
    is_flagship = models.BooleanField(
        _("flagship"), default=False, help_text=_("The flagship product of its gewog.")
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the public catalog.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data, not a real product.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Per-language columns added by modeltranslation (see translation.py).
    name_en: str | None
    name_th: str | None
    name_dz: str | None
    description_en: str | None
    description_th: str | None
    description_dz: str | None

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(is_flagship=True),
                name="one_flagship_per_area",
                violation_error_message=_("This area already has a flagship product."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["category", "stage"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("product_detail", args=[self.code])

    def clean(self) -> None:
        if self.area_id and self.area.level < 2:
            raise ValidationError(
                {"area": _("Choose a gewog, amphoe or tambon, not a dzongkhag or province.")}
            )


def photo_path(photo: "ProductPhoto", filename: str) -> str:
    return f"products/{photo.product.code}/{filename}"


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class CertificationKind(models.TextChoices):
    ORGANIC = "organic", _("organic")
    FOOD_SAFETY = "food_safety", _("food safety")
    BRAND_BHUTAN = "brand_bhutan", _("Brand Bhutan")
    THAI_FDA = "thai_fda", _("Thai FDA")
    OTOP = "otop", _("OTOP")
    OTHER = "other", _("other")


class Certification(TimeStampedModel):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificationKind.choices)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="certification_dates_in_order",
                violation_error_message=_("A certification cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_expired(self, today: dt.date | None = None) -> bool:
        return bool(self.valid_until and self.valid_until < (today or dt.date.today()))
