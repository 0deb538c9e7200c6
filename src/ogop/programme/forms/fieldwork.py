"""Forms of the pages of the programme's work in the field: missions, deliveries, promotion,
business plans, twinning.

Dates and numbers accept Thai input (Buddhist-Era years, Thai digits); groups and areas are
typed as codes with name suggestions. The models' own rules (dates within the programme,
days attended, scores out of 100, countries of twinned groups) give the field errors.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.core.forms import ThaiModelForm
from ogop.fairs.models import Fair
from ogop.producers.forms import AreaCodeField, GroupCodeField
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.forms.base import (
    FieldworkForm,
    activity_field,
    person_label,
    programme_activities,
)
from ogop.programme.models import (
    Activity,
    ActivityKind,
    BusinessPlan,
    Delivery,
    Mission,
    Person,
    Programme,
    PromotionItem,
    Twinning,
    TwinningVisit,
)

# Missions -----------------------------------------------------------------------------------


class MissionForm(FieldworkForm):
    host_group = GroupCodeField(label=gettext_lazy("host producer group"), required=False)
    host_area = AreaCodeField(label=gettext_lazy("host area"), required=False)

    class Meta(ThaiModelForm.Meta):
        model = Mission
        fields = [
            "activity",
            "person",
            "kind",
            "expertise",
            "host_group",
            "host_area",
            "start",
            "end",
        ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        activity.required = True
        kinds = (ActivityKind.EXPERT_MISSION, ActivityKind.VOLUNTEER_ASSIGNMENT)
        activities = programme_activities(programme, kinds=kinds, keep=self.instance.activity_id)
        activity_field(activity, activities)
        person = self.fields["person"]
        person.queryset = Person.objects.select_related("organisation", "producer_group")  # type: ignore[attr-defined]  # a model choice field, typed as Field
        person.label_from_instance = person_label  # type: ignore[attr-defined]  # a model choice field, typed as Field


class MissionReportForm(FieldworkForm):
    class Meta(ThaiModelForm.Meta):
        model = Mission
        fields = ["report"]
        widgets = {"report": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args: Any, submit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submit = submit

    def has_changed(self) -> bool:
        """Submitting a draft changes the mission, even when its words stay the same."""
        submitting = self.submit and self.instance.report_submitted_on is None
        return submitting or super().has_changed()

    def clean_report(self) -> str:
        report = str(self.cleaned_data.get("report", "")).strip()
        if self.submit and not report:
            raise ValidationError(_("Write the report before submitting it."))
        return report


# Deliveries ---------------------------------------------------------------------------------

IN_USE_CHOICES = [
    ("", gettext_lazy("any")),
    ("yes", gettext_lazy("in use")),
    ("no", gettext_lazy("not in use")),
    ("unknown", gettext_lazy("not visited yet")),
]


class DeliveryFilterForm(forms.Form):
    group: "forms.ModelChoiceField[ProducerGroup]" = forms.ModelChoiceField(
        label=gettext_lazy("Producer group"), queryset=ProducerGroup.objects.none(), required=False
    )
    in_use = forms.ChoiceField(
        label=gettext_lazy("In use at the last visit"), choices=IN_USE_CHOICES, required=False
    )

    def __init__(self, *args: Any, groups: QuerySet[ProducerGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"group": self.cleaned_data["group"], "in_use": self.cleaned_data["in_use"]}


class DeliveryForm(FieldworkForm):
    producer_group = GroupCodeField(label=gettext_lazy("producer group"))

    class Meta(ThaiModelForm.Meta):
        model = Delivery
        fields = [
            "activity",
            "producer_group",
            "item",
            "quantity",
            "unit",
            "value",
            "currency",
            "delivered_on",
        ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        activity.required = True
        kinds = (ActivityKind.EQUIPMENT_DELIVERY,)
        activities = programme_activities(programme, kinds=kinds, keep=self.instance.activity_id)
        activity_field(activity, activities)
        if not self.instance.pk:
            self.initial.setdefault("currency", programme.currency)


class DeliveryVisitForm(FieldworkForm):
    """What a visit saw: whether the delivery is in use, and when."""

    in_use = forms.TypedChoiceField(
        label=gettext_lazy("In use"),
        choices=[("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta(ThaiModelForm.Meta):
        model = Delivery
        fields = ["in_use", "last_visit_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_visit_on"].required = True
        self.fields["last_visit_on"].label = _("Date of the visit")
        if self.instance.in_use is not None:
            self.initial["in_use"] = "yes" if self.instance.in_use else "no"
        else:
            self.initial.pop("in_use", None)

    def _post_clean(self) -> None:
        # After the model's checks, which need the day on the delivery to compare.
        super()._post_clean()  # type: ignore[misc]  # a private hook of Django's forms, untyped
        day: dt.date | None = self.cleaned_data.get("last_visit_on")
        if day is not None and day > timezone.localdate():
            self.add_error("last_visit_on", _("The visit cannot be in the future."))


# Promotion ----------------------------------------------------------------------------------


class PromotionItemForm(FieldworkForm):
    url = forms.URLField(
        label=gettext_lazy("address"), max_length=200, required=False, assume_scheme="https"
    )

    class Meta(ThaiModelForm.Meta):
        model = PromotionItem
        fields = [
            "kind",
            "title_en",
            "title_th",
            "title_dz",
            "published_on",
            "reach",
            "url",
            "fair",
            "activity",
        ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["title_en"].required = True
        self.fields["fair"].queryset = Fair.objects.order_by("-starts_on")  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["fair"].help_text = _("The fair, for a fair booth.")
        kinds = (ActivityKind.PROMOTION,)
        activities = programme_activities(programme, kinds=kinds, keep=self.instance.activity_id)
        activity_field(self.fields["activity"], activities)


# Business plans -----------------------------------------------------------------------------

# What a new version takes over from the latest one.
CARRIED_OVER = ("currency", "fixed_costs", "variable_cost", "price", "expected_volume")


class BusinessPlanForm(FieldworkForm):
    class Meta(ThaiModelForm.Meta):
        model = BusinessPlan
        fields = [
            "prepared_on",
            "currency",
            "fixed_costs",
            "variable_cost",
            "price",
            "expected_volume",
            "activity",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: Any, product: Product, latest: BusinessPlan | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.product = product
        self.instance.producer_group = product.producer_group
        self.initial.setdefault("prepared_on", timezone.localdate())
        if latest is not None:
            for name in CARRIED_OVER:
                self.initial.setdefault(name, getattr(latest, name))
            self.initial.setdefault("activity", latest.activity_id)
        else:
            self.initial.setdefault("currency", product.currency)
        activities = Activity.objects.filter(kind=ActivityKind.BUSINESS_PLANNING).select_related(
            "component__programme"
        )
        activity_field(self.fields["activity"], activities.order_by("-start_planned", "pk"))
        self.fields["activity"].help_text = _("The business-planning activity that helped, if any.")


# Twinning -----------------------------------------------------------------------------------


class TwinningForm(FieldworkForm):
    bhutan_group = GroupCodeField(label=gettext_lazy("Bhutanese producer group"))
    thai_group = GroupCodeField(label=gettext_lazy("Thai OTOP producer"))

    class Meta(ThaiModelForm.Meta):
        model = Twinning
        fields = ["bhutan_group", "thai_group", "started_on", "ended_on", "focus"]
        widgets = {"focus": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, programme: Programme | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.programme = programme


class TwinningVisitForm(FieldworkForm):
    class Meta(ThaiModelForm.Meta):
        model = TwinningVisit
        fields = ["direction", "start", "end", "visitors", "activity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, twinning: Twinning, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.twinning = twinning
        activities = (
            programme_activities(twinning.programme)
            if twinning.programme
            else Activity.objects.none()
        )
        activity_field(self.fields["activity"], activities)
