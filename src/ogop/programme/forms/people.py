"""Forms of the pages of the programme's people and the participants of trainings.

Dates and numbers accept Thai input (Buddhist-Era years, Thai digits); groups and areas are
typed as codes with name suggestions. The models' own rules (dates within the programme,
days attended, scores out of 100, countries of twinned groups) give the field errors.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogop.accounts.models import Organisation, Role, User
from ogop.core.forms import ThaiModelForm
from ogop.producers.forms import GroupCodeField
from ogop.programme.forms.base import FieldworkForm, activity_field, person_label
from ogop.programme.models import Activity, Participant, Person, Sex

# People and participants --------------------------------------------------------------------


NOT_RECORDED = gettext_lazy("not recorded")


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
        self.fields["sex"].choices = _sex_choices()  # type: ignore[attr-defined]  # a choice field, typed as Field
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]  # a model choice field, typed as Field
        free = Q(person__isnull=True)
        if self.instance.pk:
            free |= Q(person=self.instance.pk)
        users = self.fields["user"]
        users.queryset = User.objects.filter(free, role=Role.EXPERT, is_active=True)  # type: ignore[attr-defined]  # a model choice field, typed as Field
        users.label_from_instance = lambda u: f"{u} ({u.username})"  # type: ignore[attr-defined]  # a model choice field, typed as Field
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
        activity_field(field, Activity.objects.filter(pk=activity.pk))
        field.disabled = True
        field.initial = activity.pk
        field.empty_label = None  # type: ignore[attr-defined]  # a model choice field, typed as Field
        person = self.fields["person"]
        person.queryset = Person.objects.select_related("organisation", "producer_group")  # type: ignore[attr-defined]  # a model choice field, typed as Field
        person.label_from_instance = person_label  # type: ignore[attr-defined]  # a model choice field, typed as Field
        if self.instance.pk:
            person.disabled = True  # to change who it was, remove the participant and add another
            for name in ("new_name", "new_sex", "new_organisation", "new_producer_group"):
                del self.fields[name]
        else:
            person.required = False
            person.help_text = _("Choose a person already recorded, or give a new one below.")
            self.fields["new_organisation"].queryset = _organisations()  # type: ignore[attr-defined]  # a model choice field, typed as Field

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
