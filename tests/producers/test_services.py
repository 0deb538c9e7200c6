import pytest
from django.core.exceptions import ValidationError

from ogop.core.imports import ImportRejected
from ogop.producers.models import ProducerGroup
from ogop.producers.services import (
    producer_group_create,
    producer_group_update,
    producer_groups_import,
)
from tests.filebuilders import GROUP_HEADER, csv_bytes, group_row, xlsx_bytes, xlsx_claiming_size


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


@pytest.mark.parametrize("name", ["", "   ", "\u00a0\t "])
def test_a_name_of_only_spaces_is_refused_and_nothing_is_written(officer, gewog, name):
    with pytest.raises(ValidationError) as caught:
        producer_group_create(
            user=officer, code="PG-1", name_en=name, kind="cooperative", area=gewog
        )
    assert caught.value.message_dict == {"name_en": ["This field cannot be blank."]}
    assert not ProducerGroup.objects.exists()


def test_spaces_around_text_are_not_stored(officer, gewog):
    group = producer_group_create(
        user=officer,
        code=" PG-1 ",
        name_en="  Honey group ",
        name_th=" กลุ่มน้ำผึ้ง\n",
        kind="cooperative",
        area=gewog,
        phone=" 17 11 22 33 ",
        story_en="\n Raw honey.\n\n",
    )
    group.refresh_from_db()
    assert (group.code, group.name_en, group.name_th, group.phone, group.story_en) == (
        "PG-1",
        "Honey group",
        "กลุ่มน้ำผึ้ง",
        "17 11 22 33",
        "Raw honey.",
    )


@pytest.mark.parametrize(("name", "character"), [("Honey\x07", "U+0007"), ("a\uffffb", "U+FFFF")])
def test_text_holding_a_character_no_spreadsheet_can_hold_is_refused(
    officer, gewog, name, character
):
    with pytest.raises(ValidationError) as caught:
        producer_group_create(
            user=officer, code="PG-1", name_en=name, kind="cooperative", area=gewog
        )
    assert caught.value.message_dict == {
        "name_en": [f"Remove the control character {character}: text cannot hold it."]
    }
    assert not ProducerGroup.objects.exists()


def test_an_imported_cell_holding_a_control_character_is_reported_by_row_and_column(officer):
    data = csv_bytes(GROUP_HEADER, [group_row("PG-A"), group_row("PG-B", story_en="Raw\x1bhoney")])
    with pytest.raises(ImportRejected) as caught:
        producer_groups_import(data=data, user=officer)
    assert [str(error) for error in caught.value.errors] == [
        "Row 3, column story_en: Remove the control character U+001B: text cannot hold it."
    ]
    assert ProducerGroup.objects.count() == 0


def test_an_update_to_a_name_of_only_spaces_is_refused(officer, group):
    with pytest.raises(ValidationError):
        producer_group_update(group=group, user=officer, name_en="  ")
    group.refresh_from_db()
    assert group.name_en.strip()


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


def test_a_windows_1252_file_imports_its_accented_letters_as_written(officer):
    data = csv_bytes(
        GROUP_HEADER,
        [group_row("PG-W", name_en="Coopérative Crème", story_en="Größe, año, naïve")],
        encoding="cp1252",
    )
    producer_groups_import(data=data, user=officer)
    group = ProducerGroup.objects.get(code="PG-W")
    assert (group.name_en, group.story_en) == ("Coopérative Crème", "Größe, año, naïve")


def test_a_file_in_an_encoding_not_accepted_is_refused_naming_those_accepted(officer):
    data = csv_bytes(GROUP_HEADER, [group_row("PG-R", name_en="Мёд из леса")], encoding="cp1251")
    with pytest.raises(ImportRejected) as caught:
        producer_groups_import(data=data, user=officer)
    assert [str(error) for error in caught.value.errors] == [
        "The file is not in a known text encoding. Save it as CSV UTF-8, or as "
        "Windows-874 (TIS-620) for Thai, or Windows-1252 for Western European languages."
    ]
    assert ProducerGroup.objects.count() == 0


def test_xlsx_file_imports_like_csv(officer):
    data = xlsx_bytes(GROUP_HEADER, [group_row("PG-X", members_female=7)])
    producer_groups_import(data=data, user=officer)
    assert ProducerGroup.objects.get(code="PG-X").members_female == 7


def test_an_xlsx_file_claiming_fewer_rows_than_it_holds_imports_every_row(officer):
    rows = [group_row("PG-A"), group_row("PG-B"), group_row("PG-C")]
    data = xlsx_claiming_size(xlsx_bytes(GROUP_HEADER, rows), "A1:J2")
    summary = producer_groups_import(data=data, user=officer)
    assert summary.created == 3
    assert sorted(ProducerGroup.objects.values_list("code", flat=True)) == ["PG-A", "PG-B", "PG-C"]


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
