"""Hostile input: whatever arrives, the import answers with a clear error or imports it
whole, within bounded time and memory, and writes nothing on refusal; exports never hand a
spreadsheet a formula to run; every API write route and every staff form answers hostile
values in any field with any content type without a server error. `make fuzz` runs the
generated cases at length (OGOP_FUZZ_FACTOR=50: every field gets every hostile value with
every content type, which takes long)."""

import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import tracemalloc
import urllib.parse
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ogop.accounts.tokens import api_token_create
from ogop.core import tabular
from ogop.core.imports import ImportRejected
from ogop.core.tabular import TableError, read_table, write_csv, write_xlsx
from ogop.outlets.models import Outlet
from ogop.outlets.services import dispatch_send
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.products.transfer.exporting import export_file, export_job_start
from ogop.products.transfer.importing import import_file
from tests.outlets.helpers import delivered
from tests.supply.helpers import packed, paid

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


# Every input path gets every hostile value, with any content type, and never a 500 -------
#
# The API's write routes are found from its own URL patterns and description, and the staff
# forms by following the links of the staff pages: a new route or form is covered without
# anyone listing it. Each field in turn gets the hostile values (a NUL, numbers no column
# holds, NaN, deep nesting, a lone surrogate, wrong encodings), each body every content type;
# OGOP_FUZZ_FACTOR widens the share of (value, content type) pairs each field gets.

HOSTILE_JSON = [
    json.dumps("a\x00b"),
    '"a\x00b"',  # a raw NUL: not even JSON
    "1e999999",
    "-1e999999",
    "NaN",
    "Infinity",
    "9" * 5000,
    "-" + "9" * 30,
    "1e-999999",
    "[" * 5000 + "]" * 5000,
    '{"a":' * 200 + "1" + "}" * 200,
    json.dumps("x" * 100_000),
    '"\\udc80"',  # a lone surrogate: no database can store it
    json.dumps("๑๒๓.๔"),
    json.dumps("   "),
    "[]",
    "{}",
    "true",
    "null",
    "-1",
    "0.000000001",
]
HOSTILE_BODIES = [
    b"",
    b"\x00",
    b"\xff\xfe\xfd",
    '{"name_en": "café"}'.encode("latin-1"),
    '{"name_en": "café"}'.encode("utf-16"),
    b"[" * 100_000 + b"]" * 100_000,
    b"name_en=a%00b",
    b'"just a string"',
    b"[1, 2, 3]",
]
CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/merge-patch+json",
    "",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=BoUnDaRy",
    "application/json; charset=latin-1",
    "application/xml",
]
HOSTILE_CODE = "HOSTILE-1"


def _share(index: int, total: int) -> list[int]:
    """The indexes of the (value, content type) pairs the index-th field gets: a window of
    2 × FACTOR pairs that moves from field to field, so that together they get them all."""
    size = min(total, 2 * FACTOR)
    return [(index * 7 + step) % total for step in range(size)]


