"""The people of the programme: persons and their participation in learning activities."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogop.accounts.models import Organisation
from ogop.core.models import TimeStampedModel
from ogop.programme.models.plan import Activity


class Sex(models.TextChoices):
    """As recorded; never guessed. Blank means not recorded."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")


class Person(TimeStampedModel):
    """A trainee, trainer, expert or volunteer. Personal data: staff only."""

    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(
        _("sex"),
        max_length=6,
        choices=Sex.choices,
        blank=True,
        help_text=_("Leave empty when not recorded."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    producer_group = models.ForeignKey(
        "producers.ProducerGroup",
        verbose_name=_("producer group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The person's login, for experts and volunteers who write their reports."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ParticipantRole(models.TextChoices):
    TRAINEE = "trainee", _("trainee")
    TRAINER = "trainer", _("trainer")
    FACILITATOR = "facilitator", _("facilitator")
    OBSERVER = "observer", _("observer")


class Participant(TimeStampedModel):
    """A person at a training, workshop or study visit."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.TRAINEE
    )
    days_attended = models.DecimalField(
        _("days attended"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    pre_score = models.DecimalField(
        _("pre-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Out of 100."),
    )
    post_score = models.DecimalField(
        _("post-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Out of 100."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["activity", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                name="participant_once_per_activity",
                violation_error_message=_("The person is already a participant of this activity."),
            ),
            models.CheckConstraint(
                condition=Q(days_attended__isnull=True) | Q(days_attended__gte=0),
                name="participant_days_not_negative",
                violation_error_message=_("Days attended cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(pre_score__isnull=True) | Q(pre_score__gte=0, pre_score__lte=100))
                & (Q(post_score__isnull=True) | Q(post_score__gte=0, post_score__lte=100)),
                name="participant_scores_out_of_100",
                violation_error_message=_("Scores go from 0 to 100."),
            ),
        ]
        # The trainees of some activities, read from the index alone (people trained).
        indexes = [
            models.Index(fields=["activity", "role", "person"], name="participant_by_activity_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"

    @property
    def learning_gain(self) -> Decimal | None:
        """Post-test minus pre-test score, in points; None unless both were taken."""
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score

    def clean(self) -> None:
        if self.activity_id and not self.activity.is_learning:
            raise ValidationError(
                {
                    "activity": _(
                        "Participants are recorded for trainings, workshops and study visits."
                    )
                }
            )
        if self.activity_id and self.days_attended is not None:
            activity = self.activity
            start = activity.start_actual or activity.start_planned
            end = activity.end_actual or activity.end_planned
            if self.days_attended > (end - start).days + 1:
                raise ValidationError(
                    {
                        "days_attended": _("More days than the activity lasted (%(days)s).")
                        % {"days": (end - start).days + 1}
                    }
                )
