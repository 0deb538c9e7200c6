"""Staff pages of the programme's people and the participants of trainings.

Personal data (names, contacts, scores) is shown to programme and partner officers only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.history import history_entries
from ogop.core.views import paginate, render_page_or_partial
from ogop.programme import fieldwork_selectors as selectors
from ogop.programme import fieldwork_services
from ogop.programme import selectors as plan_selectors
from ogop.programme.forms.people import ParticipantForm, PersonFilterForm, PersonForm
from ogop.programme.models import Activity
from ogop.programme.views.pages import Crumbs, fieldwork_crumbs, form_page

# People -------------------------------------------------------------------------------------


@login_required
@permission_required("programme.view_person", raise_exception=True)
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonFilterForm(request.GET or None)
    context = {
        "filters": filters,
        "page": paginate(request, selectors.person_list(**filters.selector_args())),
        "can_change": request.user.has_perm("programme.change_person"),
    }
    return render_page_or_partial(
        request,
        "programme/fieldwork_person_list.html",
        "programme/partials/_fieldwork_person_table.html",
        context,
    )


@login_required
@permission_required("programme.change_person", raise_exception=True)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    user = signed_in(request)
    return form_page(
        request,
        form,
        save=lambda person: fieldwork_services.person_save(person=person, user=user),
        done=lambda person: reverse("person_list"),
        message=lambda person: _("%(name)s was recorded.") % {"name": person.name},
        heading=_("New person"),
        crumbs=[(_("People"), reverse("person_list"))],
        cancel_url=reverse("person_list"),
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_user(user=request.user, pk=pk, perm="programme.change_person")
    form = PersonForm(request.POST or None, instance=person)
    user = signed_in(request)
    return form_page(
        request,
        form,
        save=lambda person: fieldwork_services.person_save(person=person, user=user),
        done=lambda saved: reverse("person_list"),
        message=_("The changes were saved."),
        heading=_("Edit %(name)s") % {"name": person.name},
        crumbs=[(_("People"), reverse("person_list"))],
        cancel_url=reverse("person_list"),
        history=history_entries(person),
    )


# Participants of a training -----------------------------------------------------------------


def _activity_crumbs(activity: Activity) -> Crumbs:
    return fieldwork_crumbs(
        activity.programme,
        (str(activity), reverse("activity_participants", args=[activity.pk])),
    )


@login_required
def activity_participants(request: HttpRequest, pk: int) -> HttpResponse:
    activity = plan_selectors.activity_for_user(
        user=request.user, pk=pk, perm="programme.view_person"
    )
    first_day, last_day = selectors.activity_days(activity)
    context = {
        "activity": activity,
        "first_day": first_day,
        "last_day": last_day,
        "days": (last_day - first_day).days + 1,
        "programme": activity.programme,
        "participants": selectors.participant_list(activity),
        "totals": selectors.participant_totals(activity),
        "can_change": request.user.has_perm("programme.change_person"),
    }
    return render(request, "programme/fieldwork_participants.html", context)


@login_required
def participant_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = plan_selectors.activity_for_user(
        user=request.user, pk=pk, perm="programme.change_person"
    )
    form = ParticipantForm(request.POST or None, activity=activity)
    back = reverse("activity_participants", args=[activity.pk])
    user = signed_in(request)
    return form_page(
        request,
        form,
        save=lambda participant: fieldwork_services.participant_save(
            participant=participant, new_person=form.new_person, user=user
        ),
        done=lambda participant: back,
        message=_("The participant was added."),
        heading=_("New participant of %(activity)s") % {"activity": activity},
        crumbs=_activity_crumbs(activity),
        cancel_url=back,
    )


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_for_user(
        user=request.user, pk=pk, perm="programme.change_person"
    )
    activity = participant.activity
    form = ParticipantForm(request.POST or None, instance=participant, activity=activity)
    back = reverse("activity_participants", args=[activity.pk])
    user = signed_in(request)
    return form_page(
        request,
        form,
        save=lambda participant: fieldwork_services.participant_save(
            participant=participant, user=user
        ),
        done=lambda saved: back,
        message=_("The changes were saved."),
        heading=_("%(name)s at %(activity)s")
        % {"name": participant.person.name, "activity": activity},
        crumbs=_activity_crumbs(activity),
        cancel_url=back,
    )


@login_required
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove a participant from the activity (the person stays recorded)."""
    participant = selectors.participant_for_user(
        user=request.user, pk=pk, perm="programme.change_person"
    )
    activity = participant.activity
    back = reverse("activity_participants", args=[activity.pk])
    if request.method == "POST":
        fieldwork_services.participant_remove(participant=participant, user=signed_in(request))
        messages.success(
            request,
            _("%(name)s is no longer a participant of %(activity)s.")
            % {"name": participant.person.name, "activity": activity},
        )
        return redirect(back)
    context = {"participant": participant, "crumbs": _activity_crumbs(activity), "back": back}
    return render(request, "programme/fieldwork_participant_remove.html", context)
