"""Pages of a programme's results framework: read by programme and partner officers, changed
by programme officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import show_if_stale, unchanged_since_opened, versioned
from ogop.core.forms import add_service_errors
from ogop.core.views import nothing_changed
from ogop.programme.models import Programme
from ogop.programme.selectors import programme_for_user
from ogop.results import selectors, services
from ogop.results.forms import IndicatorForm, PeriodForm, ResultForm, disaggregation_formset
from ogop.results.framework import (
    DEFINITIONS,
    framework_sections,
    period_label,
    progress_chart,
)
from ogop.results.indicator_rows import indicator_row
from ogop.results.models import Indicator, Period, Result
from ogop.results.selectors import CHANGE, VIEW


def _framework_url(programme: Programme, anchor: str = "") -> str:
    url = reverse("results_framework", args=[programme.pk])
    return f"{url}#{anchor}" if anchor else url


def _indicator_url(indicator: Indicator) -> str:
    return reverse("indicator_detail", args=[indicator.result.programme_id, indicator.pk])


@login_required
def results_framework(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(user=request.user, pk=pk, perm=VIEW)
    context = {
        "programme": programme,
        "sections": framework_sections(programme),
        "can_change": request.user.has_perm(CHANGE, programme),
    }
    return render(request, "results/framework.html", context)


# Results --------------------------------------------------------------------------------------


def _result_page(request: HttpRequest, programme: Programme, result: Result | None) -> HttpResponse:
    form = versioned(ResultForm(request.POST or None, instance=result, programme=programme))
    if request.method == "POST" and form.is_valid():
        if result is not None and nothing_changed(request, form):
            return redirect(_framework_url(programme, f"result-{result.pk}"))
        try:
            with unchanged_since_opened(form):
                saved = services.result_save(
                    result=form.save(commit=False), user=signed_in(request)
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The result “%(title)s” was saved.") % {"title": saved})
            return redirect(_framework_url(programme, f"result-{saved.pk}"))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "programme": programme, "result": result}
    return render(request, "results/result_form.html", context, status=status)


@login_required
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(user=request.user, pk=pk, perm=CHANGE)
    return _result_page(request, programme, None)


@login_required
def result_edit(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    result = selectors.result_for_user(
        user=request.user, programme_pk=pk, pk=result_pk, perm=CHANGE
    )
    return _result_page(request, result.programme, result)


# Indicators -----------------------------------------------------------------------------------


def _indicator_page(
    request: HttpRequest, result: Result, indicator: Indicator | None
) -> HttpResponse:
    form = versioned(IndicatorForm(request.POST or None, instance=indicator, result=result))
    if request.method == "POST" and form.is_valid():
        if indicator is not None and nothing_changed(request, form):
            return redirect(_indicator_url(indicator))
        try:
            with unchanged_since_opened(form):
                saved = services.indicator_save(
                    indicator=form.save(commit=False), user=signed_in(request)
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator “%(title)s” was saved.") % {"title": saved})
            return redirect(_indicator_url(saved))
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "programme": result.programme,
        "result": result,
        "indicator": indicator,
    }
    return render(request, "results/indicator_form.html", context, status=status)


@login_required
def indicator_create(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    result = selectors.result_for_user(
        user=request.user, programme_pk=pk, pk=result_pk, perm=CHANGE
    )
    return _indicator_page(request, result, None)


@login_required
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = selectors.indicator_for_user(
        user=request.user, programme_pk=pk, pk=indicator_pk, perm=CHANGE
    )
    return _indicator_page(request, indicator.result, indicator)


@login_required
def indicator_detail(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = selectors.indicator_for_user(user=request.user, programme_pk=pk, pk=indicator_pk)
    programme = indicator.result.programme
    row = indicator_row(indicator)
    context = {
        "programme": programme,
        "indicator": row.indicator,
        "row": row,
        "chart": progress_chart(row),
        "definition": DEFINITIONS.get(indicator.computation, ""),
        "history": selectors.indicator_history(indicator),
        "can_change": request.user.has_perm(CHANGE, programme),
    }
    return render(request, "results/indicator_detail.html", context)


# Periods --------------------------------------------------------------------------------------


def _period_page(request: HttpRequest, indicator: Indicator, period: Period | None) -> HttpResponse:
    form = PeriodForm(request.POST or None, instance=period, indicator=indicator)
    breakdown = disaggregation_formset(
        request.POST or None, period=form.instance, indicator=indicator
    )
    versioned(form, children=[breakdown])
    if request.method == "POST" and form.is_valid() and (breakdown is None or breakdown.is_valid()):
        sent = [form] if breakdown is None else [form, breakdown]
        if period is not None and nothing_changed(request, *sent):
            return redirect(_indicator_url(indicator))
        rows = breakdown.save(commit=False) if breakdown is not None else []
        removed = breakdown.deleted_objects if breakdown is not None else []
        try:
            with unchanged_since_opened(form):
                saved = services.period_save(
                    period=form.save(commit=False),
                    disaggregations=rows,
                    removed=removed,
                    user=signed_in(request),
                )
        except ValidationError as error:
            if period is None:  # rolled back: still a new period
                form.instance.pk = None
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The period %(period)s was saved.") % {"period": period_label(saved)}
            )
            return redirect(_indicator_url(indicator))
    show_if_stale(form)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "breakdown": breakdown,
        "programme": indicator.result.programme,
        "indicator": indicator,
        "period": period,
    }
    return render(request, "results/period_form.html", context, status=status)


@login_required
def period_create(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = selectors.indicator_for_user(
        user=request.user, programme_pk=pk, pk=indicator_pk, perm=CHANGE
    )
    return _period_page(request, indicator, None)


@login_required
def period_edit(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = selectors.period_for_user(
        user=request.user, programme_pk=pk, pk=period_pk, perm=CHANGE
    )
    return _period_page(request, period.indicator, period)
