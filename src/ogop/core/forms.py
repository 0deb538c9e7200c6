"""Form fields that accept what Thai users type (Buddhist-Era dates and Thai digits), and
fields that choose a record by its code."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
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
    elif isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", KeysMultipleChoiceField)
    return field.formfield(**kwargs)


# The largest number a key column holds: a larger one names no record.
KEY_LIMIT = 2**63 - 1


class KeysMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Records chosen by their keys, where a number beyond any key is refused as an unknown
    choice before it reaches the database, which cannot compare it (SQLite fails on it)."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            text = str(item).strip().lstrip("+-")
            if text.isdigit() and (len(text) > len(str(KEY_LIMIT)) or int(text) > KEY_LIMIT):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's own check of the keys, absent from the stubs


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's errors on the form: each under its field where the form has it, above the
    form otherwise (and all above the form for an error that names no field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ThaiModelForm(forms.ModelForm):
    """Base model form of the staff pages: Thai dates and digits accepted everywhere.

    A refused form leaves its record as it was: Django writes the values typed onto the
    record before the record's own checks refuse them, and the page that shows the refusal
    links to the record by its code (a code refused for its slashes named no page, and the
    page failed).
    """

    class Meta:
        formfield_callback = thai_formfield

    def _post_clean(self) -> None:
        fields = self.instance._meta.concrete_fields
        before = {field.attname: getattr(self.instance, field.attname) for field in fields}
        super()._post_clean()  # type: ignore[misc]  # ModelForm's own step, absent from the stubs
        if self.errors:  # the errors so far: this runs inside full_clean
            for name, value in before.items():
                setattr(self.instance, name, value)


def column_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field of a model column, with the column's own validators, so that an
    import row is checked exactly as the model checks it."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    field = model_field.formfield(**kwargs)
    assert field is not None
    field.validators = [
        *field.validators,
        *(v for v in model_field.validators if v not in field.validators),
    ]
    if isinstance(field, forms.CharField):  # the rule StrippedTextModel keeps
        field.validators.append(writable_text_validator)
    return field


def _codes(field: forms.ModelChoiceField, keys: list[Any]) -> dict[Any, Any]:
    """The code (`to_field_name`) of each record of `keys`, found wherever the field's choices
    stop, so that a record outside them is shown as itself and refused, never as another."""
    assert field.queryset is not None
    assert field.to_field_name
    manager = field.queryset.model._default_manager
    return dict(manager.filter(pk__in=keys).values_list("pk", field.to_field_name))


def _is_key(field: forms.ModelChoiceField, value: Any) -> bool:
    """A record's key (as a model form's initial data holds it), not a code as typed."""
    assert field.queryset is not None
    if not field.to_field_name or value in (None, ""):
        return False
    return not isinstance(value, (str, field.queryset.model))


class CodeChoiceField(forms.ModelChoiceField):
    """A record typed as its code (`to_field_name`, "code" unless given).

    The field shows what it reads: a model form's initial data holds the record's key (an
    edit form's area is 23, not BT-33-03), and showing that key in a box read as a code
    would save another record, or refuse the form. So a key is shown as its record's code.
    """

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if _is_key(self, value):
            return _codes(self, [value]).get(value, value)
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Any:
        # A disabled field is cleaned from its initial data: a key.
        return super().to_python(self.prepare_value(value))


class CodeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Records typed as their codes; like CodeChoiceField, keys are shown as codes."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            codes = _codes(self, [item for item in value if _is_key(self, item)])
            value = [codes.get(item, item) for item in value]
        return super().prepare_value(value)
