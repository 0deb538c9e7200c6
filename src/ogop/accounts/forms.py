from django import forms
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "thai_digits"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=100, help_text=_("What it is for."))