def _api_write_operations() -> list[tuple[str, str, dict[str, Any], list[str]]]:
    """(method, path, property schemas, required) of every API route that takes a body."""
    from ogop.api.api import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = {
        operation["operationId"]: (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    found = []
    for pattern in api.urls[0]:
        if pattern.name not in operations:
            continue  # the API's root, description and documentation page
        method, path, operation = operations[pattern.name]
        body = operation.get("requestBody")
        if method in {"get", "head"} and body is None:
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"] if body else ""
        model = components.get(ref.rpartition("/")[2], {})
        found.append(
            (
                method,
                re.sub(r"\{[^}]+\}", HOSTILE_CODE, path),
                model.get("properties", {}),
                model.get("required", []),
            )
        )
    return found


def _valid_value(name: str, prop: dict[str, Any], counter: Iterator[int]) -> Any:
    """A value the field takes, so that each hostile value meets an otherwise valid body."""
    options = prop.get("enum") or [
        choice["enum"][0] for choice in prop.get("anyOf", []) if "enum" in choice
    ]
    if options:
        return options[0]
    if name == "code":
        return f"NEW-{next(counter)}"
    if name == "area_code":
        return "BT-33-03"
    if name.endswith("_code"):
        return HOSTILE_CODE
    kinds = {prop.get("type")} | {choice.get("type") for choice in prop.get("anyOf", [])}
    if "integer" in kinds:
        return 1
    if "boolean" in kinds:
        return True
    return "1"


@pytest.fixture
def hostile_world(officer, gewog):
    from tests.factories import ProducerGroupFactory, ProductFactory
    from tests.fairs.factories import FairFactory

    group = ProducerGroupFactory(code=HOSTILE_CODE, area=gewog)
    ProductFactory(code=HOSTILE_CODE, producer_group=group)
    FairFactory(code=HOSTILE_CODE)
    return officer


def test_every_api_write_route_is_found_for_the_hostile_input_test():
    operations = {(method, path) for method, path, _props, _required in _api_write_operations()}
    assert ("post", "/api/v1/products") in operations
    assert ("patch", f"/api/v1/producer-groups/{HOSTILE_CODE}") in operations


@pytest.mark.django_db
def test_no_hostile_api_body_gets_a_500(client, hostile_world):
    _token, key = api_token_create(user=hostile_world, name="hostile")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    counter = itertools.count()
    pairs = [(value, kind) for value in HOSTILE_JSON for kind in CONTENT_TYPES]
    failures = []

    def send(method: str, path: str, body: bytes, content_type: str) -> None:
        try:
            response = client.generic(method.upper(), path, body, content_type, **auth)
        except Exception as exc:  # the test client re-raises what a view let out
            failures.append((method, path, body[:80], content_type, repr(exc)[:200]))
            return
        is_json = response.get("Content-Type", "").startswith("application/json")
        if response.status_code >= 500 or not is_json:
            failures.append((method, path, body[:80], content_type, response.status_code))

    for method, path, props, required in _api_write_operations():
        for index, name in enumerate(props):
            base = {
                field: _valid_value(field, props[field], counter) for field in {*required, name}
            }
            for pair in _share(index, len(pairs)):
                value, content_type = pairs[pair]
                base["code"] = _valid_value("code", {}, counter) if "code" in base else None
                body = {key: item for key, item in base.items() if item is not None}
                body[name] = "__HOSTILE__"
                text = json.dumps(body).replace('"__HOSTILE__"', value)
                send(method, path, text.encode("utf-8", "surrogatepass"), content_type)
        for body_bytes in HOSTILE_BODIES:
            for content_type in CONTENT_TYPES[: 2 * FACTOR + 2]:
                send(method, path, body_bytes, content_type)
    assert failures == []


# The staff forms: found by following the staff pages' links as an administrator ------------

HOSTILE_TEXT = [
    "a\x00b",
    "1e999999",
    "NaN",
    "-Infinity",
    "9" * 5000,
    "-" + "9" * 30,
    "[" * 5000,
    "x" * 20_000,
    "\udc80",  # a lone surrogate: sent as the bytes no UTF-8 text holds
    "๑๒๓.๔",
    "   ",
    "31/02/2560",
    "9999-99-99",
    "-1",
    "0.000000001",
]
FORM_CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/x-www-form-urlencoded; charset=latin-1",
    "text/plain",
    "application/json",
    "",
]
# What the crawl does not post to: leaving the session would end the crawl.
NOT_POSTED = {"logout", "set_language"}
# The staff addresses the crawl does not reach, each with the reason.
NOT_CRAWLED = {
    # The counter's JSON endpoint, posted to by its script: its hostile input is tested in
    # tests/fairs.
    "fair_sale_record",
    # Offered only on a rubric that a round uses, and it takes no field.
    "rubric_new_version",
    # Cancelling an import: offered only while it runs (the world's import is done), and it
    # takes no field (tests/core/test_jobs.py).
    "registry_job_cancel",
    # The IATI organisation file and the Registry's archive: offered on the Publishing page
    # only when the programme's files have no error, and they take no field but the files'
    # address (tests/reports/test_iati_publishing.py).
    "programme_iati_organisation",
    "programme_iati_registry",
    # The counter's web-app manifest: JSON the browser reads, linked from the page's head.
    "fair_counter_manifest",
    # A photo's file: no form (the demo the crawl walks holds no photo).
    "media_file",
    # A password reset link comes by e-mail, not from a page; its form is Django's
    # (tests/accounts/test_password_reset.py).
    "password_reset_confirm",
}
BOUNDARY = "HoStIlE"


def _encode(data: dict[str, str], content_type: str) -> tuple[bytes, str]:
    """The body a hostile client sends, as bytes: a lone surrogate goes as raw bytes."""

    def raw(text: str) -> bytes:
        return text.encode("utf-8", "surrogatepass")

    if content_type == "multipart/form-data":
        parts = [
            b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
            % (BOUNDARY.encode(), raw(name), raw(value))
            for name, value in data.items()
        ]
        body = b"".join(parts) + b"--%s--\r\n" % BOUNDARY.encode()
        return body, f"multipart/form-data; boundary={BOUNDARY}"
    if content_type == "application/json":
        return json.dumps(data).encode(), content_type
    pairs = [
        f"{urllib.parse.quote_from_bytes(raw(k))}={urllib.parse.quote_from_bytes(raw(v))}"
        for k, v in data.items()
    ]
    return "&".join(pairs).encode(), content_type


def _form_fields(form: Any) -> dict[str, str]:
    """What a browser would send from the form as the page holds it."""
    fields: dict[str, str] = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        kind = (element.get("type") or "text").lower()
        if not name or kind in {"submit", "button", "file", "image", "reset"}:
            continue
        if kind in {"checkbox", "radio"} and element.get("checked") is None:
            continue
        if element.tag == "select":
            options = element.xpath(".//option[@selected]") or element.xpath(".//option")
            fields[name] = options[0].get("value", options[0].text_content()) if options else ""
        elif element.tag == "textarea":
            fields[name] = element.text_content()
        else:
            fields[name] = element.get("value", "on" if kind == "checkbox" else "")
    return fields


def _crawl(client: Any, starts: list[str]) -> tuple[set[str], dict[str, tuple[str, dict]]]:
    """The URL names the staff pages lead to (one address each), and their post forms by
    the URL name of their action: (address, fields)."""
    import lxml.html
    from django.urls import Resolver404, resolve

    seen: set[str] = set()
    forms: dict[str, tuple[str, dict[str, str]]] = {}
    queue = list(starts)
    while queue:
        address = urllib.parse.urljoin("http://testserver/", queue.pop(0))
        parts = urllib.parse.urlsplit(address)
        if parts.netloc != "testserver":
            continue
        try:
            name = resolve(parts.path).view_name
        except Resolver404:
            continue
        if name in seen or name.startswith(("admin:", "api:")):
            continue
        seen.add(name)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if not response.content.strip():
            continue
        page = lxml.html.fromstring(response.content, base_url=address)
        for link in page.xpath("//a/@href|//form/@action|//*/@hx-get|//*/@hx-post"):
            queue.append(urllib.parse.urljoin(address, link))
        for form in page.xpath("//form"):
            if (form.get("method") or "get").lower() != "post":
                continue
            action = urllib.parse.urljoin(address, form.get("action") or address)
            target = resolve(urllib.parse.urlsplit(action).path).view_name
            forms.setdefault(target, (urllib.parse.urlsplit(action).path, _form_fields(form)))
    return seen, forms


@pytest.fixture
def staff_world(make_user, group, product, gewog):
    """One record of each kind the staff pages show, so that every form has a page."""
    from ogop.accounts.models import Role
    from ogop.fairs.services import sale_record
    from ogop.programme.models import PromotionItem, Twinning, TwinningVisit
    from ogop.rating.models import Rubric
    from ogop.rating.services import round_create
    from tests.factories import ImportJobFactory, ProducerGroupFactory, area
    from tests.fairs.factories import BoothFactory, BuyerLeadFactory, ExhibitFactory, FairFactory
    from tests.programme.factories import (
        ActivityFactory,
        ExchangeRateFactory,
        IndicatorFactory,
        ParticipantFactory,
        PeriodFactory,
        PersonFactory,
        ProgrammeFactory,
        ResultFactory,
        business_plan,
        transaction,
    )
    from tests.programme.test_fieldwork_permissions import _delivery, _mission

    admin = make_user(Role.ADMIN)
    product.certifications.create(kind="organic", number="OG-1")
    fair = FairFactory()
    booth = BoothFactory(fair=fair)
    booth.producer_groups.add(group)
    exhibit = ExhibitFactory(booth=booth, product=product)
    BuyerLeadFactory(fair=fair)
    programme = ProgrammeFactory()
    activity = ActivityFactory(component=programme.components.get(position=1))
    ParticipantFactory(activity=activity)
    ExchangeRateFactory()
    transaction(programme, "100")
    result = ResultFactory(programme=programme)
    PeriodFactory(indicator=IndicatorFactory(result=result))
    business_plan(product)
    round_create(
        name="Round",
        date=dt.date(2018, 1, 1),
        rubric=Rubric.objects.get(code="ocop-vn", is_active=True),
        user=admin,
        assessors=[admin],
        products=[product],
    )
    api_token_create(user=admin, name="own")
    ImportJobFactory(owner=admin)
    export_job_start(kind="products", file_format="csv", user=admin)
    batch = packed(product, code="B-2017-01", bought="40", taken="20", lost="1", buyer=admin)
    shop = Outlet.objects.create(code="SHOP-PARO", name="Paro Airport shop", kind="shop")
    delivered(batch, shop, 5, user=admin)
    dispatch_send(destination=shop, lines=[(batch, 2)], sent_on=dt.date(2017, 12, 2), user=admin)
    paid(group, dt.date(2017, 11, 30), "500")
    _mission(programme, PersonFactory())
    _delivery(programme, group)
    PromotionItem.objects.create(
        programme=programme, kind="video", title="Film", published_on=dt.date(2017, 2, 1)
    )
    twinning = Twinning.objects.create(
        programme=programme,
        bhutan_group=group,
        thai_group=ProducerGroupFactory(area=area("840503")),
        started_on=dt.date(2017, 1, 1),
    )
    TwinningVisit.objects.create(
        twinning=twinning, direction="to_th", start=dt.date(2017, 3, 1), end=dt.date(2017, 3, 5)
    )
    sale_record(
        exhibit=exhibit,
        quantity=1,
        unit_price=exhibit.fair_price,
        client_uuid=uuid.uuid4(),
        cashier=admin,
    )
    return admin


@pytest.mark.django_db
def test_no_hostile_form_post_gets_a_500(client, staff_world):
    from django.urls import NoReverseMatch, reverse

    from tests.test_url_permissions import _url_patterns

    client.force_login(staff_world)
    starts = []
    for name, _pattern in _url_patterns(get_resolver()):
        with contextlib.suppress(NoReverseMatch):  # with arguments: reached by links
            starts.append(reverse(name))
    seen, forms = _crawl(client, starts)
    names = {name for name, _pattern in _url_patterns(get_resolver()) if name}
    unreached = {name for name in names - seen - set(forms) if not name.startswith("api:")}
    assert unreached == NOT_CRAWLED, "a staff address no link leads to: give it a record"
    pairs = [(value, kind) for value in HOSTILE_TEXT for kind in FORM_CONTENT_TYPES]
    failures = []

    def send(name: str, address: str, data: dict[str, str], content_type: str) -> None:
        body, claimed = _encode(data, content_type)
        try:
            response = client.generic("POST", address, body, claimed)
        except Exception as exc:  # the test client re-raises what a view let out
            failures.append((name, data, claimed, repr(exc)[:300]))
            return
        if response.status_code >= 500:
            failures.append((name, data, claimed, response.status_code))

    for number, (name, (address, fields)) in enumerate(sorted(forms.items())):
        if name in NOT_POSTED:
            continue
        names = list(fields)
        # Every field hostile at once, each with another value and the body another type.
        for post in range(2 * FACTOR):
            chosen = [
                pairs[(number * 7 + index + post * len(names)) % len(pairs)]
                for index in range(len(names))
            ]
            data = {field: value for field, (value, _kind) in zip(names, chosen, strict=True)}
            send(name, address, data, FORM_CONTENT_TYPES[(number + post) % len(FORM_CONTENT_TYPES)])
        # One hostile field among the values the page holds: a share of the fields, all of
        # them from OGOP_FUZZ_FACTOR=3 on.
        for index, field in enumerate(names):
            if (number + index) % max(1, 3 // FACTOR):
                continue
            for pair in _share(number + index, len(pairs))[:FACTOR]:
                value, content_type = pairs[pair]
                send(name, address, {**fields, field: value}, content_type)
    assert failures == []
