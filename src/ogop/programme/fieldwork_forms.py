"""Forms of the pages of the programme's work in the field.

Dates and numbers accept Thai input (Buddhist-Era years, Thai digits); groups and areas are
typed as codes with name suggestions. The models' own rules (dates within the programme,
days attended, scores out of 100, countries of twinned groups) give the field errors.
"""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.accounts.models import Organisation, Role, User
from ogop.core.forms import ThaiModelForm
from ogop.core.thai import format_date
from ogop.fairs.models import Fair
from ogop.producers.forms import AreaCodeField, GroupCodeField
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from ogop.programme.models import (
    Activity,
    ActivityKind,
    BusinessPlan,
    Delivery,
    Mission,
    Participant,
    Person,
    Programme,
    PromotionItem,
    Sex,
    Twinning,
    TwinningVisit,
)

NOT_RECORDED = gettext_lazy("not recorded")


def _activity_label(activity: Activity) -> str:
    return (
        f"{activity.title} ({activity.get_kind_display()}, {format_date(activity.start_planned)})"
    )


def _activity_field(field: Any, activities: QuerySet[Activity]) -> None:
    field.queryset = activities
    field.label_from_instance = _activity_label


def programme_activities(
    programme: Programme, *, kinds: tuple[str, ...] = (), keep: int | None = None
) -> QuerySet[Activity]:
    """The programme's activities, of `kinds` if given (and the one of pk `keep` whatever
    its kind, so that a record made earlier keeps its activity)."""
    activities = Activity.objects.filter(component__programme=programme)
    if kinds:
        activities = activities.filter(Q(kind__in=kinds) | Q(pk=keep))
    return activities.order_by("component__position", "start_planned", "pk")


class FieldworkForm(ThaiModelForm):
    """A model form which shows a model's error about a field it does not hold above the form
    instead of failing."""

    def _mapped(self, errors: ValidationError) -> ValidationError:
        if not hasattr(errors, "error_dict"):
            return errors
        mapped: dict[str, list[Any]] = {}
        for name, messages in errors.error_dict.items():
            key = name if name in self.fields else NON_FIELD_ERRORS
            mapped.setdefault(key, []).extend(messages)
        return ValidationError(mapped)  # type: ignore[arg-type]

    def _update_errors(self, errors: ValidationError) -> None:
        super()._update_errors(self._mapped(errors))  # type: ignore[misc]


# People and participants --------------------------------------------------------------------


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False)

    def selector_args(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"q": self.cleaned_data["q"].strip()}


def _sex_choices() -> list[tuple[str, Any]]:
    return [("", NOT_RECORDED), *Sex.choices]


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


class PersonForm(FieldworkForm):
    producer_group = GroupCodeField(label=gettext_lazy("producer group"), required=False)

    class Meta(ThaiModelForm.Meta):
        model = Person
        fields = ["name", "sex", "organisation", "producer_group", "user", "phone", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].choices = _sex_choices()  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]
        free = Q(person__isnull=True)
        if self.instance.pk:
            free |= Q(person=self.instance.pk)
        users = self.fields["user"]
        users.queryset = User.objects.filter(free, role=Role.EXPERT, is_active=True)  # type: ignore[attr-defined]
        users.label_from_instance = lambda u: f"{u} ({u.username})"  # type: ignore[attr-defined]
        users.help_text = _(
            "The login of an expert or volunteer, who then sees and reports on their missions."
        )


class ParticipantForm(FieldworkForm):
    """A participant of a learning activity: an existing person, or a new one made with it."""

    new_name = forms.CharField(
        label=gettext_lazy("or a new person's name"), max_length=200, required=False
    )
    new_sex = forms.ChoiceField(
        label=gettext_lazy("the new person's sex"), choices=_sex_choices, required=False
    )
    new_organisation: "forms.ModelChoiceField[Organisation]" = forms.ModelChoiceField(
        label=gettext_lazy("the new person's organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    new_producer_group = GroupCodeField(
        label=gettext_lazy("the new person's producer group"), required=False
    )

    class Meta(ThaiModelForm.Meta):
        model = Participant
        fields = ["activity", "person", "role", "days_attended", "pre_score", "post_score"]

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.new_person: Person | None = None
        field = self.fields["activity"]
        _activity_field(field, Activity.objects.filter(pk=activity.pk))
        field.disabled = True
        field.initial = activity.pk
        field.empty_label = None  # type: ignore[attr-defined]
        person = self.fields["person"]
        person.queryset = Person.objects.select_related("organisation", "producer_group")  # type: ignore[attr-defined]
        person.label_from_instance = _person_label  # type: ignore[attr-defined]
        if self.instance.pk:
            person.disabled = True  # to change who it was, remove the participant and add another
            for name in ("new_name", "new_sex", "new_organisation", "new_producer_group"):
                del self.fields[name]
        else:
            person.required = False
            person.help_text = _("Choose a person already recorded, or give a new one below.")
            self.fields["new_organisation"].queryset = _organisations()  # type: ignore[attr-defined]

    def clean_person(self) -> Person | None:
        person: Person | None = self.cleaned_data.get("person")
        duplicate = Participant.objects.filter(activity=self.instance.activity, person=person)
        if person is not None and duplicate.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("The person is already a participant of this activity."))
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk or "person" in self.errors:
            return data
        person, name = data.get("person"), data.get("new_name", "").strip()
        if person is None and not name:
            self.add_error("person", _("Choose a person or give the name of a new one."))
        elif person is not None and name:
            self.add_error("new_name", _("Choose a person or give a new name, not both."))
        elif name:
            new = Person(
                name=name,
                sex=data.get("new_sex", ""),
                organisation=data.get("new_organisation"),
                producer_group=data.get("new_producer_group"),
            )
            try:
                new.full_clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    target = f"new_{field}" if f"new_{field}" in self.fields else None
                    self.add_error(target, messages)
            else:
                self.new_person = new
        return data


def _person_label(person: Person) -> str:
    where = person.producer_group or person.organisation
    return f"{person.name} — {where}" if where else person.name


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
        _activity_field(activity, activities)
        person = self.fields["person"]
        person.queryset = Person.objects.select_related("organisation", "producer_group")  # type: ignore[attr-defined]
        person.label_from_instance = _person_label  # type: ignore[attr-defined]


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
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

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
        _activity_field(activity, activities)
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
        super()._post_clean()  # type: ignore[misc]
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
        self.fields["fair"].queryset = Fair.objects.order_by("-starts_on")  # type: ignore[attr-defined]
        self.fields["fair"].help_text = _("The fair, for a fair booth.")
        kinds = (ActivityKind.PROMOTION,)
        activities = programme_activities(programme, kinds=kinds, keep=self.instance.activity_id)
        _activity_field(self.fields["activity"], activities)


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
        _activity_field(self.fields["activity"], activities.order_by("-start_planned", "pk"))
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
        _activity_field(self.fields["activity"], activities)
