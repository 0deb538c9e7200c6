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
