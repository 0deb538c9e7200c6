"""All-or-nothing imports: row errors, yes/no cells, checking every row, upserting by code."""

import gc
import threading
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from ogop.core.imports import (
    ImportRejected,
    RowError,
    YesNoField,
    _history_create,
    _instance_maker,
    check_rows,
    few_collections,
    read_import_file,
    upsert_by_code,
)
from ogop.core.money import Currency
from ogop.core.tabular import Table
from ogop.fairs.models import PaymentMethod, Sale
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from tests.factories import ProducerGroupFactory, ProductFactory

YES_NO_MESSAGE = "Write yes or no (also true/false, 1/0, ใช่/ไม่ใช่), not “{}”."


class ItemRow(forms.Form):
    """A row form as a domain app writes one: a column a field, lookups passed in."""

    code = forms.CharField()
    name = forms.CharField()
    active = YesNoField()

    def __init__(self, data: dict[str, str], *, lookups: Any) -> None:
        super().__init__(data)
        self.lookups = lookups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("name") in self.lookups.get("banned", ()):
            raise ValidationError("This name is not allowed.")
        return cleaned


def table(*rows: dict[str, str]) -> Table:
    """A table whose rows are numbered from 2, as under a header row."""
    return Table(
        header=["code", "name", "active"],
        rows=[(number, {"active": "", **row}) for number, row in enumerate(rows, start=2)],
        format="csv",
    )


def check(source: Table, **kwargs: Any) -> list[tuple[int, dict[str, Any]]]:
    return check_rows(source, form_class=ItemRow, lookups=kwargs.pop("lookups", {}), **kwargs)


def rejected_errors(source: Table, **kwargs: Any) -> list[RowError]:
    with pytest.raises(ImportRejected) as excinfo:
        check(source, **kwargs)
    return excinfo.value.errors


# RowError and ImportRejected


def test_row_error_with_a_column_names_row_and_column():
    error = RowError(row=3, column="name", message="This field is required.")
    assert str(error) == "Row 3, column name: This field is required."


def test_row_error_without_a_column_names_the_row():
    assert str(RowError(row=3, column="", message="Bad row.")) == "Row 3: Bad row."


def test_file_level_error_is_its_message_alone():
    assert str(RowError(row=None, column="", message="The file is empty.")) == "The file is empty."


def test_import_rejected_lists_every_error_a_line_each():
    errors = [RowError(row=None, column="", message="Bad file."), RowError(2, "code", "Bad.")]
    rejected = ImportRejected(errors)
    assert rejected.errors == errors
    assert str(rejected) == "Bad file.\nRow 2, column code: Bad."


# YesNoField


@pytest.mark.parametrize(
    "value",
    ["yes", "YES", "Yes", " yes ", "y", "true", "True", "TRUE", "1", "ใช่", "x"],
)
def test_yes_no_field_reads_yes(value):
    assert YesNoField().clean(value) is True


@pytest.mark.parametrize(
    "value",
    ["no", "NO", "No", " no ", "n", "false", "False", "0", "ไม่ใช่", "", "  ", None],
)
def test_yes_no_field_reads_no_and_empty_as_no(value):
    assert YesNoField().clean(value) is False


@pytest.mark.parametrize("value", ["maybe", "2", "yes please", "ok"])
def test_yes_no_field_rejects_anything_else_quoting_the_value(value):
    with pytest.raises(ValidationError) as excinfo:
        YesNoField().clean(value)
    assert excinfo.value.messages == [YES_NO_MESSAGE.format(value)]


# check_rows


def test_check_rows_returns_every_row_cleaned_with_its_number():
    rows = check(
        table({"code": "A", "name": "Rice", "active": "yes"}, {"code": "B", "name": "Tea"})
    )
    assert rows == [
        (2, {"code": "A", "name": "Rice", "active": True}),
        (3, {"code": "B", "name": "Tea", "active": False}),
    ]


def test_check_rows_reports_every_bad_row_not_just_the_first():
    errors = rejected_errors(
        table(
            {"code": "A", "name": ""},
            {"code": "B", "name": "Tea"},
            {"code": "C", "name": "Salt", "active": "maybe"},
            {"code": "", "name": ""},
        )
    )
    assert errors == [
        RowError(row=2, column="name", message="This field is required."),
        RowError(row=4, column="active", message=YES_NO_MESSAGE.format("maybe")),
        RowError(row=5, column="code", message="This field is required."),
        RowError(row=5, column="name", message="This field is required."),
    ]


