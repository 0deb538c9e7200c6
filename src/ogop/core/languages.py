"""Translated fields read as plain values (`.values()`), without building model instances."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import get_language


def field_names(field: str, prefix: str = "") -> tuple[str, ...]:
    """The columns of a translated field: its own and one per language ("name", "name_en"…)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return (f"{prefix}{field}", *(f"{prefix}{field}_{code}" for code in codes))


def reader_languages() -> tuple[str, ...]:
    """The reader's language, then the fallback ones: the order a translated field is read in."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"])


def in_reader_language(
    values: Mapping[str, Any], field: str, prefix: str = "", languages: tuple[str, ...] = ()
) -> str:
    """The field in the reader's language (or `languages`, from `reader_languages`, when many
    rows are read), else in the fallback language, else as stored: what the model's attribute
    gives, from a row of `field_names` columns."""
    for code in languages or reader_languages():
        if value := values.get(f"{prefix}{field}_{code}"):
            return str(value)
    return str(values.get(f"{prefix}{field}") or "")
