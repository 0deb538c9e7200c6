from collections.abc import Collection
from typing import Any, ClassVar

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
