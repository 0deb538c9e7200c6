from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import User
from ogop.accounts.roles import is_registry_reader
from ogop.core.models import StrippedTextModel, TimeStampedModel
from ogop.core.validators import code_validator
from ogop.places.models import Area


class GroupKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("cooperative")
    FARMER_GROUP = "farmer_group", _("farmer group")
    ENTERPRISE = "enterprise", _("enterprise")


def represented_group_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The groups the user represents, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_represented_group_ids"):
        ids = frozenset(user.producer_groups.values_list("pk", flat=True))
        user._represented_group_ids = ids  # type: ignore[attr-defined]  # a per-request cache
    return user._represented_group_ids  # type: ignore[attr-defined]  # the per-request cache


class ProducerGroupQuerySet(models.QuerySet["ProducerGroup"]):
    """Who may see which groups: the one definition the catalog, its index and the API use."""

    # In the public catalog.
    PUBLIC = Q(is_public=True)

    def public(self) -> "ProducerGroupQuerySet":
        """The groups everyone may see: those marked public."""
        return self.filter(self.PUBLIC)

    def visible_to(self, user: User | AnonymousUser) -> "ProducerGroupQuerySet":
        """The groups the user's role reads in the registry (`producers.view_producergroup`):
        every group for registry readers, their own groups for producers, none otherwise."""
        if is_registry_reader(user):
            return self.all()
        return self.filter(pk__in=represented_group_ids(user))

    def public_or_visible_to(self, user: User | AnonymousUser) -> "ProducerGroupQuerySet":
        """The groups the user may read anywhere: the public ones, and those their role reads."""
        if not user.is_authenticated:
            return self.public()
        return self.filter(self.PUBLIC | Q(pk__in=self.visible_to(user).values("pk")))


class ProducerGroup(StrippedTextModel, TimeStampedModel):
    """A cooperative, farmer group or enterprise that makes products, in one area."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("A stable code, used by import files (e.g. PG-PARO-001)."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="producer_groups"
    )
    members_female = models.PositiveIntegerField(_("women members"), default=0)
    members_male = models.PositiveIntegerField(_("men members"), default=0)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    story = models.TextField(_("story"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public catalog.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Made-up demo data, not a real group.")
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="producer_groups",
        help_text=_("Users with the producer role who edit this group and its products."),
    )

    objects = ProducerGroupQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])
    # A name in the default language, more than spaces, however given (see StrippedTextModel).
    REQUIRED_TEXT = ("name_en",)

    # Per-language columns added by modeltranslation (see translation.py).
    name_en: str | None
    name_th: str | None
    name_dz: str | None
    story_en: str | None
    story_th: str | None
    story_dz: str | None

    class Meta:
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("producer_group_detail", args=[self.code])

    @property
    def members_total(self) -> int:
        return self.members_female + self.members_male
