"""A field that needs a right beyond changing the record is refused by the service, naming
the field, and nothing is written (core.field_rules, each app's rules.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from ogop.producers.services import producer_group_update
from ogop.products.services import product_update


def _product_stage(producer, product, group):
    return (
        product,
        lambda: product_update(product=product, user=producer, stage="exported", unit="jar"),
        ("stage_id", "unit"),
    )


def _group_code(producer, product, group):
    return (
        group,
        lambda: producer_group_update(
            group=group, user=producer, code="PG-MINE", phone="17 00 00 00"
        ),
        ("code", "phone"),
    )


@pytest.mark.parametrize(
    ("case", "field"), [(_product_stage, "stage"), (_group_code, "code")], ids=["stage", "code"]
)
def test_a_producer_may_not_set_a_field_beyond_its_role_and_nothing_changes(
    producer, product, group, case, field
):
    record, change, fields = case(producer, product, group)
    before = [getattr(record, name) for name in fields] + [record.history.count()]
    with pytest.raises(PermissionDenied, match=f"\\({field}\\)"):
        change()
    record.refresh_from_db()
    assert [getattr(record, name) for name in fields] + [record.history.count()] == before
