"""Build import files in memory, as users make them."""

import csv
import io
import re
import zipfile
from collections.abc import Sequence

import openpyxl

GROUP_HEADER = [
    "code", "name_en", "name_th", "name_dz", "kind", "area_code",
    "members_female", "members_male", "phone", "story_en", "story_th",
]  # fmt: skip
PRODUCT_HEADER = [
    "code", "name_en", "name_th", "name_dz", "category", "producer_code", "area_code",
    "price", "currency", "unit", "stage", "flagship", "public", "description_en",
    "description_th",
]  # fmt: skip


def csv_bytes(
    header: Sequence[str], rows: Sequence[dict[str, str]], *, encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(header), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header: Sequence[str], rows: Sequence[dict[str, object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name, None) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_claiming_size(data: bytes, ref: str) -> bytes:
    """The XLSX file with its first sheet's <dimension> rewritten to claim `ref` (A1:B2), as
    some programs write it whatever the sheet holds."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                claim = b'<dimension ref="%s"' % ref.encode()
                content, count = re.subn(rb'<dimension ref="[^"]*"', claim, content)
                assert count == 1
            target.writestr(member, content)
    return buffer.getvalue()


def group_row(code: str = "PG-A", **values: str) -> dict[str, str]:
    row = {
        "code": code,
        "name_en": f"Group {code}",
        "kind": "farmer_group",
        "area_code": "BT-33-03",
        "members_female": "3",
        "members_male": "2",
    }
    row.update(values)
    return row


def product_row(code: str = "P-A", producer_code: str = "PG-A", **values: str) -> dict[str, str]:
    row = {
        "code": code,
        "name_en": f"Product {code}",
        "category": "food",
        "producer_code": producer_code,
        "price": "100",
    }
    row.update(values)
    return row