def test_check_rows_reports_a_code_used_twice_with_the_first_row_number():
    errors = rejected_errors(
        table(
            {"code": "A", "name": "Rice"},
            {"code": "B", "name": "Tea"},
            {"code": "A", "name": "Salt"},
            {"code": "A", "name": "Chilli"},
        )
    )
    assert errors == [
        RowError(row=4, column="code", message="The code A is already used in row 2."),
        RowError(row=5, column="code", message="The code A is already used in row 2."),
    ]


def test_check_rows_reports_bad_rows_and_reused_codes_together():
    errors = rejected_errors(
        table(
            {"code": "A", "name": "Rice"}, {"code": "A", "name": ""}, {"code": "A", "name": "Tea"}
        )
    )
    assert [str(error) for error in errors] == [
        "Row 3, column name: This field is required.",
        "Row 3, column code: The code A is already used in row 2.",
        "Row 4, column code: The code A is already used in row 2.",
    ]


def test_check_rows_reports_a_reused_code_whose_first_row_has_another_error():
    errors = rejected_errors(
        table({"code": "A", "name": ""}, {"code": "A", "name": "Tea", "active": "maybe"})
    )
    assert [str(error) for error in errors] == [
        "Row 2, column name: This field is required.",
        "Row 3, column active: " + YES_NO_MESSAGE.format("maybe"),
        "Row 3, column code: The code A is already used in row 2.",
    ]


def test_check_rows_reports_a_reused_code_whose_first_row_breaks_a_whole_row_rule():
    errors = rejected_errors(
        table({"code": "A", "name": "Bad"}, {"code": "A", "name": "Tea"}),
        lookups={"banned": {"Bad"}},
    )
    assert [str(error) for error in errors] == [
        "Row 2: This name is not allowed.",
        "Row 3, column code: The code A is already used in row 2.",
    ]


def test_check_rows_reports_a_whole_row_error_without_a_column():
    errors = rejected_errors(table({"code": "A", "name": "Bad"}), lookups={"banned": {"Bad"}})
    assert errors == [RowError(row=2, column="", message="This name is not allowed.")]


def test_check_rows_takes_uniqueness_from_the_key_it_is_given():
    errors = rejected_errors(
        table({"code": "A", "name": "Rice"}, {"code": "B", "name": "Rice"}), key="name"
    )
    assert errors == [
        RowError(row=3, column="name", message="The code Rice is already used in row 2.")
    ]


def test_check_rows_passes_the_rows_through_the_progress_callable():
    seen = []

    def progress(rows):
        for row in rows:
            seen.append(row[0])
            yield row

    check(table({"code": "A", "name": "Rice"}, {"code": "B", "name": "Tea"}), progress=progress)
    assert seen == [2, 3]


def test_check_rows_checks_each_row_on_its_own_with_one_form():
    made = []

    class CountedRow(ItemRow):
        def __init__(self, data: dict[str, str], *, lookups: Any) -> None:
            made.append(data)
            super().__init__(data, lookups=lookups)

    source = table(
        {"code": "A", "name": "Rice", "active": "yes"},
        {"code": "B", "name": ""},
        {"code": "C", "name": "Tea"},
        {"code": "D", "name": "Bad"},
        {"code": "E", "name": "Salt", "active": "maybe"},
        {"code": "F", "name": "Chilli"},
    )
    with pytest.raises(ImportRejected) as excinfo:
        check_rows(source, form_class=CountedRow, lookups={"banned": {"Bad"}})
    assert [(error.row, error.column) for error in excinfo.value.errors] == [
        (3, "name"),
        (5, ""),
        (6, "active"),
    ]
    assert len(made) == 1
    good = table(*[{"code": code, "name": code.lower()} for code in "ABC"])
    rows = check_rows(good, form_class=CountedRow, lookups={})
    assert rows == [
        (n, {"code": c, "name": c.lower(), "active": False})
        for n, c in [(2, "A"), (3, "B"), (4, "C")]
    ]


# read_import_file


def test_read_import_file_turns_a_table_error_into_a_file_level_rejection():
    with pytest.raises(ImportRejected) as excinfo:
        read_import_file(b"", columns=["code"], required=["code"])
    assert excinfo.value.errors == [RowError(row=None, column="", message="The file is empty.")]


def test_read_import_file_returns_the_table():
    source = read_import_file(b"code\nA\n", columns=["code"], required=["code"])
    assert source.rows == [(2, {"code": "A"})]


# upsert_by_code


@pytest.fixture
def group_row(gewog):
    """The plain column values of one producer-group row, as an import hands them over."""

    def make(code: str = "PG-TANG-001", **values: Any) -> tuple[int, dict[str, Any]]:
        row = {
            "code": code,
            "name": "Tang honey",
            "name_en": "Tang honey",
            "name_th": "น้ำผึ้งตั้ง",
            "kind": "farmer_group",
            "area_id": gewog.pk,
            "members_female": 6,
            "members_male": 3,
            **values,
        }
        return (2, row)

    return make


