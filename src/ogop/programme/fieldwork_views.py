"""Staff pages of the programme's work in the field: people and participants of trainings,
missions and their reports, deliveries and visits, promotion, business plans, twinning.

Personal data (names, contacts, scores) is shown to programme and partner officers only; an
expert or volunteer sees their own missions, a producer their own groups' deliveries and plans.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.views import signed_in
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.forms import add_service_errors
from ogop.core.history import history_entries
from ogop.core.views import nothing_changed, paginate, render_page_or_partial
from ogop.products.selectors import product_for_user
from ogop.programme import fieldwork_selectors as selectors
from ogop.programme import fieldwork_services, services
from ogop.programme import selectors as plan_selectors
from ogop.programme.fieldwork_forms import (
    BusinessPlanForm,
    DeliveryFilterForm,
    DeliveryForm,
    DeliveryVisitForm,
    FieldworkForm,
    MissionForm,
    MissionReportForm,
    ParticipantForm,
    PersonFilterForm,
    PersonForm,
    PromotionItemForm,
    TwinningForm,
    TwinningVisitForm,
)
from ogop.programme.models import Activity, Programme

FORM_TEMPLATE = "programme/fieldwork_form.html"

Crumbs = list[tuple[str, str]]


def _programme_crumbs(programme: Programme, *more: tuple[str, str]) -> Crumbs:
    return [(str(programme), reverse("programme_fieldwork", args=[programme.pk])), *more]


def _form_page(
    request: HttpRequest,
    form: FieldworkForm,
    *,
    save: Callable[[Any], models.Model],
    done: Callable[[Any], str],
    message: str | Callable[[Any], str],
    heading: str,
    crumbs: Crumbs,
    cancel_url: str,
    template: str = FORM_TEMPLATE,
    **extra: Any,
) -> HttpResponse:
    """Show the form; on a valid post hand its record to `save` (a service), say so and go
    to `done(saved)`. A refused post shows the form again with its errors (422) and has
    written nothing; so does a record's form sent back unchanged, which goes to
    `done(record)`."""
    versioned(form)
    if request.method == "POST" and form.is_valid():
        if form.instance.pk and nothing_changed(request, form):
            return redirect(done(form.instance))
        try:
            with unchanged_since_opened(form):  # the record and its history, or neither
                saved = save(form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message(saved) if callable(message) else message)
            return redirect(done(saved))
    context = {"form": form, "heading": heading, "crumbs": crumbs, "cancel_url": cancel_url}
    status = 422 if request.method == "POST" else 200
    return render(request, template, {**context, **extra}, status=status)


# The index ----------------------------------------------------------------------------------


@login_required
def programme_fieldwork(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_programme"
    )
    user = request.user
    context = {
        "programme": programme,
        "trainings": selectors.training_list(programme),
        "training_totals": selectors.training_totals(programme),
        "counts": selectors.fieldwork_counts(programme),
        "can_see_people": user.has_perm("programme.view_person"),
    }
    return render(request, "programme/fieldwork_index.html", context)


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
    return _form_page(
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
    return _form_page(
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
    return _programme_crumbs(
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
    return _form_page(
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
    return _form_page(
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


# Missions -----------------------------------------------------------------------------------


@login_required
def programme_missions(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_mission"
    )
    context = {
        "programme": programme,
        "missions": selectors.mission_list(programme),
        "can_change": request.user.has_perm("programme.change_mission"),
    }
    return render(request, "programme/fieldwork_mission_list.html", context)


@login_required
def mission_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_mission"
    )
    form = MissionForm(request.POST or None, programme=programme)
    back = reverse("programme_missions", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda mission: fieldwork_services.mission_save(mission=mission, user=user),
        done=lambda mission: reverse("mission_detail", args=[mission.pk]),
        message=_("The mission was recorded."),
        heading=_("New mission"),
        crumbs=_programme_crumbs(programme, (_("Missions"), back)),
        cancel_url=back,
    )


def _mission_crumbs(request: HttpRequest, mission: Any) -> Crumbs:
    """Officers go back through the programme; an expert through their own missions."""
    programme = mission.activity.programme if mission.activity else None
    if programme is not None and request.user.has_perm("programme.view_programme", programme):
        return _programme_crumbs(
            programme, (_("Missions"), reverse("programme_missions", args=[programme.pk]))
        )
    return [(_("My missions"), reverse("my_missions"))]


@login_required
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_for_user(user=request.user, pk=pk)
    user = request.user
    context = {
        "mission": mission,
        "crumbs": _mission_crumbs(request, mission),
        "can_change": user.has_perm("programme.change_mission", mission),
        "can_report": user.has_perm("programme.report_mission", mission)
        and _may_write_report(user, mission),
    }
    return render(request, "programme/fieldwork_mission_detail.html", context)


@login_required
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_for_user(user=request.user, pk=pk, perm="programme.change_mission")
    programme = mission.activity.programme if mission.activity else None
    if programme is None:
        raise PermissionDenied  # only missions of a programme are edited here
    form = MissionForm(request.POST or None, instance=mission, programme=programme)
    detail = reverse("mission_detail", args=[mission.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda mission: fieldwork_services.mission_save(mission=mission, user=user),
        done=lambda saved: detail,
        message=_("The changes were saved."),
        heading=_("Edit the mission of %(name)s") % {"name": mission.person.name},
        crumbs=[*_mission_crumbs(request, mission), (str(mission.expertise), detail)],
        cancel_url=detail,
    )


def _may_write_report(user: Any, mission: Any) -> bool:
    """Once submitted, a report is the officers' to correct; its writer reads it."""
    return mission.report_submitted_on is None or user.has_perm("programme.change_mission", mission)


