"""Staff pages of the programme: the programme, its components, activities, plan and money."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.views import signed_in
from ogop.core.charts import COLOURS, Chart, Item, bar_chart, column_chart
from ogop.core.concurrency import (
    save_unless_stale,
    show_if_stale,
    unchanged_since_opened,
    versioned,
)
from ogop.core.forms import add_service_errors
from ogop.core.history import history_entries
from ogop.core.money import format_money
from ogop.core.thai import format_date, localise_digits
from ogop.core.views import nothing_changed, paginate, render_page_or_partial, suggest_query
from ogop.products.selectors import product_list
from ogop.programme import selectors, services
from ogop.programme.forms import (
    ActivityFilterForm,
    ActivityForm,
    BudgetFormSet,
    ComponentForm,
    ExchangeRateFilterForm,
    ExchangeRateForm,
    ParticipationFormSet,
    PlanFilterForm,
    ProgrammeForm,
    SectorFormSet,
    TransactionFilterForm,
    TransactionForm,
)
from ogop.programme.gantt import timeline, year_label
from ogop.programme.models import Activity, Component, Programme, Transaction
from ogop.programme.selectors import MoneySummary

VIEW = "programme.view_programme"


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


def _programme_context(programme: Programme, user: Any, tab: str) -> dict[str, Any]:
    """What the programme's tabs need on every page of it."""
    return {
        "programme": programme,
        "tab": tab,
        "can_change": user.has_perm("programme.change_programme", programme),
        "can_plan": user.has_perm("programme.change_plan", programme),
        "can_see_money": user.has_perm("programme.view_money", programme),
        "can_change_money": user.has_perm("programme.change_money", programme),
    }


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
    return render(request, "programme/programme_form.html", {"form": form}, status=_status(request))


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
    return render(request, "programme/programme_form.html", context, status=_status(request))


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk)
    lines, year_totals, budget_total = selectors.component_lines(programme)
    context = {
        **_programme_context(programme, request.user, "overview"),
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
    return render(request, "programme/component_form.html", context, status=_status(request))


# Activities ---------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk)
    filters = ActivityFilterForm(request.GET or None, programme=programme)
    activities = selectors.activity_list(programme=programme, **filters.selector_args())
    page = paginate(request, activities)
    today = timezone.localdate()
    context = {
        **_programme_context(programme, request.user, "activities"),
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
        **_programme_context(programme, request.user, "activities"),
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
    return render(request, "programme/activity_form.html", context, status=_status(request))


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
        **_programme_context(programme, request.user, "plan"),
        "filters": filters,
        "gantt": gantt,
    }
    return render(request, "programme/plan.html", context)


# Money --------------------------------------------------------------------------------------


def money_charts(summary: MoneySummary) -> tuple[Chart, Chart]:
    """Spent against budget (the marker): by component, and by year."""
    currency = summary.currency
    by_component = bar_chart(
        _("Spent against budget, by component"),
        [
            Item(
                row.label,
                row.total.spent,
                format_money(row.total.spent, currency),
                colour=COLOURS[1],
                target=row.total.budget,
                target_text=format_money(row.total.budget, currency),
            )
            for row in summary.rows
        ],
        empty_text=_("No budget or spending yet."),
        label_heading=_("Component"),
        value_heading=_("Spent"),
        target_heading=_("Budget"),
    )
    by_year = column_chart(
        _("Spent against budget, by year"),
        [
            Item(
                year_label(year),
                cell.spent,
                format_money(cell.spent, currency),
                colour=COLOURS[1],
                target=cell.budget,
                target_text=format_money(cell.budget, currency),
            )
            for year, cell in zip(summary.years, summary.year_totals, strict=True)
        ],
        empty_text=_("No budget or spending yet."),
        label_heading=_("Year"),
        value_heading=_("Spent"),
        target_heading=_("Budget"),
    )
    return by_component, by_year


@login_required
def programme_money(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk, perm="programme.view_money")
    summary = selectors.programme_money(programme, unassigned_label=_("Not given to a component"))
    by_component, by_year = money_charts(summary)
    years = [year_label(year) for year in summary.years]
    context = {
        **_programme_context(programme, request.user, "money"),
        "summary": summary,
        "years": years,
        "year_rows": list(zip(years, summary.year_totals, strict=True)),
        "by_component": by_component,
        "by_year": by_year,
    }
    return render(request, "programme/money.html", context)


@login_required
def transaction_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(user=request.user, pk=pk, perm="programme.view_money")
    filters = TransactionFilterForm(request.GET or None, programme=programme)
    txns = selectors.transaction_list(programme=programme, **filters.selector_args())
    page = paginate(request, txns)
    for txn in page:
        txn.rate_text = rate_text(txn.rate)  # type: ignore[attr-defined]
    context = {
        **_programme_context(programme, request.user, "transactions"),
        "filters": filters,
        "page": page,
    }
    return render_page_or_partial(
        request,
        "programme/transaction_list.html",
        "programme/partials/_transaction_table.html",
        context,
    )


def rate_text(rate: Decimal) -> str:
    """A rate without its trailing zeros: 33.5, not 33.50000000."""
    return localise_digits(format(rate.normalize(), "f"))


def _transaction_form_page(
    request: HttpRequest, programme: Programme, txn: Transaction | None
) -> HttpResponse:
    form = versioned(TransactionForm(request.POST or None, instance=txn, programme=programme))
    if request.method == "POST" and form.is_valid():
        if txn is not None and nothing_changed(request, form):
            return redirect("transaction_list", programme.pk)
        try:
            with unchanged_since_opened(form):
                saved = services.transaction_record(
                    txn=form.save(commit=False), user=signed_in(request)
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The transaction was recorded: %(amount)s.")
                % {"amount": format_money(saved.amount_in_programme_currency, programme.currency)},
            )
            return redirect("transaction_list", programme.pk)
    context = {"form": form, "programme": programme, "txn": txn}
    return render(request, "programme/transaction_form.html", context, status=_status(request))


@login_required
def transaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_user(
        user=request.user, pk=pk, perm="programme.change_money"
    )
    return _transaction_form_page(request, programme, None)


@login_required
def transaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    txn = selectors.transaction_for_user(user=request.user, pk=pk, perm="programme.change_money")
    return _transaction_form_page(request, txn.programme, txn)


@login_required
@permission_required("programme.view_money", raise_exception=True)
def exchange_rate_list(request: HttpRequest) -> HttpResponse:
    filters = ExchangeRateFilterForm(request.GET or None)
    page = paginate(request, selectors.exchange_rate_list(**filters.selector_args()))
    for rate in page:
        rate.rate_text = rate_text(rate.rate)  # type: ignore[attr-defined]
    context = {"filters": filters, "page": page}
    return render_page_or_partial(
        request,
        "programme/exchange_rate_list.html",
        "programme/partials/_exchange_rate_table.html",
        context,
    )


@login_required
@permission_required("programme.change_money", raise_exception=True)
def exchange_rate_create(request: HttpRequest) -> HttpResponse:
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rate = services.exchange_rate_create(rate=form.save(commit=False), user=signed_in(request))
        messages.success(
            request,
            _("The rate from %(currency)s to %(quote)s as of %(day)s was added.")
            % {"currency": rate.currency, "quote": rate.quote, "day": format_date(rate.valid_from)},
        )
        return redirect("exchange_rate_list")
    return render(
        request, "programme/exchange_rate_form.html", {"form": form}, status=_status(request)
    )
