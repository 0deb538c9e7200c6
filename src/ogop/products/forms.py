from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.core.forms import ThaiDateField, ThaiModelForm
from ogop.core.images import clean_image
from ogop.producers.forms import YES_NO, AreaCodeField, GroupCodeField, yes_no_filter
from ogop.producers.models import ProducerGroup
from ogop.products.models import CODE_UNAVAILABLE, Category, Certification, Product, Stage
from ogop.products.rules import product_fields_denied


class ProductForm(ThaiModelForm):
    area = AreaCodeField(
        label=_("area"),
        required=False,
        help_text=_("The gewog or tambon; empty: the producer group's."),
    )
    producer_group = GroupCodeField(label=_("producer group"))
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
            "gtin",
            "stage",
            "is_flagship",
            "is_public",
            "description_en",
            "description_th",
            "description_dz",
        ]
        error_messages = {"code": {"unique": CODE_UNAVAILABLE}}
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_th": forms.Textarea(attrs={"rows": 4}),
            "description_dz": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args: Any,
        user: User | AnonymousUser,
        groups: Any,
        suggest_groups: bool,
        **kwargs: Any,
    ) -> None:
        """`groups`: the producer groups the user may add products to."""
        super().__init__(*args, **kwargs)
        # The fields the user's role may not set are not shown (products.rules.FIELD_PERMS).
        for name in product_fields_denied(user, self.instance.pk and self.instance, self.fields):
            del self.fields[name]
        self.fields["name_en"].required = True
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, up to %(size)s.") % {
            "size": filesizeformat(settings.OGOP_MAX_UPLOAD_BYTES)
        }
        field = self.fields["producer_group"]
        if not suggest_groups:
            # A list of the few groups the user may choose from (the queryset gives it its choices).
            field.widget = forms.Select()
            field.help_text = ""
        field.queryset = groups  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
        if "stage" in self.fields:
            self.fields["stage"].queryset = Stage.objects.filter(is_active=True)  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
            self.fields["stage"].empty_label = None  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field
        if self.instance.pk:
            # A stage changes by a move, dated and explained, from the product's page.
            self.fields.pop("stage", None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        group: ProducerGroup | None = cleaned.get("producer_group")
        if group is not None and not cleaned.get("area") and "area" not in self.errors:
            cleaned["area"] = group.area
        return cleaned

    def clean_photo(self) -> ContentFile | None:
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None


def _stage_filter_choices() -> list[tuple[str, Any]]:
    return [("", _("any")), *Stage.choices]


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, widget=forms.SearchInput)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("any")), *Category.choices], required=False
    )
    stage = forms.ChoiceField(label=_("stage"), choices=_stage_filter_choices, required=False)
    area = AreaCodeField(label=_("area"), required=False)
    flagship = forms.ChoiceField(label=_("flagship"), choices=YES_NO, required=False)
    public = forms.ChoiceField(label=_("public"), choices=YES_NO, required=False)
    photo = forms.ChoiceField(label=_("with a photo"), choices=YES_NO, required=False)

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "has_photo": yes_no_filter(data["photo"]),
            "q": data["q"].strip(),
            "category": data["category"],
            "stage": data["stage"],
            "area": data["area"],
            "is_flagship": yes_no_filter(data["flagship"]),
            "is_public": yes_no_filter(data["public"]),
        }


class StageMoveForm(forms.Form):
    to_stage: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("move to"), queryset=Stage.objects.none(), to_field_name="code", empty_label=None
    )
    moved_on = ThaiDateField(
        label=_("date"), widget=forms.TextInput(attrs={"placeholder": "17/12/2560"})
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it moved; required to move it back."),
    )
    helped_by = forms.CharField(
        label=_("helped by"),
        required=False,
        max_length=255,
        help_text=_("The programme activity that helped, e.g. an expert mission or a training."),
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stages = Stage.objects.filter(is_active=True).exclude(code=product.stage_id)
        self.fields["to_stage"].queryset = stages  # type: ignore[attr-defined]  # a ModelChoiceField; the stubs type it as Field


class CertificationForm(ThaiModelForm):
    class Meta(ThaiModelForm.Meta):
        model = Certification
        fields = ["kind", "issuer", "number", "valid_from", "valid_until"]


class BoardFilterForm(forms.Form):
    area = AreaCodeField(label=_("dzongkhag or gewog"), required=False)
    category = forms.ChoiceField(
        label=_("category"), choices=[("", _("any")), *Category.choices], required=False
    )
    producer_group: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("producer group"),
        queryset=ProducerGroup.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("group code")}),
    )

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


LABEL_LANGUAGES = [("en", _("English")), ("th", _("Thai")), ("dz", _("Dzongkha"))]


class LabelForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=LABEL_LANGUAGES, required=False)
    layout = forms.ChoiceField(
        label=_("layout"),
        choices=[("sheet", _("A4 sheet of labels")), ("single", _("single label"))],
        required=False,
    )

    def options(self) -> dict[str, str]:
        """The chosen language and layout; English and a sheet when not (validly) given."""
        data = self.cleaned_data if self.is_valid() else {}
        return {"language": data.get("language") or "en", "layout": data.get("layout") or "sheet"}