@login_required
def mission_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the mission's report, save it as a draft or submit it."""
    mission = selectors.mission_for_user(user=request.user, pk=pk, perm="programme.report_mission")
    if not _may_write_report(request.user, mission):
        raise PermissionDenied
    submit = "submit" in request.POST
    form = MissionReportForm(request.POST or None, instance=mission, submit=submit)
    detail = reverse("mission_detail", args=[mission.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda mission: fieldwork_services.mission_report_save(
            mission=mission, submit=submit, user=user
        ),
        done=lambda saved: detail,
        message=_("The report was submitted.") if submit else _("The draft was saved."),
        heading=_("Report of the mission: %(expertise)s") % {"expertise": mission.expertise},
        crumbs=[*_mission_crumbs(request, mission), (str(mission.expertise), detail)],
        cancel_url=detail,
        template="programme/fieldwork_mission_report.html",
        mission=mission,
    )


@login_required
@permission_required("programme.view_mission", raise_exception=True)
def my_missions(request: HttpRequest) -> HttpResponse:
    context = {"missions": selectors.my_mission_list(request.user)}
    return render(request, "programme/fieldwork_my_missions.html", context)


# Deliveries ---------------------------------------------------------------------------------


@login_required
def programme_deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_delivery"
    )
    filters = DeliveryFilterForm(request.GET or None, groups=selectors.delivery_groups(programme))
    deliveries = selectors.delivery_list(programme, **filters.selector_args())
    context = {
        "programme": programme,
        "filters": filters,
        "page": paginate(request, deliveries),
        "can_change": request.user.has_perm("programme.change_delivery"),
    }
    return render_page_or_partial(
        request,
        "programme/fieldwork_delivery_list.html",
        "programme/partials/_fieldwork_delivery_table.html",
        context,
    )


@login_required
def delivery_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_delivery"
    )
    form = DeliveryForm(request.POST or None, programme=programme)
    back = reverse("programme_deliveries", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda delivery: back,
        message=_("The delivery was recorded."),
        heading=_("New delivery"),
        crumbs=_programme_crumbs(programme, (_("Deliveries"), back)),
        cancel_url=back,
    )


def _delivery_programme(delivery: Any) -> Programme:
    if delivery.activity is None:
        raise PermissionDenied  # only deliveries of a programme are changed here
    return delivery.activity.programme  # type: ignore[no-any-return]


