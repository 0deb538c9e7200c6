from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ogop.products.transfer.kinds import FORMATS, KINDS


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("what the file holds"), choices=[(k, v.label) for k, v in KINDS.items()]
    )
    file = forms.FileField(label=_("file (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.OGOP_MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: split it into smaller files.")
                % {"mb": settings.OGOP_MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("what"), choices=[(k, v.label) for k, v in KINDS.items()])
    format = forms.ChoiceField(
        label=_("format"), choices=[(f, f.upper()) for f in FORMATS], initial="xlsx"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # On the page beside the import form, whose fields have the same names.
        kwargs.setdefault("auto_id", "export-%s")
        super().__init__(*args, **kwargs)
