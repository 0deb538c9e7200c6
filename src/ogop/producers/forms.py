from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from ogop.accounts.models import User
from ogop.core.forms import CodeChoiceField, ThaiModelForm
from ogop.core.widgets import SuggestInput
from ogop.places.models import Area
from ogop.producers.models import GroupKind, ProducerGroup
from ogop.producers.rules import group_fields_denied


class AreaCodeField(CodeChoiceField):
    """An area typed as its code, with name suggestions as the user types."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Area.objects.all())
        kwargs.setdefault("widget", SuggestInput("area_suggest"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Unknown area: type a name and pick a code, such as BT-15-08.")},
        )
        super().__init__(**kwargs)


class GroupCodeField(CodeChoiceField):
    """A producer group typed as its code, with name suggestions as the user types."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", ProducerGroup.objects.select_related("area"))
        kwargs.setdefault("widget", SuggestInput("group_suggest"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Unknown producer group: type a name and pick a code.")},
        )
        kwargs.setdefault("help_text", _("Type a name and pick the group's code."))
        super().__init__(**kwargs)


class ProducerGroupForm(ThaiModelForm):
    area = AreaCodeField(label=_("area"), help_text=_("The gewog or tambon, e.g. BT-15-08."))

    class Meta(ThaiModelForm.Meta):
        model = ProducerGroup
        fields = [
            "code",
            "name_en",
            "name_th",
            "name_dz",
            "kind",
            "area",
            "members_female",
            "members_male",
            "contact_person",
            "phone",
            "email",
            "story_en",
            "story_th",
            "story_dz",
            "is_public",
        ]
        widgets = {
            "story_en": forms.Textarea(attrs={"rows": 4}),
            "story_th": forms.Textarea(attrs={"rows": 4}),
            "story_dz": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_en"].required = True
        # Shown, but not to be changed, where the user's role may not set them.
        for name in group_fields_denied(user, self.instance.pk and self.instance, self.fields):
            self.fields[name].disabled = True


YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


def yes_no_filter(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ProducerGroupFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, widget=forms.SearchInput)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", _("any")), *GroupKind.choices], required=False
    )
    area = AreaCodeField(label=_("area"), required=False)
    public = forms.ChoiceField(label=_("public"), choices=YES_NO, required=False)

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "kind": data["kind"],
            "area": data["area"],
            "is_public": yes_no_filter(data["public"]),
        }
