"""Staff pages of the programme: the programme, its components, activities and plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import save_unless_stale, show_if_stale, versioned
from ogop.core.forms import add_service_errors
from ogop.core.history import history_entries
from ogop.core.views import nothing_changed, paginate, render_page_or_partial, suggest_query
from ogop.products.selectors import product_list
from ogop.programme import selectors, services
from ogop.programme.forms.plan import (
    ActivityFilterForm,
    ActivityForm,
    BudgetFormSet,
    ComponentForm,
    ParticipationFormSet,
    PlanFilterForm,
    ProgrammeForm,
    SectorFormSet,
)
from ogop.programme.gantt import timeline, year_label
from ogop.programme.models import Activity, Component, Programme
from ogop.programme.views.pages import VIEW, form_status, programme_context

# Programmes ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def programme_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.programme_list())
    return render_page_or_partial(
        request,
        "programme/programme_list.html",
        "programme/partials/_programme_table.html",
        {"page": page},
    )


@login_required
@permission_required("programme.add_programme", raise_exception=True)
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                programme=form.save(commit=False), user=signed_in(request)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The programme %(title)s was created.") % {"title": programme}
            )
            return redirect(programme)
    return render(
        request, "programme/programme_form.html", {"form": form}, status=form_status(request)
    )


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_programme"
    )
    data = request.POST or None
    form = ProgrammeForm(data, instance=programme)
    participations = ParticipationFormSet(data, instance=programme, prefix="participations")
    sectors = SectorFormSet(data, instance=programme, prefix="sectors")
    versioned(form, children=[participations, sectors])
    if (
        request.method == "POST"
        and form.is_valid()
        and participations.is_valid()
        and sectors.is_valid()
    ):
        if nothing_changed(request, form, participations, sectors):
            return redirect(programme)
        rows = [*participations.save(commit=False), *sectors.save(commit=False)]
        removed = [*participations.deleted_objects, *sectors.deleted_objects]

        def save() -> Programme:
            return services.programme_update(
                programme=form.save(commit=False),
                rows=rows,
                removed=removed,
                user=signed_in(request),
            )

        if saved := save_unless_stale(form, save):
            messages.success(request, _("The changes were saved."))
            return redirect(saved)
    show_if_stale(form)
    context = {
        "form": form,
        "programme": programme,
        "participations": participations,
        "sectors": sectors,
    }
    return render(request, "programme/programme_form.html", context, status=form_status(request))


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk)
    lines, year_totals, budget_total = selectors.component_lines(programme)
    context = {
        **programme_context(programme, request.user, "overview"),
        "participations": programme.participations.select_related("organisation"),
        "sectors": programme.sectors.all(),
        "years": [year_label(year) for year in programme.years],
        "lines": lines,
        "year_totals": year_totals,
        "budget_total": budget_total,
        "history": history_entries(programme),
    }
    return render(request, "programme/programme_detail.html", context)


# Components ---------------------------------------------------------------------------------


@login_required
def component_edit(request: HttpRequest, pk: int) -> HttpResponse:
    component = selectors.component_for_user(user=request.user, pk=pk, perm="programme.change_plan")
    data = request.POST or None
    form = ComponentForm(data, instance=component)
    budgets = BudgetFormSet(data, instance=component, prefix="budgets")
    versioned(form, children=[budgets])
    if request.method == "POST" and form.is_valid() and budgets.is_valid():
        if nothing_changed(request, form, budgets):
            return redirect(component.programme)
        rows, removed = budgets.save(commit=False), budgets.deleted_objects

        def save() -> Component:
            return services.component_update(
                component=form.save(commit=False),
                budgets=rows,
                removed=removed,
                user=signed_in(request),
            )

        if save_unless_stale(form, save):
            messages.success(request, _("The changes were saved."))
            return redirect(component.programme)
    show_if_stale(form)
    context = {
        "form": form,
        "budgets": budgets,
        "component": component,
        "programme": component.programme,
        "history": history_entries(component),
    }
    return render(request, "programme/component_form.html", context, status=form_status(request))


# Activities ---------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk)
    filters = ActivityFilterForm(request.GET or None, programme=programme)
    activities = selectors.activity_list(programme=programme, **filters.selector_args())
    page = paginate(request, activities)
    today = timezone.localdate()
    context = {
        **programme_context(programme, request.user, "activities"),
        "filters": filters,
        "page": page,
        "late": {activity.pk for activity in page if activity.is_late(today)},
    }
    return render_page_or_partial(
        request,
        "programme/activity_list.html",
        "programme/partials/_activity_table.html",
        context,
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for_user(user=request.user, pk=pk)
    programme = activity.component.programme
    context = {
        **programme_context(programme, request.user, "activities"),
        "activity": activity,
        "late": activity.is_late(timezone.localdate()),
        "groups": activity.producer_groups.select_related("area").order_by("code"),
        "products": activity.products.order_by("code"),
        "history": history_entries(activity),
    }
    return render(request, "programme/activity_detail.html", context)


def _activity_form_page(
    request: HttpRequest, programme: Programme, activity: Activity | None
) -> HttpResponse:
    form = versioned(ActivityForm(request.POST or None, instance=activity, programme=programme))
    if request.method == "POST" and form.is_valid():
        if activity is not None and nothing_changed(request, form):
            return redirect(activity)

        def save() -> Activity:
            return services.activity_save(
                activity=form.save(commit=False),
                producer_groups=form.cleaned_data["producer_groups"],
                products=form.cleaned_data["products"],
                user=signed_in(request),
            )

        if saved := save_unless_stale(form, save):
            messages.success(request, _("The activity %(title)s was saved.") % {"title": saved})
            return redirect(saved)
    context = {"form": form, "programme": programme, "activity": activity}
    return render(request, "programme/activity_form.html", context, status=form_status(request))


@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk, perm="programme.change_plan")
    return _activity_form_page(request, programme, None)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for_user(user=request.user, pk=pk, perm="programme.change_plan")
    return _activity_form_page(request, activity.component.programme, activity)


@login_required
@permission_required("programme.change_plan", raise_exception=True)
def activity_product_suggest(request: HttpRequest) -> HttpResponse:
    """Products by code or name, for the products an activity serves."""
    q = suggest_query(request)
    products = product_list(user=request.user, q=q)[:20] if q else []
    options = [(p.code, f"{p.name} — {p.producer_group.name}") for p in products]
    return render(request, "core/_options.html", {"options": options})


# The plan -----------------------------------------------------------------------------------


@login_required
def programme_plan(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk)
    filters = PlanFilterForm(request.GET or None, programme=programme)
    args = filters.selector_args()
    first, last = programme.period
    if year := args.get("year"):
        first = max(first, first.replace(year=year, month=1, day=1))
        last = min(last, last.replace(year=year, month=12, day=31))
    activities = selectors.plan_activities(programme=programme, **args)
    gantt = timeline(activities, first=first, last=last, today=timezone.localdate())
    context = {
        **programme_context(programme, request.user, "plan"),
        "filters": filters,
        "gantt": gantt,
    }
    return render(request, "programme/plan.html", context)
