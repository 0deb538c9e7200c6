"""Translated fields read from plain values give what the model's attribute gives."""

import pytest
from django.utils import translation

from ogop.core.languages import field_names, in_reader_language, reader_languages
from ogop.products.models import Product
from tests.factories import ProductFactory


def test_field_names_are_the_field_and_one_column_a_language():
    assert field_names("name", "product__") == (
        "product__name",
        "product__name_en",
        "product__name_th",
        "product__name_dz",
    )


@pytest.mark.parametrize(
    ("language", "values", "expected"),
    [
        ("th", {"name": "x", "name_en": "Honey", "name_th": "น้ำผึ้ง"}, "น้ำผึ้ง"),
        ("th", {"name": "x", "name_en": "Honey", "name_th": ""}, "Honey"),  # English fallback
        ("dz", {"name": "stored", "name_en": "", "name_dz": ""}, "stored"),
        ("en", {"name_en": "Honey", "name_th": "น้ำผึ้ง"}, "Honey"),
    ],
)
def test_a_value_in_the_readers_language_else_english_else_as_stored(language, values, expected):
    with translation.override(language):
        assert in_reader_language(values, "name") == expected
        assert in_reader_language(values, "name", languages=reader_languages()) == expected


@pytest.mark.parametrize("language", ["en", "th", "dz"])
def test_the_same_as_the_models_attribute(db, language):
    ProductFactory(name_en="Wild honey", name_th="น้ำผึ้งป่า", name_dz="")
    with translation.override(language):
        product = Product.objects.get()
        values = Product.objects.values(*field_names("name")).get()
        assert in_reader_language(values, "name") == product.name
