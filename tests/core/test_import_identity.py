"""Export, then import into an empty registry, gives back every value: the file is the registry.

Random registries are made through the services (as the forms and the API make them), with
text as people type it: Thai and Dzongkha, Thai digits, spaces around it, and text that starts
like a spreadsheet formula (= + - @) or with apostrophes. `make fuzz` runs many more cases
(OGOP_FUZZ_FACTOR).
"""

import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.producers.services import producer_group_create
from ogop.products.models import Category, Product, Stage
from ogop.products.services import product_create
from ogop.products.transfer.exporting import export_file
from ogop.products.transfer.importing import import_file

FACTOR = int(os.environ.get("OGOP_FUZZ_FACTOR", "1"))
FIXTURE_SAFE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
GEWOGS = ["BT-33-03", "BT-15-08", "BT-44-03", "840503"]

# Every field a file carries, by the model's own names (per language for translated text).
GROUP_FIELDS = [
    "code", "name_en", "name_th", "name_dz", "kind", "area__code", "members_female",
    "members_male", "phone", "story_en", "story_th", "is_public", "is_illustrative",
]  # fmt: skip
PRODUCT_FIELDS = [
    "code", "name_en", "name_th", "name_dz", "category", "producer_group__code", "area__code",
    "price", "currency", "unit", "stage_id", "is_flagship", "is_public", "description_en",
    "description_th", "is_illustrative",
]  # fmt: skip
# Optional per-language text: empty and missing are one value (an import writes missing).
MAY_BE_MISSING = {"name_th", "name_dz", "story_th", "description_th"}

# Any character text may hold (not those no spreadsheet can: they are refused wherever they
# are given), and more often those that trip spreadsheets: formula signs, quotes, separators,
# Thai (with its marks and digits), Dzongkha, spaces and line ends of every kind.
UNWRITABLE = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
CHARACTERS = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=UNWRITABLE),
    st.sampled_from(list("=+-@'\",;\n\r\t\x85 ก้ข่าว๑๒๕ཀབོད་\u00a0\u3000\u2028")),
)
FORMULA_START = st.sampled_from(["", "=", "+", "-", "@", "'=", "''+", "'", " ="])


def text(max_size: int, *, required: bool = False) -> st.SearchStrategy[str]:
    """Text as typed, perhaps starting like a formula, perhaps with spaces around it."""
    typed = st.builds(
        lambda start, body: start + body, FORMULA_START, st.text(CHARACTERS, max_size=max_size)
    ).map(lambda value: value[:max_size])
    if required:  # more than spaces: a blank name is refused (test_registry_text)
        typed = typed.map(lambda value: value if value.strip() else value + "ཀ")
    return typed


codes = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)

groups = st.fixed_dictionaries(
    {
        "name_en": text(60, required=True),
        "name_th": text(60),
        "name_dz": text(60),
        "kind": st.sampled_from(GroupKind.values),
        "area": st.sampled_from(GEWOGS),
        "members_female": st.integers(0, 1_000_000),
        "members_male": st.integers(0, 1_000_000),
        "phone": text(40),
        "story_en": text(200),
        "story_th": text(200),
        "is_public": st.booleans(),
        "is_illustrative": st.booleans(),
    }
)
products = st.fixed_dictionaries(
    {
        "name_en": text(60, required=True),
        "name_th": text(60),
        "name_dz": text(60),
        "category": st.sampled_from(Category.values),
        "group": st.integers(0, 2),
        "area": st.one_of(st.none(), st.sampled_from(GEWOGS)),
        "price": st.one_of(
            st.none(), st.decimals(0, Decimal("9999999999.99"), places=2, allow_nan=False)
        ),
        "currency": st.sampled_from(["THB", "BTN", "USD", "JPY"]),
        "unit": text(40),
        "stage": st.sampled_from(
            [
                Stage.IDEA,
                Stage.PROTOTYPE,
                Stage.PACKAGING,
                Stage.CERTIFIED,
                Stage.MARKET_READY,
                Stage.EXPORTED,
            ]
        ),
        "is_flagship": st.booleans(),
        "is_public": st.booleans(),
        "description_en": text(200),
        "description_th": text(200),
        "is_illustrative": st.booleans(),
    }
)
registries = st.tuples(
    st.lists(codes, min_size=1, max_size=3, unique_by=str.upper),
    st.lists(groups, min_size=3, max_size=3),
    st.lists(st.tuples(codes, products), max_size=4, unique_by=lambda item: item[0].upper()),
)


def registry_make(user: Any, registry: Any) -> None:
    """Make the registry through the services, as the forms and the API do."""
    group_codes, group_values, product_items = registry
    made = []
    for code, values in zip(group_codes, group_values, strict=False):
        values = {**values, "area": Area.objects.get(code=values["area"])}
        made.append(producer_group_create(user=user, code=code, name=values["name_en"], **values))
    flagship_areas = set()
    for code, values in product_items:
        group = made[values.pop("group") % len(made)]
        area_code = values.pop("area")
        area = Area.objects.get(code=area_code) if area_code else group.area
        if values["is_flagship"]:
            values["is_flagship"] = area.pk not in flagship_areas  # a gewog has one flagship
            flagship_areas.add(area.pk)
        product_create(
            user=user, code=code, producer_group=group, area=area, name=values["name_en"], **values
        )


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every value a file carries, of every record, by code."""

    def rows(model: Any, fields: list[str]) -> list[dict[str, Any]]:
        return [
            {
                name: "" if value is None and name in MAY_BE_MISSING else value
                for name, value in row.items()
            }
            for row in model.objects.order_by("code").values(*fields)
        ]

    return {
        "groups": rows(ProducerGroup, GROUP_FIELDS),
        "products": rows(Product, PRODUCT_FIELDS),
    }


def registry_empty() -> None:
    Product.objects.all().delete()
    ProducerGroup.objects.all().delete()


@pytest.mark.django_db
@settings(max_examples=5 * FACTOR, deadline=None, suppress_health_check=FIXTURE_SAFE)
@given(registry=registries)
def test_export_then_import_into_an_empty_registry_gives_back_every_value(officer, registry):
    registry_empty()
    registry_make(officer, registry)
    made = snapshot()
    files = {
        file_format: {
            kind: export_file(kind=kind, file_format=file_format, user=officer)
            for kind in ("producers", "products")
        }
        for file_format in ("csv", "xlsx")
    }
    for file_format, exported in files.items():
        registry_empty()
        import_file(kind="producers", data=exported["producers"], user=officer)
        if made["products"]:
            import_file(kind="products", data=exported["products"], user=officer)
        assert snapshot() == made, file_format