@login_required
def delivery_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_for_user(
        user=request.user, pk=pk, perm="programme.change_delivery"
    )
    programme = _delivery_programme(delivery)
    form = DeliveryForm(request.POST or None, instance=delivery, programme=programme)
    back = reverse("programme_deliveries", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda saved: back,
        message=_("The changes were saved."),
        heading=_("Edit the delivery of %(item)s") % {"item": delivery.item},
        crumbs=_programme_crumbs(programme, (_("Deliveries"), back)),
        cancel_url=back,
    )


@login_required
def delivery_visit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what a visit saw: whether the delivery is in use."""
    delivery = selectors.delivery_for_user(
        user=request.user, pk=pk, perm="programme.change_delivery"
    )
    programme = _delivery_programme(delivery)
    form = DeliveryVisitForm(request.POST or None, instance=delivery)
    back = reverse("programme_deliveries", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda saved: back,
        message=_("The visit was recorded."),
        heading=_("Record a visit: %(item)s at %(group)s")
        % {"item": delivery.item, "group": delivery.producer_group},
        crumbs=_programme_crumbs(programme, (_("Deliveries"), back)),
        cancel_url=back,
        template="programme/fieldwork_delivery_visit.html",
        delivery=delivery,
    )


@login_required
@permission_required("programme.view_delivery", raise_exception=True)
def my_deliveries(request: HttpRequest) -> HttpResponse:
    """What the programme delivered to the groups the user represents."""
    page = paginate(request, selectors.my_delivery_list(request.user))
    return render_page_or_partial(
        request,
        "programme/fieldwork_my_deliveries.html",
        "programme/partials/_fieldwork_delivery_table.html",
        {"page": page},
    )


# Promotion ----------------------------------------------------------------------------------


@login_required
def programme_promotion(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_promotionitem"
    )
    context = {
        "programme": programme,
        "items": selectors.promotion_list(programme),
        "by_kind": selectors.promotion_reach_by_kind(programme),
        "can_change": request.user.has_perm("programme.change_promotionitem"),
    }
    return render(request, "programme/fieldwork_promotion_list.html", context)


@login_required
def promotion_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_promotionitem"
    )
    form = PromotionItemForm(request.POST or None, programme=programme)
    back = reverse("programme_promotion", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda item: fieldwork_services.promotion_item_save(item=item, user=user),
        done=lambda item: back,
        message=_("The promotion item was recorded."),
        heading=_("New promotion item"),
        crumbs=_programme_crumbs(programme, (_("Promotion"), back)),
        cancel_url=back,
    )


@login_required
def promotion_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.promotion_item_for_user(
        user=request.user, pk=pk, perm="programme.change_promotionitem"
    )
    programme = item.programme
    form = PromotionItemForm(request.POST or None, instance=item, programme=programme)
    back = reverse("programme_promotion", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda item: fieldwork_services.promotion_item_save(item=item, user=user),
        done=lambda saved: back,
        message=_("The changes were saved."),
        heading=_("Edit %(title)s") % {"title": item.title},
        crumbs=_programme_crumbs(programme, (_("Promotion"), back)),
        cancel_url=back,
        history=history_entries(item),
    )


# Business plans -----------------------------------------------------------------------------


@login_required
def product_business_plans(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of the product's business plan, newest first, with its arithmetic."""
    product = product_for_user(user=request.user, code=code, perm="products.view_product")
    selectors.plans_allowed(user=request.user, product=product, perm="programme.view_businessplan")
    context = {
        "product": product,
        "versions": selectors.plan_versions(product),
        "can_change": request.user.has_perm("programme.change_businessplan", product),
    }
    return render(request, "programme/fieldwork_business_plans.html", context)


@login_required
def business_plan_create(request: HttpRequest, code: str) -> HttpResponse:
    """A new version of the product's plan, starting from the figures of the latest."""
    product = product_for_user(user=request.user, code=code, perm="products.view_product")
    selectors.plans_allowed(user=request.user, product=product, perm="programme.view_businessplan")
    selectors.plans_allowed(
        user=request.user, product=product, perm="programme.change_businessplan"
    )
    latest = selectors.latest_plan(product)
    form = BusinessPlanForm(request.POST or None, product=product, latest=latest)
    back = reverse("product_business_plans", args=[product.code])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda plan: services.business_plan_save(plan=plan, user=user),
        done=lambda plan: back,
        message=lambda plan: (
            _("Version %(version)s of the plan was saved.") % {"version": plan.version}
        ),
        heading=_("New business plan for %(product)s") % {"product": product},
        crumbs=[
            (str(product), product.get_absolute_url()),
            (_("Business plans"), back),
        ],
        cancel_url=back,
        latest=latest,
    )


