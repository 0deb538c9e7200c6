from collections.abc import Collection
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationFieldDescriptor

from ogop.core.validators import writable_text_validator


class TimeStampedModel(models.Model):
    """Base model: when a row was made and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def _is_translated_original(model: type[models.Model], field: models.Field) -> bool:
    """Whether the field is one whose value a translation package reads from its per-language
    fields (name from name_en, name_th …): those fields hold the text, and are kept tidy."""
    return isinstance(model.__dict__.get(field.attname), TranslationFieldDescriptor)


class StrippedTextModel(models.Model):
    """Text is kept without spaces around it and holds no character a spreadsheet cannot
    (see `writable_text_validator`), and the fields named in REQUIRED_TEXT hold more than spaces.

    One rule for a value wherever it comes from: the staff forms, the administration and the
    API save through `full_clean`, which applies it; an import's cells are stripped as they are
    read and its row forms require the same fields. A stored value then never starts or ends
    with spaces, so that an exported file imports back as it was.
    """

    REQUIRED_TEXT: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        model = type(self)
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not (
                _is_translated_original(model, field)
            ):
                value = getattr(self, field.attname)
                if isinstance(value, str) and value != value.strip():
                    setattr(self, field.attname, value.strip())
        errors: dict[str, Any] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and field.name not in errors:
                try:
                    writable_text_validator(getattr(self, field.attname))
                except ValidationError as exc:
                    errors[field.name] = exc.error_list
        for name in self.REQUIRED_TEXT:
            required: Any = self._meta.get_field(name)
            if name not in (exclude or ()) and name not in errors and not getattr(self, name):
                errors[name] = [ValidationError(required.error_messages["blank"], code="blank")]
            if name in errors and (original := getattr(required, "translated_field", None)):
                errors.pop(original.name, None)  # the same blank, said once, of the field given
        if errors:
            raise ValidationError(errors)


class Job(models.Model):
    """A piece of long work run in the background by a worker (`ogop worker`), and how far it
    has come: any server reads its progress here, whichever worker runs it.

    A job goes from queued to running, then to done, failed or cancelled. Its writes are made
    in one transaction, committed only when it is done: a job that fails, is cancelled or
    whose worker dies leaves nothing written.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    class Phase(models.TextChoices):
        WAITING = "", _("waiting")
        CHECKING = "checking", _("checking rows")
        WRITING = "writing", _("writing rows")
        EXPORTING = "exporting", _("writing the file")

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The uploaded file, kept in the database (which every server and worker reaches) until
    # the job ends.
    upload = models.BinaryField(_("file"), null=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    written = models.PositiveIntegerField(_("rows written"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("error report"), default=list, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # The language of the page that started the job: its messages are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        """How far the job has come: checking a row and writing it count alike."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, (self.checked + self.written) * 50 // self.total)