def upsert(rows: list[tuple[int, dict[str, Any]]], user: Any) -> Any:
    return upsert_by_code(ProducerGroup, rows, user=user, reason="import")


def test_upsert_by_code_creates_rows_whose_code_is_new(group_row, officer, gewog):
    summary = upsert([group_row("PG-1"), group_row("PG-2", name_en="Ura rice")], officer)
    assert (summary.created, summary.updated, summary.total) == (2, 0, 2)
    assert summary.codes == ["PG-1", "PG-2"]
    group = ProducerGroup.objects.get(code="PG-1")
    assert (group.name_en, group.name_th, group.area, group.members_total) == (
        "Tang honey",
        "น้ำผึ้งตั้ง",
        gewog,
        9,
    )
    assert ProducerGroup.objects.get(code="PG-2").name_en == "Ura rice"


def test_upsert_by_code_records_the_user_and_reason_of_a_creation(group_row, officer):
    upsert([group_row("PG-1")], officer)
    record = ProducerGroup.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        officer,
        "import",
    )
    assert record.name_th == "น้ำผึ้งตั้ง"


def test_upsert_by_code_updates_a_changed_row(group_row, officer):
    group = ProducerGroupFactory(code="PG-1", name_en="Old name", members_female=1)
    summary = upsert([group_row("PG-1", members_female=8)], officer)
    assert (summary.created, summary.updated) == (0, 1)
    group.refresh_from_db()
    assert (group.name_en, group.name_th, group.members_female) == ("Tang honey", "น้ำผึ้งตั้ง", 8)
    assert ProducerGroup.objects.count() == 1


def test_upsert_by_code_records_the_user_reason_and_new_values_of_a_change(group_row, officer):
    ProducerGroupFactory(code="PG-1")
    upsert([group_row("PG-1", name_th="น้ำผึ้งใหม่")], officer)
    latest = ProducerGroup.history.latest("history_date")
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        officer,
        "import",
    )
    assert latest.name_th == "น้ำผึ้งใหม่"
    assert ProducerGroup.history.count() == 2


def test_upsert_by_code_writes_nothing_for_an_unchanged_row(group_row, officer):
    upsert([group_row("PG-1")], officer)
    before = ProducerGroup.objects.get()
    summary = upsert([group_row("PG-1")], officer)
    assert (summary.created, summary.updated) == (0, 0)
    assert ProducerGroup.history.count() == 1
    assert ProducerGroup.objects.get().updated_at == before.updated_at


def test_upsert_by_code_takes_an_empty_text_for_a_missing_one(group_row, officer):
    upsert([group_row("PG-1", name_th=None)], officer)
    summary = upsert([group_row("PG-1", name_th="")], officer)
    assert summary.updated == 0
    assert ProducerGroup.history.count() == 1


def test_upsert_by_code_creates_updates_and_skips_in_one_file(group_row, officer):
    upsert([group_row("PG-1"), group_row("PG-2")], officer)
    summary = upsert(
        [group_row("PG-1"), group_row("PG-2", members_male=10), group_row("PG-3")], officer
    )
    assert (summary.created, summary.updated) == (1, 1)
    assert ProducerGroup.history.count() == 2 + 2
    assert ProducerGroup.objects.get(code="PG-2").members_male == 10


def test_upsert_by_code_works_in_batches(group_row, officer):
    rows = [group_row(f"PG-{n}") for n in range(5)]
    summary = upsert_by_code(ProducerGroup, rows, user=officer, reason="import", batch_size=2)
    assert summary.created == 5
    summary = upsert_by_code(ProducerGroup, rows, user=officer, reason="import", batch_size=2)
    assert (summary.created, summary.updated) == (0, 0)
    assert ProducerGroup.history.count() == 5


def test_reimporting_under_the_thai_interface_leaves_the_thai_name_alone(group_row, officer):
    upsert([group_row("PG-1")], officer)
    with translation.override("th"):
        summary = upsert([group_row("PG-1")], officer)
    group = ProducerGroup.objects.get()
    assert (group.name_en, group.name_th) == ("Tang honey", "น้ำผึ้งตั้ง")
    assert summary.updated == 0
    assert ProducerGroup.history.count() == 1


def test_importing_under_the_thai_interface_leaves_a_missing_thai_name_missing(group_row, officer):
    with translation.override("th"):
        upsert([group_row("PG-1", name_th=None)], officer)
    group = ProducerGroup.objects.get()
    assert (group.name_en, group.name_th) == ("Tang honey", None)


