from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.accounts.audit import audited_models
from ogop.accounts.models import User
from ogop.core.forms import ThaiDateField
from ogop.core.thai import to_arabic_digits


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


class CodeForm(forms.Form):
    """A code from the authenticator app (or, after the password, a backup code)."""

    code = forms.CharField(
        label=_("code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        """As typed on any keyboard: Thai digits read as digits, spaces between groups dropped."""
        return to_arabic_digits(self.cleaned_data["code"]).replace(" ", "")


class SetupCodeForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The six digits the app shows for this account.")
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})
