from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.core.audit import audited_models
from ogop.core.forms import ThaiDateField


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "thai_digits"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=100, help_text=_("What it is for."))


class ChangesForm(forms.Form):
    """Which day's changes to read, of which kind of record, made by whom: the kinds the
    reader may read."""

    day = ThaiDateField(label=_("day"))
    model = forms.ChoiceField(label=_("kind of record"), required=False)
    who = forms.CharField(
        label=_("made by"), required=False, max_length=150, help_text=_("A user name.")
    )

    def __init__(self, *args: Any, reader: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field = self.fields["model"]
        assert isinstance(model_field, forms.ChoiceField)
        model_field.choices = [("", _("all"))] + [
            (model._meta.label, str(model._meta.verbose_name_plural))
            for model in audited_models(reader)
        ]
