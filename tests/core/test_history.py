"""Who changed what and when, as an object's page lists it."""

from typing import Any

import pytest
from django.template.loader import render_to_string

from ogop.core.history import FieldChange, history_entries
from ogop.producers.models import ProducerGroup
from tests.factories import ProducerGroupFactory


def change(obj: Any, *, user: Any, reason: str = "", **fields: Any) -> None:
    """Save `fields` on `obj` as a service does: recording who and why."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def test_history_entries_lists_the_newest_first(group, officer):
    change(group, user=officer, reason="first fix", members_female=6)
    change(group, user=officer, reason="second fix", members_female=7)
    entries = history_entries(group)
    assert [(entry.what, entry.reason) for entry in entries] == [
        ("changed", "second fix"),
        ("changed", "first fix"),
        ("created", ""),
    ]
    assert entries[0].when > entries[1].when > entries[2].when


def test_history_entries_says_who_made_each_change(group, officer, make_user):
    editor = make_user()
    change(group, user=officer, members_female=6)
    change(group, user=editor, members_female=7)
    assert [entry.who for entry in history_entries(group)] == [editor, officer, None]


def test_a_creation_lists_no_changed_fields(group):
    (created,) = history_entries(group)
    assert (created.what, created.changes) == ("created", [])


def test_a_change_lists_each_changed_field_with_old_and_new_values(group, officer):
    change(group, user=officer, reason="count", members_female=9, phone="+975 17 123456")
    assert history_entries(group)[0].changes == [
        FieldChange("women members", 5, 9),
        FieldChange("phone", "", "+975 17 123456"),
    ]


def test_a_change_of_the_thai_name_is_listed(group, officer):
    change(group, user=officer, reason="Thai name", name_th="กลุ่มน้ำผึ้งตั้ง")
    (latest, _created) = history_entries(group)
    assert (latest.what, latest.who, latest.reason) == ("changed", officer, "Thai name")
    assert latest.changes == [FieldChange("name [th]", None, "กลุ่มน้ำผึ้งตั้ง")]


def test_a_change_of_the_english_name_is_listed_once_by_its_language(group, officer):
    old = group.name_en
    change(group, user=officer, name_en="Tang honey", story_en="Bees on the hills.")
    assert history_entries(group)[0].changes == [
        FieldChange("name [en]", old, "Tang honey"),
        FieldChange("story [en]", None, "Bees on the hills."),
    ]


def test_a_save_that_changes_nothing_lists_no_fields(group, officer):
    change(group, user=officer, reason="no-op")
    (latest, _created) = history_entries(group)
    assert (latest.what, latest.reason, latest.changes) == ("changed", "no-op", [])


def test_a_deletion_is_listed(group, officer):
    pk = group.pk
    group._history_user = officer
    group.delete()
    group.pk = pk
    entries = history_entries(group)
    assert [(entry.what, entry.who) for entry in entries] == [
        ("deleted", officer),
        ("created", None),
    ]


def test_history_entries_keeps_only_the_limit_and_still_diffs_the_oldest_kept(group, officer):
    for count in (6, 7, 8):
        change(group, user=officer, members_female=count)
    entries = history_entries(group, limit=2)
    assert [entry.changes for entry in entries] == [
        [FieldChange("women members", 7, 8)],
        [FieldChange("women members", 6, 7)],
    ]


def test_history_entries_lists_only_the_object_own_records(group, other_group, officer):
    change(other_group, user=officer, members_female=1)
    assert [entry.what for entry in history_entries(group)] == ["created"]


@pytest.mark.parametrize("changes", [0, 1, 30])
def test_history_entries_reads_everything_in_one_query(
    group, officer, changes, django_assert_num_queries
):
    for count in range(changes):
        change(
            group, user=officer, reason=f"edit {count}", members_female=count, name_th=str(count)
        )
    group = ProducerGroup.objects.get(pk=group.pk)
    with django_assert_num_queries(1):
        entries = history_entries(group)
        # Everything a page shows, the user included, is read within the query.
        shown = [(str(entry.who), entry.what, entry.reason, entry.changes) for entry in entries]
    assert len(shown) == changes + 1


def test_history_entries_query_count_does_not_grow_with_other_records(
    group, officer, django_assert_num_queries
):
    for _ in range(5):
        ProducerGroupFactory()
    with django_assert_num_queries(1):
        history_entries(group)


def test_a_text_saved_empty_where_it_had_none_is_no_change(group, officer):
    ProducerGroup.objects.filter(pk=group.pk).update(story_dz=None)
    group.history.update(story_dz=None)
    group.refresh_from_db()
    change(group, user=officer, story_dz="", members_female=8)
    assert history_entries(group)[0].changes == [FieldChange("women members", 5, 8)]


def test_a_flag_turned_off_is_shown_as_no_not_as_nothing(group, officer):
    change(group, user=officer, is_illustrative=True)
    change(group, user=officer, is_illustrative=False)
    html = render_to_string("core/_history.html", {"history": history_entries(group)})
    assert "illustrative: <del>yes</del> → <ins>no</ins>" in html
    assert "illustrative: <del>no</del> → <ins>yes</ins>" in html
