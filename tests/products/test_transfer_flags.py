"""Export → import keeps every flag of the registry's records: public, illustrative; a file
made before a flag's column existed still imports, and leaves that flag as it was."""

import pytest

from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.products.transfer.exporting import export_file
from ogop.products.transfer.importing import import_file
from tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db

OLD_GROUPS = (
    "code,name_en,name_th,name_dz,kind,area_code,members_female,members_male,phone,story_en,"
    "story_th\n"
    "PG-OLD,Old file group,,,farmer_group,BT-33-03,3,2,,,\n"
    "{code},Kept group,,,farmer_group,BT-33-03,3,2,,,\n"
)
OLD_PRODUCTS = (
    "code,name_en,category,producer_code,public\n"
    "BT-OLD,Old file product,food,{group},yes\n"
    "{code},Kept product,food,{group},yes\n"
)


def _flags() -> dict[str, tuple[bool, bool]]:
    """Each group's and product's (public, illustrative), by code."""
    flags = {}
    for model in (ProducerGroup, Product):
        for code, public, illustrative in model.objects.values_list(
            "code", "is_public", "is_illustrative"
        ):
            flags[code] = (public, illustrative)
    return flags


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_keeps_public_and_illustrative_flags(officer, file_format):
    hidden = ProducerGroupFactory(code="PG-HIDDEN-SILK", is_public=False, is_illustrative=True)
    real = ProducerGroupFactory(code="PG-REAL", is_public=True, is_illustrative=False)
    ProductFactory(code="BT-MADE-UP", producer_group=hidden, is_illustrative=True)
    ProductFactory(code="BT-REAL", producer_group=real, is_illustrative=False)
    made = _flags()
    files = {
        kind: export_file(kind=kind, file_format=file_format, user=officer)
        for kind in ("producers", "products")
    }
    Product.objects.all().delete()
    ProducerGroup.objects.all().delete()

    import_file(kind="producers", data=files["producers"], user=officer)
    import_file(kind="products", data=files["products"], user=officer)

    assert _flags() == made
    assert made["PG-HIDDEN-SILK"] == (False, True)
    assert made["BT-MADE-UP"][1] is True


def test_a_file_without_the_flag_columns_keeps_stored_flags_and_new_records_get_defaults(
    officer,
):
    group = ProducerGroupFactory(is_public=False, is_illustrative=True)
    ProductFactory(code="BT-KEPT", producer_group=group, is_illustrative=True)

    import_file(kind="producers", data=OLD_GROUPS.format(code=group.code).encode(), user=officer)
    import_file(
        kind="products",
        data=OLD_PRODUCTS.format(code="BT-KEPT", group=group.code).encode(),
        user=officer,
    )

    flags = _flags()
    assert flags[group.code] == (False, True)  # the old file says nothing of either flag
    assert flags["BT-KEPT"] == (True, True)  # public is in the old file; illustrative is not
    assert flags["PG-OLD"] == (True, False)  # a new group is public, not illustrative
    assert flags["BT-OLD"] == (True, False)
    assert ProducerGroup.objects.get(code=group.code).name_en == "Kept group"


def test_the_flag_columns_set_the_flags_they_name(officer):
    group = ProducerGroupFactory(is_public=True, is_illustrative=False)
    data = (
        "code,name_en,kind,area_code,public,illustrative\n"
        f"{group.code},Now hidden,farmer_group,BT-33-03,no,yes\n"
    ).encode()

    import_file(kind="producers", data=data, user=officer)

    assert _flags()[group.code] == (False, True)
