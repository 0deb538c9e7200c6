from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ogop.core.forms import ThaiModelForm
from ogop.core.images import clean_image
from ogop.core.widgets import SuggestInput
from ogop.producers.forms import YES_NO, AreaCodeField, yes_no_filter
from ogop.producers.models import ProducerGroup
from ogop.products.models import Category, Product, Stage
from ogop.products.transfer import FORMATS, KINDS


class ProductForm(ThaiModelForm):
    area = AreaCodeField(
        label=_("area"),
        required=False,
        help_text=_("The gewog or tambon; empty: the producer group's."),
    )
    photo = forms.ImageField(label=_("add a photo"), required=False)

    class Meta(ThaiModelForm.Meta):
        model = Product
        fields = [
            "code",
            "name_en",
            "name_th",
            "name_dz",
            "category",
            "producer_group",
            "area",
            "price",
            "currency",
            "unit",
            "stage",
            "is_flagship",
            "is_public",
            "description_en",
            "description_th",
            "description_dz",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_th": forms.Textarea(attrs={"rows": 4}),
            "description_dz": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, groups: Any, suggest_groups: bool, **kwargs: Any) -> None:
        """`groups`: the producer groups the user may add products to."""
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, up to %(size)s.") % {
            "size": filesizeformat(settings.OGOP_MAX_UPLOAD_BYTES)
        }
        field = self.fields["producer_group"]
        field.queryset = groups  # type: ignore[attr-defined]
        field.to_field_name = "code"  # type: ignore[attr-defined]
        if suggest_groups:
            field.widget = SuggestInput("group_suggest")
            field.help_text = _("Type a name and pick the group's code.")
        if self.instance.pk:
            # Shown as codes, as typed.
            self.initial["producer_group"] = self.instance.producer_group.code
            self.initial["area"] = self.instance.area.code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        group: ProducerGroup | None = cleaned.get("producer_group")
        if group is not None and not cleaned.get("area") and "area" not in self.errors:
            cleaned["area"] = group.area
        return cleaned

    def clean_photo(self) -> ContentFile | None:
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, widget=forms.SearchInput)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("any")), *Category.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("stage"), choices=[("", _("any")), *Stage.choices], required=False
    )
    area = AreaCodeField(label=_("area"), required=False)
    flagship = forms.ChoiceField(label=_("flagship"), choices=YES_NO, required=False)
    public = forms.ChoiceField(label=_("public"), choices=YES_NO, required=False)

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "category": data["category"],
            "stage": data["stage"],
            "area": data["area"],
            "is_flagship": yes_no_filter(data["flagship"]),
            "is_public": yes_no_filter(data["public"]),
        }


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
    format = forms.ChoiceField(label=_("format"), choices=[(f, f.upper()) for f in FORMATS])
