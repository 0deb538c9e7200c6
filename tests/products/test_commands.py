from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from tests.filebuilders import GROUP_HEADER, PRODUCT_HEADER, csv_bytes, group_row, product_row


def test_import_command_imports_groups_then_products(tmp_path, db):
    groups = tmp_path / "groups.csv"
    groups.write_bytes(csv_bytes(GROUP_HEADER, [group_row("PG-A"), group_row("PG-B")]))
    products = tmp_path / "products.csv"
    products.write_bytes(csv_bytes(PRODUCT_HEADER, [product_row("P-A", producer_code="PG-B")]))
    out, err = StringIO(), StringIO()
    call_command("import", "producers", str(groups), stdout=out, stderr=err)
    call_command("import", "products", str(products), stdout=out, stderr=err)
    assert "2 created" in out.getvalue()
    assert "checking rows" in err.getvalue()  # the progress bar
    assert Product.objects.get(code="P-A").producer_group.code == "PG-B"


def test_import_command_lists_every_problem_and_fails(tmp_path, db):
    path = tmp_path / "groups.csv"
    path.write_bytes(
        csv_bytes(GROUP_HEADER, [group_row("PG-A", kind="x"), group_row("PG-B", area_code="?")])
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "producers", str(path), "--no-progress", stderr=err)
    assert "Row 2, column kind" in err.getvalue()
    assert "Row 3, column area_code" in err.getvalue()
    assert ProducerGroup.objects.count() == 0


def test_import_command_names_a_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "products", str(tmp_path / "nope.csv"))


def test_import_command_records_the_named_user(tmp_path, officer):
    path = tmp_path / "groups.csv"
    path.write_bytes(csv_bytes(GROUP_HEADER, [group_row("PG-A")]))
    call_command("import", "producers", str(path), "--user", officer.username, "--no-progress")
    assert ProducerGroup.objects.get(code="PG-A").history.get().history_user == officer


def test_export_command_writes_the_import_format(tmp_path, product):
    path = tmp_path / "out.csv"
    call_command("export", "products", "--output", str(path))
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join([*PRODUCT_HEADER, "illustrative"])
    assert product.code in text
