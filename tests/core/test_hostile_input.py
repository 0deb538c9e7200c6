"""Hostile files: whatever arrives, the import answers with a clear error or imports it whole,
within bounded time and memory, and writes nothing on refusal; exports never hand a
spreadsheet a formula to run. `make fuzz` runs the generated cases at length."""

import csv
import io
import os
import tracemalloc
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ogop.core import tabular
from ogop.core.imports import ImportRejected
from ogop.core.tabular import TableError, read_table, write_csv, write_xlsx
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.products.transfer import export_file, import_file

COLUMNS = ["code", "name_en", "name_th", "category", "producer_code"]
REQUIRED = ["code", "name_en"]
FIXTURE_SAFE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
# `make fuzz` runs every generated case this many times over (OGOP_FUZZ_FACTOR=50).
FACTOR = int(os.environ.get("OGOP_FUZZ_FACTOR", "1"))

# Text as people (and attackers) type it: Thai, Dzongkha, formulas, quotes, controls.
cell_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(["=", "+", "-", "@", '"', ",", ";", "\n", "\r", "\t", "ก", "ཀ", "'"]),
    ),
    max_size=40,
)
formula = st.sampled_from(
    ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "=1"]
)


@settings(max_examples=300 * FACTOR, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_are_read_or_refused_with_a_table_error(data):
    try:
        table = read_table(data, columns=COLUMNS, required=REQUIRED)
    except TableError as error:
        message = str(error)
    else:
        message = ""
        assert table.rows
    assert message or table.rows


@settings(max_examples=150 * FACTOR, deadline=None)
@given(st.lists(st.lists(cell_text, min_size=1, max_size=6), min_size=1, max_size=12))
def test_any_csv_grid_is_read_or_refused_with_a_table_error(grid):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([COLUMNS[:2], *grid])
    for encoded in (buffer.getvalue().encode("utf-8"), buffer.getvalue().encode("utf-16")):
        try:
            read_table(encoded, columns=COLUMNS, required=REQUIRED)
        except TableError as error:
            message = str(error)
            assert message.strip(), "a refusal says why"


@pytest.mark.django_db
@settings(max_examples=40 * FACTOR, deadline=None, suppress_health_check=FIXTURE_SAFE)
@given(st.lists(st.tuples(cell_text, cell_text, cell_text), min_size=1, max_size=8))
def test_an_import_of_random_rows_is_all_or_nothing(officer, rows):
    before = Product.objects.count()
    data = write_csv(
        ["code", "name_en", "category", "producer_code"],
        [[code, name, category, "PG-NONE"] for code, name, category in rows],
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file(kind="products", data=data, user=officer)
    assert rejected.value.errors
    assert all(str(error) for error in rejected.value.errors)
    assert Product.objects.count() == before


@pytest.mark.django_db
@settings(max_examples=30 * FACTOR, deadline=None, suppress_health_check=FIXTURE_SAFE)
# NUL never gets in: requests holding one are refused (core.middleware), and PostgreSQL
# cannot store it.
@given(
    name=st.one_of(
        formula, cell_text.filter(lambda t: t.strip() == t and t.strip() and "\x00" not in t)
    )
)
def test_exports_keep_formulas_as_text_and_read_back_unchanged(officer, product, name):
    Product.objects.filter(pk=product.pk).update(name=name, name_en=name)
    csv_data = export_file(kind="products", file_format="csv", user=officer)
    xlsx_data = export_file(kind="products", file_format="xlsx", user=officer)
    if name.startswith(tabular.FORMULA_STARTS):
        assert f"'{name}".encode() in csv_data or '"' in name or "\n" in name
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_data)).active
        cell = next(c for c in sheet["B"] if c.value == ILLEGAL_CHARACTERS_RE.sub("", name))
        assert cell.data_type == "s"
    read_back = {
        "csv": read_table(csv_data, columns=tabular_columns(), required=["code"]),
        "xlsx": read_table(xlsx_data, columns=tabular_columns(), required=["code"]),
    }
    assert read_back["csv"].rows[0][1]["name_en"] == name.strip()
    # A worksheet cannot hold control characters: they are the only thing left out.
    assert read_back["xlsx"].rows[0][1]["name_en"] == ILLEGAL_CHARACTERS_RE.sub("", name).strip()


def tabular_columns() -> list[str]:
    from ogop.products.imports import COLUMNS

    return COLUMNS


