"""Form fields that accept what Thai users type: Buddhist-Era dates and Thai digits."""

from typing import Any

from django import forms
from django.db import models

from ogop.core import thai
from ogop.core.validators import writable_text_validator


class ThaiDateField(forms.DateField):
    """A date in either calendar (BE years of 2400 and above) and either digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            try:
                return thai.parse_date(value)
            except ValueError as exc:
                raise forms.ValidationError(str(exc), code="invalid") from exc
        return super().to_python(value)


def _arabic(value: Any) -> Any:
    if isinstance(value, str):
        return thai.to_arabic_digits(value).replace(",", "").strip()
    return value


class ThaiDecimalField(forms.DecimalField):
    """A decimal number in Thai or Arabic digits, with or without thousands separators."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(_arabic(value))


class ThaiIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> Any:
        return super().to_python(_arabic(value))


def thai_formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """formfield_callback for model forms: dates and numbers accept Thai input."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("form_class", ThaiDateField)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "17/12/2560"}))
    elif isinstance(field, models.DecimalField):
        kwargs.setdefault("form_class", ThaiDecimalField)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
    elif isinstance(field, models.IntegerField) and not field.choices:
        kwargs.setdefault("form_class", ThaiIntegerField)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
    return field.formfield(**kwargs)


class ThaiModelForm(forms.ModelForm):
    """Base model form of the staff pages: Thai dates and digits accepted everywhere."""

    class Meta:
        formfield_callback = thai_formfield


def column_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field of a model column, with the column's own validators, so that an
    import row is checked exactly as the model checks it."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)  # type: ignore[union-attr]
    assert field is not None
    field.validators = [
        *field.validators,
        *(v for v in model_field.validators if v not in field.validators),
    ]  # type: ignore[union-attr]
    if isinstance(field, forms.CharField):  # the rule StrippedTextModel keeps
        field.validators.append(writable_text_validator)
    return field
