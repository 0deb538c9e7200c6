import datetime as dt
import secrets
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import User
from ogop.accounts.roles import is_registry_reader
from ogop.core.media import MEDIA_TYPES as PHOTO_SUFFIXES
from ogop.core.models import StrippedTextModel, TimeStampedModel
from ogop.core.money import Currency
from ogop.core.validators import code_validator, gtin_normalized
from ogop.places.models import Area
from ogop.producers.models import ProducerGroup, represented_group_ids


class Category(models.TextChoices):
    """OTOP's five product categories."""

    FOOD = "food", _("food")
    BEVERAGE = "beverage", _("beverages")
    TEXTILE = "textile", _("textiles and garments")
    HOUSEHOLD = "household", _("household items, decorations and souvenirs")
    HERBAL = "herbal", _("non-food herbal products")


class Stage(TimeStampedModel):
    """A development stage (idea, prototype …): data, so that a programme can add its own.

    The codes of the shipped stages are stable: import files and reports use them.
    """

    IDEA = "idea"
    PROTOTYPE = "prototype"
    PACKAGING = "packaging"
    CERTIFIED = "certified"
    MARKET_READY = "market_ready"
    EXPORTED = "exported"

    # The code is the key: products, their history and import files name stages by it.
    code = models.CharField(_("code"), max_length=20, primary_key=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Stages are passed through in this order.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive stages are kept for history only.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    name_en: str | None
    name_th: str | None
    name_dz: str | None

    class Meta:
        verbose_name = _("development stage")
        verbose_name_plural = _("development stages")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"],
                name="one_stage_per_position",
                violation_error_message=_("Another stage already has this position."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classproperty
    def choices(cls) -> list[tuple[str, str]]:
        """The active stages as (code, name) pairs, in order: one query."""
        return [(stage.code, stage.name) for stage in Stage.objects.filter(is_active=True)]


class _StageDescriptor(ForwardManyToOneDescriptor):
    """Takes a stage or its code: `product.stage = "exported"` sets the code and nothing else."""

    def __set__(self, instance: Any, value: Any) -> None:
        if isinstance(value, str):
            instance.__dict__[self.field.attname] = value
            if self.field.is_cached(instance):
                self.field.delete_cached_value(instance)
            return
        super().__set__(instance, value)


class StageField(models.ForeignKey):
    """A foreign key to a stage (keyed by its code), which also accepts the code itself."""

    forward_related_accessor_class = _StageDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("on_delete", models.PROTECT)
        super().__init__(*args, **kwargs)


# A product code that is taken answers the same whoever holds it, so that a code does not tell
# who may not see the product that it exists (docs/roles.md).
CODE_UNAVAILABLE = _("This code is not available: choose another.")


class GtinField(models.CharField):
    """A GTIN, kept as the 14 digits GS1 Digital Link addresses use (core.validators)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return gtin_normalized(value) if value else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        """Kept as 14 digits however it was set (a form checks it first, with its message)."""
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class ProductQuerySet(models.QuerySet["Product"]):
    """Who may see which products: the one definition the catalog, its index and the API use."""

    # In the public catalog: a public product of a public group.
    PUBLIC = Q(is_public=True, producer_group__is_public=True)

    def public(self) -> "ProductQuerySet":
        """The products everyone may see: public products of public producer groups."""
        return self.filter(self.PUBLIC)

    def visible_to(self, user: User | AnonymousUser) -> "ProductQuerySet":
        """The products the user's role reads in the registry (`products.view_product`): every
        product for registry readers, their own groups' for producers, none otherwise."""
        if is_registry_reader(user):
            return self.all()
        return self.filter(producer_group_id__in=represented_group_ids(user))

    def public_or_visible_to(self, user: User | AnonymousUser) -> "ProductQuerySet":
        """The products the user may read anywhere: the public ones, and those their role reads."""
        if not user.is_authenticated:
            return self.public()
        return self.filter(self.PUBLIC | Q(pk__in=self.visible_to(user).values("pk")))


class Product(StrippedTextModel, TimeStampedModel):
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
    gtin = GtinField(
        _("GTIN"),
        max_length=14,
        blank=True,
        help_text=_(
            "The number under the product's barcode (GTIN-8, 12, 13 or 14), if it has one: "
            "its labels' QR codes then use it."
        ),
    )
    stage = StageField(
        Stage,
        verbose_name=_("development stage"),
        default=Stage.IDEA,
        related_name="products",
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The stars of the product's latest closed assessment round."),
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

    objects = ProductQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "stars"])
    # A name in the default language, more than spaces, however given (see StrippedTextModel).
    REQUIRED_TEXT = ("name_en",)

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
            models.UniqueConstraint(
                fields=["gtin"],
                condition=~Q(gtin=""),
                name="product_gtin_unique",
                violation_error_message=_("Another product has this GTIN."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                name="product_stars_from_one_to_five",
                violation_error_message=_("Stars go from 1 to 5."),
            ),
        ]
        indexes = [
            models.Index(fields=["category", "stage"], name="products_pr_categor_3b3dfa_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("product_detail", args=[self.code])

    def get_stage_display(self) -> str:
        return str(self.stage)

    def clean(self) -> None:
        if self.area_id and self.area.level < 2:
            raise ValidationError(
                {"area": _("Choose a gewog, amphoe or tambon, not a dzongkhag or province.")}
            )


def photo_path(photo: "ProductPhoto", filename: str) -> str:
    """A random name that cannot be guessed, with the extension of the re-encoded format:
    neither the product's code nor the uploader's file name (core.media serves a photo only
    to those who may see its product, and the name reveals nothing either)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"products/{secrets.token_urlsafe(24)}{suffix if suffix in PHOTO_SUFFIXES else ''}"


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path, db_index=True)
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=photo_path,
        blank=True,
        db_index=True,
        help_text=_("A small copy for lists and slow connections, made on upload."),
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""

    @property
    def small(self) -> Any:
        """The thumbnail, or the photo itself where none was made."""
        return self.thumbnail or self.image


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


class StageChange(TimeStampedModel):
    """One step of a product's development: from which stage to which, when, by whom and why."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = StageField(
        Stage,
        verbose_name=_("from stage"),
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the product entered the registry at this stage."),
    )
    to_stage = StageField(Stage, verbose_name=_("to stage"), related_name="+")
    moved_on = models.DateField(_("moved on"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the product moved; required to move it back.")
    )
    # Becomes a link to the programme activity once the programme app has activities.
    helped_by = models.CharField(
        _("helped by"),
        max_length=255,
        blank=True,
        help_text=_("The programme activity that helped, e.g. an expert mission or a training."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["moved_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_stage__isnull=True) | ~Q(from_stage=models.F("to_stage")),
                name="stage_change_changes_the_stage",
                violation_error_message=_("A move goes to another stage."),
            )
        ]
        indexes = [models.Index(fields=["product", "moved_on"])]

    def __str__(self) -> str:
        return f"{self.product}: {self.from_stage_id or '—'} → {self.to_stage_id}"