def test_a_zip_bomb_as_xlsx_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _megabyte in range(tabular.MAX_UNPACKED_BYTES // (1 << 20) + 8):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2_000_000  # small on the wire
    tracemalloc.start()
    with pytest.raises(TableError, match="unpacks to more than"):
        read_table(data, columns=COLUMNS, required=REQUIRED)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_a_million_rows_are_refused_without_reading_them_all(settings):
    lines = ["code,name_en"] + [f"C{n},Name {n}" for n in range(1_000_000)]
    data = "\n".join(lines).encode()
    tracemalloc.start()
    with pytest.raises(TableError, match="more than 200,000 rows"):
        read_table(data, columns=COLUMNS, required=REQUIRED)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # The text of the file, and no more than the rows up to the limit.
    assert peak < 8 * len(data)


def test_a_huge_cell_is_refused_with_its_row_and_column():
    data = ("code,name_en\nA," + "x" * 40_000 + "\n").encode()
    with pytest.raises(TableError, match="Row 2, column 2"):
        read_table(data, columns=COLUMNS, required=REQUIRED)
    # A spreadsheet cell holds at most 32,767 characters: the XLSX reader cuts it there.
    xlsx = write_xlsx(["code", "name_en"], [["A", "y" * 40_000]], title="t")
    table = read_table(xlsx, columns=COLUMNS, required=REQUIRED)
    assert len(table.rows[0][1]["name_en"]) <= tabular.MAX_CELL


def test_a_file_in_an_unknown_encoding_says_how_to_save_it():
    data = "code,name_en\nA,名前\n".encode("utf-16-le")
    with pytest.raises(TableError, match=r"neither a CSV|not in a known text encoding"):
        read_table(data, columns=COLUMNS, required=REQUIRED)


@pytest.mark.django_db
def test_a_refused_import_writes_nothing_even_after_valid_rows(officer, group):
    data = write_csv(
        ["code", "name_en", "category", "producer_code"],
        [["OK-1", "Fine", "food", group.code], ["OK-2", "", "food", group.code]],
    )
    with pytest.raises(ImportRejected, match="Row 3"):
        import_file(kind="products", data=data, user=officer)
    assert not Product.objects.filter(code="OK-1").exists()
    assert ProducerGroup.objects.count() == 1


# Every text field is text wherever it is shown: pages, PDF and spreadsheets --------------

MARKUP = "<script>alert(1)</script> & <b>bold</b>"


@pytest.mark.django_db
def test_markup_in_a_name_shows_as_text_on_the_staff_and_public_pages(client, officer, product):
    Product.objects.filter(pk=product.pk).update(name=MARKUP, name_en=MARKUP, is_public=True)
    client.force_login(officer)
    for url in (product.get_absolute_url(), f"/p/{product.code}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_markup_in_a_name_is_printed_as_text_in_the_label_pdf(client, officer, product, tmp_path):
    import subprocess

    from django.urls import reverse

    Product.objects.filter(pk=product.pk).update(name=MARKUP, name_en=MARKUP)
    client.force_login(officer)
    response = client.get(reverse("product_label", args=[product.code]) + "?layout=single")
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<script>alert(1)</script>&<b>bold</b>" in "".join(text.split())  # lines wrap


@pytest.mark.django_db
def test_markup_in_a_name_is_plain_text_in_the_spreadsheet_export(officer, product):
    Product.objects.filter(pk=product.pk).update(name=MARKUP, name_en=MARKUP)
    sheet = openpyxl.load_workbook(
        io.BytesIO(export_file(kind="products", file_format="xlsx", user=officer))
    ).active
    assert MARKUP in [cell.value for cell in sheet["B"]]


# Uploads are served as photos, or not at all ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "evil.js", "photo.jpg.html"])
def test_a_file_that_is_not_a_photo_is_never_served_from_the_uploads(client, settings, name):
    media = settings.MEDIA_ROOT
    media.mkdir(parents=True, exist_ok=True)
    (media / name).write_text("<script>alert(1)</script>")
    assert client.get(f"/media/{name}").status_code == 404


@pytest.mark.django_db
def test_a_photo_is_served_under_a_policy_that_runs_nothing(client, product):
    from django.core.files.base import ContentFile

    from ogop.products.services import product_photo_add
    from tests.core_images import png_bytes

    Product.objects.filter(pk=product.pk).update(is_public=True)
    ProducerGroup.objects.filter(pk=product.producer_group_id).update(is_public=True)
    photo = product_photo_add(product=product, image=ContentFile(png_bytes(), name="a.png"))
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
