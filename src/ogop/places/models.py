from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    BHUTAN = "BT", _("Bhutan")
    THAILAND = "TH", _("Thailand")


class AreaKind(models.TextChoices):
    DZONGKHAG = "dzongkhag", _("dzongkhag")
    GEWOG = "gewog", _("gewog")
    PROVINCE = "province", _("province")
    AMPHOE = "amphoe", _("amphoe")
    TAMBON = "tambon", _("tambon")


class Area(models.Model):
    """An administrative area: dzongkhag > gewog in Bhutan, changwat > amphoe > tambon in Thailand.

    `path` is the materialised path of codes from the top ("BT-33/BT-33-01/"), so a subtree
    is one indexed prefix query.
    """

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["country", "path"]
        indexes = [models.Index(fields=["country", "level"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The path follows the parent and the code, the country and level the parent's (the
        loaders write them themselves)."""
        if self.parent:
            self.country, self.level = self.parent.country, self.parent.level + 1
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("area_detail", args=[self.code])

    @property
    def ancestor_codes(self) -> list[str]:
        return self.path.rstrip("/").split("/")[:-1]
