import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from ogop.core.forms import (
    CodeChoiceField,
    CodeMultipleChoiceField,
    ThaiDateField,
    ThaiDecimalField,
    ThaiIntegerField,
    ThaiModelForm,
)
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification


class CertificationForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Certification
        fields = ["kind", "valid_from", "valid_until"]


def test_model_form_dates_accept_buddhist_era_and_thai_digits(db):
    form = CertificationForm(
        {"kind": "organic", "valid_from": "๑๗/๑๒/๒๕๖๐", "valid_until": "2018-12-31"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["valid_from"] == dt.date(2017, 12, 17)
    assert form.cleaned_data["valid_until"] == dt.date(2018, 12, 31)


def test_model_form_says_what_is_wrong_with_a_date(db):
    form = CertificationForm({"kind": "organic", "valid_from": "31/02/2560"})
    assert not form.is_valid()
    assert "real date" in form.errors["valid_from"][0]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        (ThaiDecimalField(), "๑,๒๕๐.๕๐", Decimal("1250.50")),
        (ThaiDecimalField(), "1,250.50", Decimal("1250.50")),
        (ThaiIntegerField(), "๑๒", 12),
        (ThaiDateField(), "17 ธ.ค. 2560", dt.date(2017, 12, 17)),
    ],
)
def test_fields_accept_thai_input(field, text, expected):
    assert field.clean(text) == expected


def test_decimal_field_rejects_words():
    with pytest.raises(forms.ValidationError):
        ThaiDecimalField().clean("ห้าสิบ")


class GroupCodeForm(forms.Form):
    group = CodeChoiceField(ProducerGroup.objects.all())
    fixed = CodeChoiceField(ProducerGroup.objects.all(), disabled=True, required=False)
    groups = CodeMultipleChoiceField(ProducerGroup.objects.all(), required=False)


def test_a_code_field_shows_the_code_of_a_record_given_by_its_key(group, other_group):
    # Given initial data as a model form holds it: keys, not codes
    form = GroupCodeForm(initial={"group": group.pk, "groups": [group.pk, other_group]})
    # Then the boxes hold the codes, and sent back they are unchanged
    assert form["group"].value() == group.code
    assert form["groups"].value() == [group.code, other_group.code]
    sent = GroupCodeForm(
        {"group": group.code, "groups": [group.code, other_group.code]},
        initial={"group": group.pk, "fixed": other_group.pk, "groups": [group.pk, other_group]},
    )
    assert sent.is_valid(), sent.errors
    assert not sent.has_changed()
    assert (sent.cleaned_data["group"], sent.cleaned_data["fixed"]) == (group, other_group)


def test_a_code_field_never_reads_a_key_typed_as_a_code(group, other_group):
    form = GroupCodeForm({"group": str(other_group.pk)})
    assert not form.is_valid()
    assert "group" in form.errors


def test_a_number_beyond_any_key_in_a_multiple_choice_is_an_unknown_choice(db, make_user):
    """A model form's many-to-many field refuses it at the field; unchecked, the database
    could not compare it and the page failed."""
    from ogop.outlets.forms import OutletForm

    keeper = make_user("cashier")
    form = OutletForm(data={"staff": [str(keeper.pk), "9" * 5000]})
    assert not form.is_valid()
    form = OutletForm(data={"staff": [str(keeper.pk), str(2**64)]})
    assert not form.is_valid()
    assert (
        "Select a valid choice. 18446744073709551616 is not one of the available choices."
        in (form.errors["staff"])
    )


def test_a_refused_edit_leaves_the_record_and_its_page_as_they_were(officer_client, group):
    """The model's check refuses a code with slashes; the page that says so still links to
    the group by its code as saved."""
    from django.urls import reverse

    url = reverse("producer_group_edit", args=[group.code])
    form = officer_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"code": "31/02/2560", "area": group.area.code, "representatives": []}
    response = officer_client.post(url, data)
    assert response.status_code == 422
    assert "Use letters, digits, dots, hyphens" in response.content.decode()
    assert f'href="{group.get_absolute_url()}"' in response.content.decode()
    group.refresh_from_db()
    assert group.code != "31/02/2560"
