"""Forms of the reports' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RegistryForm(forms.Form):
    base_url = forms.URLField(
        label=_("Address where the files will be published"),
        help_text=_("e.g. https://www.example.org/iati/: the folder the files are copied to."),
        assume_scheme="https",
    )