def test_upsert_by_code_returns_the_ids_of_the_rows_in_file_order(group_row, officer):
    stored = ProducerGroupFactory(code="PG-2")
    summary = upsert([group_row("PG-3"), group_row("PG-2"), group_row("PG-1")], officer)
    by_code = dict(ProducerGroup.objects.values_list("code", "pk"))
    assert summary.ids == [by_code["PG-3"], stored.pk, by_code["PG-1"]]


def test_upsert_by_code_creates_what_the_model_makes_of_the_same_values(group_row, officer):
    _number, values = group_row("PG-1")
    upsert([(2, values)], officer)
    stored = ProducerGroup.objects.values().get()
    expected = ProducerGroup(**values)
    for name, value in stored.items():
        if name not in {"id", "created_at", "updated_at"}:
            assert value == getattr(expected, name), name


def test_upsert_by_code_refuses_a_value_for_no_field(group_row, officer):
    with pytest.raises(TypeError, match="ProducerGroup has no field colour"):
        upsert([group_row("PG-1", colour="red")], officer)
    assert not ProducerGroup.objects.exists()


def test_upsert_by_code_gives_the_ids_of_new_rows_to_the_summary_and_history(group_row, officer):
    summary = upsert([group_row("PG-1"), group_row("PG-2")], officer)
    by_code = dict(ProducerGroup.objects.values_list("code", "pk"))
    assert summary.ids == [by_code["PG-1"], by_code["PG-2"]]
    assert sorted(ProducerGroup.history.values_list("code", "id")) == sorted(by_code.items())


def test_made_instances_take_a_default_function_anew_and_a_default_value_as_it_is():
    make = _instance_maker(Sale)
    first, second = make({"currency": Currency.THB}), make({})
    assert first.client_uuid != second.client_uuid
    assert (first.payment_method, first.currency, second.currency) == (
        PaymentMethod.CASH,
        Currency.THB,
        "",
    )


# History rows written in bulk


def history_rows(model: Any) -> list[dict[str, Any]]:
    """Every column of the model's history rows but their own key and date, as stored."""
    columns = [
        field.attname
        for field in model.history.model._meta.concrete_fields
        if field.attname not in {"history_id", "history_date"}
    ]
    return list(model.history.order_by("id").values(*columns))


@pytest.mark.parametrize("language", ["en", "th"])
@pytest.mark.parametrize("history_type", ["+", "~"])
def test_history_rows_written_in_bulk_are_those_simple_history_writes(
    officer, language, history_type
):
    products = [
        ProductFactory(name_en="Honey", name_th="น้ำผึ้ง", description_en="Raw."),
        ProductFactory(name_en="Rice", description_th="ข้าวแดง"),
    ]
    # Changes not yet saved, as an import makes them: the plain name is left as it was.
    products[0].name_en = "Wild honey"
    products[1].name_dz = "འབྲས་"
    Product.history.all().delete()
    with translation.override(language):
        Product.history.bulk_history_create(
            products,
            update=history_type == "~",
            default_user=officer,
            default_change_reason="import",
        )
        theirs = history_rows(Product)
        Product.history.all().delete()
        _history_create(
            products,
            model=Product,
            history_type=history_type,
            user=officer,
            reason="import",
            batch_size=500,
        )
    assert history_rows(Product) == theirs
    assert [row["history_user_id"] for row in theirs] == [officer.pk, officer.pk]
    assert [(row["name"], row["name_en"], row["name_dz"]) for row in theirs] == [
        ("Wild honey" if language == "en" else "น้ำผึ้ง", "Wild honey", None),
        ("Rice", "Rice", "འབྲས་"),
    ]


def test_history_rows_written_in_bulk_keep_the_user_and_reason_an_object_carries(
    officer, make_user
):
    editor = make_user()
    product = ProductFactory()
    product._history_user = editor
    product._change_reason = "fixed the name"
    _history_create(
        [product], model=Product, history_type="~", user=officer, reason="import", batch_size=500
    )
    latest = Product.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (editor, "fixed the name")


# few_collections


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_collector_runs_less_often_while_an_import_runs(thresholds):
    gc.set_threshold(700, 10, 10)
    with few_collections():
        assert gc.get_threshold() == (20_000, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_collector_runs_as_before_once_the_last_of_two_imports_ends(thresholds):
    gc.set_threshold(700, 10, 10)
    first_in, second_done = threading.Event(), threading.Event()

    def second_import() -> None:
        first_in.wait()
        with few_collections():
            pass
        second_done.set()

    other = threading.Thread(target=second_import)
    other.start()
    with few_collections():
        first_in.set()
        second_done.wait()
        assert gc.get_threshold() == (20_000, 10, 10)  # the other import's end changed nothing
    other.join()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_stopped_collector_stays_stopped_during_an_import(thresholds):
    gc.set_threshold(0)
    with few_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0