@login_required
def programme_business_plans(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_businessplan"
    )
    context = {"programme": programme, "plans": selectors.programme_plans(programme)}
    return render(request, "programme/fieldwork_programme_business_plans.html", context)


# Twinning -----------------------------------------------------------------------------------


@login_required
def programme_twinnings(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.view_twinning"
    )
    context = {
        "programme": programme,
        "twinnings": selectors.twinning_list(programme),
        "can_change": request.user.has_perm("programme.change_twinning"),
    }
    return render(request, "programme/fieldwork_twinning_list.html", context)


@login_required
def twinning_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = plan_selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_twinning"
    )
    form = TwinningForm(request.POST or None, programme=programme)
    back = reverse("programme_twinnings", args=[programme.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda twinning: fieldwork_services.twinning_save(twinning=twinning, user=user),
        done=lambda twinning: reverse("twinning_detail", args=[twinning.pk]),
        message=_("The twinning was recorded."),
        heading=_("New twinning"),
        crumbs=_programme_crumbs(programme, (_("Twinning"), back)),
        cancel_url=back,
    )


def _twinning_crumbs(twinning: Any) -> Crumbs:
    if twinning.programme is None:
        return []
    return _programme_crumbs(
        twinning.programme,
        (_("Twinning"), reverse("programme_twinnings", args=[twinning.programme.pk])),
    )


@login_required
def twinning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    twinning = selectors.twinning_for_user(user=request.user, pk=pk)
    context = {
        "twinning": twinning,
        "visits": selectors.visit_list(twinning),
        "crumbs": _twinning_crumbs(twinning),
        "can_change": request.user.has_perm("programme.change_twinning", twinning),
    }
    return render(request, "programme/fieldwork_twinning_detail.html", context)


@login_required
def twinning_edit(request: HttpRequest, pk: int) -> HttpResponse:
    twinning = selectors.twinning_for_user(
        user=request.user, pk=pk, perm="programme.change_twinning"
    )
    form = TwinningForm(request.POST or None, instance=twinning, programme=twinning.programme)
    detail = reverse("twinning_detail", args=[twinning.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda twinning: fieldwork_services.twinning_save(twinning=twinning, user=user),
        done=lambda saved: detail,
        message=_("The changes were saved."),
        heading=_("Edit the twinning %(twinning)s") % {"twinning": twinning},
        crumbs=[*_twinning_crumbs(twinning), (str(twinning), detail)],
        cancel_url=detail,
    )


@login_required
def twinning_visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    twinning = selectors.twinning_for_user(
        user=request.user, pk=pk, perm="programme.change_twinning"
    )
    form = TwinningVisitForm(request.POST or None, twinning=twinning)
    detail = reverse("twinning_detail", args=[twinning.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda visit: fieldwork_services.twinning_visit_save(visit=visit, user=user),
        done=lambda visit: detail,
        message=_("The exchange visit was recorded."),
        heading=_("New exchange visit"),
        crumbs=[*_twinning_crumbs(twinning), (str(twinning), detail)],
        cancel_url=detail,
    )


@login_required
def twinning_visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.twinning_visit_for_user(
        user=request.user, pk=pk, perm="programme.change_twinning"
    )
    twinning = selectors.twinning_for_user(user=request.user, pk=visit.twinning_id)
    form = TwinningVisitForm(request.POST or None, instance=visit, twinning=twinning)
    detail = reverse("twinning_detail", args=[twinning.pk])
    user = signed_in(request)
    return _form_page(
        request,
        form,
        save=lambda visit: fieldwork_services.twinning_visit_save(visit=visit, user=user),
        done=lambda saved: detail,
        message=_("The changes were saved."),
        heading=_("Edit the exchange visit"),
        crumbs=[*_twinning_crumbs(twinning), (str(twinning), detail)],
        cancel_url=detail,
    )
