from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ogop.core.history import HistoryOfTrackedFields
from ogop.core.iati_rules import validate_organisation_identifier
from ogop.core.models import TimeStampedModel


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    PROGRAMME_OFFICER = "programme_officer", _("programme officer")
    PARTNER_OFFICER = "partner_officer", _("partner officer")
    PRODUCER = "producer", _("producer")
    EXPERT = "expert", _("expert or volunteer")
    ASSESSOR = "assessor", _("assessor")
    CASHIER = "cashier", _("fair cashier")


class OrganisationKind(models.TextChoices):
    DONOR = "donor", _("donor agency")
    GOVERNMENT = "government", _("government partner")
    UNIVERSITY = "university", _("university")
    PRODUCER_GROUP = "producer_group", _("producer group")
    BUYER = "buyer", _("buyer")
    OTHER = "other", _("other")


class Organisation(TimeStampedModel):
    """An agency, ministry, university or company taking part in a programme."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 code")
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        help_text=_(
            "A registration agency's code, a hyphen and the organisation's number there, "
            "e.g. XM-DAC-41114"
        ),
        validators=[validate_organisation_identifier],
    )

    history = HistoryOfTrackedFields(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class PlatformUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person who logs in. Their role says what they may do; see accounts.roles.

    The administrator role is what makes a user staff and superuser: the role decides.
    """

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.EXPERT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    thai_digits = models.BooleanField(
        _("Thai digits"), default=False, help_text=_("Show numbers and dates in Thai digits (๑๒๓).")
    )

    objects = PlatformUserManager()  # type: ignore[misc]  # the stubs declare AbstractUser.objects a ClassVar
    # Who made an account, or changed its role, is kept; its password hash and last log-in
    # never are (a log-in writes last_login alone, and keeps no record).
    history = HistoryOfTrackedFields(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class ApiToken(TimeStampedModel):
    """A key for the JSON API, acting as its user. Only a hash is stored: the key is shown
    once, when it is made."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=8, help_text=_("To recognise the token."))
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ResetRequest(models.Model):
    """A password reset link asked for: counted to throttle requests per address and per client
    (accounts.password_reset). The address is kept as a hash, as it may be no one's."""

    address_hash = models.CharField(max_length=64, db_index=True)
    client = models.CharField(max_length=45, blank=True, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.client} {self.requested_at:%Y-%m-%d %H:%M}"
