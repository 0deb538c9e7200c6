"""Staff pages of the programme's work in the field: missions and their reports, deliveries
and visits, promotion, business plans, twinning.

Personal data is shown to programme and partner officers only; an expert or volunteer sees
their own missions, a producer their own groups' deliveries and plans.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.history import history_entries
from ogop.core.views import paginate, render_page_or_partial
from ogop.products.selectors import product_for_user
from ogop.programme import fieldwork_selectors as selectors
from ogop.programme import fieldwork_services, services
from ogop.programme import selectors as plan_selectors
from ogop.programme.forms.fieldwork import (
    BusinessPlanForm,
    DeliveryFilterForm,
    DeliveryForm,
    DeliveryVisitForm,
    MissionForm,
    MissionReportForm,
    PromotionItemForm,
    TwinningForm,
    TwinningVisitForm,
)
from ogop.programme.models import Programme
from ogop.programme.views.pages import Crumbs, fieldwork_crumbs, form_page

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
    return form_page(
        request,
        form,
        save=lambda mission: fieldwork_services.mission_save(mission=mission, user=user),
        done=lambda mission: reverse("mission_detail", args=[mission.pk]),
        message=_("The mission was recorded."),
        heading=_("New mission"),
        crumbs=fieldwork_crumbs(programme, (_("Missions"), back)),
        cancel_url=back,
    )


def _mission_crumbs(request: HttpRequest, mission: Any) -> Crumbs:
    """Officers go back through the programme; an expert through their own missions."""
    programme = mission.activity.programme if mission.activity else None
    if programme is not None and request.user.has_perm("programme.view_programme", programme):
        return fieldwork_crumbs(
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
    return form_page(
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
    return form_page(
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
    return form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda delivery: back,
        message=_("The delivery was recorded."),
        heading=_("New delivery"),
        crumbs=fieldwork_crumbs(programme, (_("Deliveries"), back)),
        cancel_url=back,
    )


def _delivery_programme(delivery: Any) -> Programme:
    if delivery.activity is None:
        raise PermissionDenied  # only deliveries of a programme are changed here
    return delivery.activity.programme  # type: ignore[no-any-return]  # a chain of relations, untyped


@login_required
def delivery_edit(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_for_user(
        user=request.user, pk=pk, perm="programme.change_delivery"
    )
    programme = _delivery_programme(delivery)
    form = DeliveryForm(request.POST or None, instance=delivery, programme=programme)
    back = reverse("programme_deliveries", args=[programme.pk])
    user = signed_in(request)
    return form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda saved: back,
        message=_("The changes were saved."),
        heading=_("Edit the delivery of %(item)s") % {"item": delivery.item},
        crumbs=fieldwork_crumbs(programme, (_("Deliveries"), back)),
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
    return form_page(
        request,
        form,
        save=lambda delivery: fieldwork_services.delivery_save(delivery=delivery, user=user),
        done=lambda saved: back,
        message=_("The visit was recorded."),
        heading=_("Record a visit: %(item)s at %(group)s")
        % {"item": delivery.item, "group": delivery.producer_group},
        crumbs=fieldwork_crumbs(programme, (_("Deliveries"), back)),
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
    return form_page(
        request,
        form,
        save=lambda item: fieldwork_services.promotion_item_save(item=item, user=user),
        done=lambda item: back,
        message=_("The promotion item was recorded."),
        heading=_("New promotion item"),
        crumbs=fieldwork_crumbs(programme, (_("Promotion"), back)),
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
    return form_page(
        request,
        form,
        save=lambda item: fieldwork_services.promotion_item_save(item=item, user=user),
        done=lambda saved: back,
        message=_("The changes were saved."),
        heading=_("Edit %(title)s") % {"title": item.title},
        crumbs=fieldwork_crumbs(programme, (_("Promotion"), back)),
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
    return form_page(
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
    return form_page(
        request,
        form,
        save=lambda twinning: fieldwork_services.twinning_save(twinning=twinning, user=user),
        done=lambda twinning: reverse("twinning_detail", args=[twinning.pk]),
        message=_("The twinning was recorded."),
        heading=_("New twinning"),
        crumbs=fieldwork_crumbs(programme, (_("Twinning"), back)),
        cancel_url=back,
    )


def _twinning_crumbs(twinning: Any) -> Crumbs:
    if twinning.programme is None:
        return []
    return fieldwork_crumbs(
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
    return form_page(
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
    return form_page(
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
    return form_page(
        request,
        form,
        save=lambda visit: fieldwork_services.twinning_visit_save(visit=visit, user=user),
        done=lambda saved: detail,
        message=_("The changes were saved."),
        heading=_("Edit the exchange visit"),
        crumbs=[*_twinning_crumbs(twinning), (str(twinning), detail)],
        cancel_url=detail,
    )
