import pytest
from django.core.exceptions import ValidationError

from ogop.core.imports import ImportRejected
from ogop.producers.models import ProducerGroup
from ogop.producers.services import (
    producer_group_create,
    producer_group_update,
    producer_groups_import,
)
from tests.filebuilders import GROUP_HEADER, csv_bytes, group_row, xlsx_bytes


def test_create_records_who_made_the_group(officer, gewog):
    group = producer_group_create(
        user=officer, code="PG-1", name_en="Honey group", kind="farmer_group", area=gewog
    )
    record = group.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer


def test_update_keeps_the_change_in_every_language(officer, group):
    producer_group_update(group=group, user=officer, name_th="กลุ่มน้ำผึ้ง")
    latest = group.history.order_by("-history_id").first()
    assert latest.name_th == "กลุ่มน้ำผึ้ง"
    assert latest.history_user == officer


def test_create_rejects_a_code_with_spaces_and_writes_nothing(officer, gewog):
    with pytest.raises(ValidationError):
        producer_group_create(
            user=officer, code="PG 1", name_en="Spaced", kind="farmer_group", area=gewog
        )
    assert not ProducerGroup.objects.filter(name_en="Spaced").exists()


def test_good_file_imports_every_row(officer):
    data = csv_bytes(
        GROUP_HEADER,
        [group_row("PG-A", name_th="กลุ่มเอ"), group_row("PG-B", area_code="BT-15-08")],
    )
    summary = producer_groups_import(data=data, user=officer)
    assert (summary.created, summary.updated) == (2, 0)
    group = ProducerGroup.objects.get(code="PG-A")
    assert (group.name_en, group.name_th, group.area.code) == ("Group PG-A", "กลุ่มเอ", "BT-33-03")
    assert group.history.get().history_user == officer


def test_reimporting_the_same_file_duplicates_nothing_and_changes_nothing(officer):
    data = csv_bytes(GROUP_HEADER, [group_row("PG-A"), group_row("PG-B")])
    producer_groups_import(data=data, user=officer)
    again = producer_groups_import(data=data, user=officer)
    assert (again.created, again.updated) == (0, 0)
    assert ProducerGroup.objects.count() == 2
    assert ProducerGroup.history.count() == 2


def test_reimport_updates_by_code(officer):
    producer_groups_import(data=csv_bytes(GROUP_HEADER, [group_row("PG-A")]), user=officer)
    changed = csv_bytes(GROUP_HEADER, [group_row("PG-A", members_female="40")])
    summary = producer_groups_import(data=changed, user=officer)
    assert (summary.created, summary.updated) == (0, 1)
    assert ProducerGroup.objects.get(code="PG-A").members_female == 40


def test_bad_rows_reject_the_whole_file_and_every_bad_row_is_reported(officer):
    data = csv_bytes(
        GROUP_HEADER,
        [
            group_row("PG-A"),
            group_row("PG-B", area_code="XX-99"),
            group_row("PG-C", kind="club"),
            group_row("PG-D", members_female="-3"),
            group_row("PG-A"),
            group_row("PG-E", name_en=""),
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        producer_groups_import(data=data, user=officer)
    problems = {(e.row, e.column) for e in caught.value.errors}
    assert problems == {
        (3, "area_code"),
        (4, "kind"),
        (5, "members_female"),
        (6, "code"),
        (7, "name_en"),
    }
    assert ProducerGroup.objects.count() == 0
    messages = {e.column: e.message for e in caught.value.errors}
    assert "XX-99" in messages["area_code"]
    assert "row 2" in messages["code"]


def test_thai_digits_and_windows_874_are_accepted(officer):
    data = csv_bytes(
        GROUP_HEADER,
        [group_row("PG-T", name_th="กลุ่มทอผ้า", members_female="๑,๒๐๐")],
        encoding="cp874",
    )
    producer_groups_import(data=data, user=officer)
    group = ProducerGroup.objects.get(code="PG-T")
    assert (group.name_th, group.members_female) == ("กลุ่มทอผ้า", 1200)


def test_xlsx_file_imports_like_csv(officer):
    data = xlsx_bytes(GROUP_HEADER, [group_row("PG-X", members_female=7)])
    producer_groups_import(data=data, user=officer)
    assert ProducerGroup.objects.get(code="PG-X").members_female == 7


def test_file_that_is_not_a_spreadsheet_is_rejected_whole(officer):
    with pytest.raises(ImportRejected) as caught:
        producer_groups_import(data=b"\x89PNG\r\n\x1a\n\x00\x00\x00", user=officer)
    assert caught.value.errors[0].row is None
    assert ProducerGroup.objects.count() == 0


def test_a_producer_may_keep_its_groups_code_as_the_form_sends_it(producer, group):
    producer_group_update(group=group, user=producer, code=group.code, phone="17 00 00 00")
    group.refresh_from_db()
    assert group.phone == "17 00 00 00"


def test_an_import_of_groups_by_a_role_that_may_not_make_them_is_refused(producer, gewog):
    data = csv_bytes(GROUP_HEADER, [group_row("PG-NEW")])
    with pytest.raises(ImportRejected, match="code"):
        producer_groups_import(data=data, user=producer)
    assert not ProducerGroup.objects.filter(code="PG-NEW").exists()
