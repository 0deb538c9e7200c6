"""Staff pages of the programme's money: spending against budget, transactions, exchange rates."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.charts import COLOURS, Chart, Item, bar_chart, column_chart
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.forms import add_service_errors
from ogop.core.money import format_money
from ogop.core.thai import format_date, localise_digits
from ogop.core.views import nothing_changed, paginate, render_page_or_partial
from ogop.programme import selectors, services
from ogop.programme.forms.money import (
    ExchangeRateFilterForm,
    ExchangeRateForm,
    TransactionFilterForm,
    TransactionForm,
)
from ogop.programme.gantt import year_label
from ogop.programme.models import Programme, Transaction
from ogop.programme.selectors import MoneySummary
from ogop.programme.views.pages import form_status, programme_context

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
        **programme_context(programme, request.user, "money"),
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
        txn.rate_text = rate_text(txn.rate)  # type: ignore[attr-defined]  # an attribute set for the template
    context = {
        **programme_context(programme, request.user, "transactions"),
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
    return render(request, "programme/transaction_form.html", context, status=form_status(request))


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
        rate.rate_text = rate_text(rate.rate)  # type: ignore[attr-defined]  # an attribute set for the template
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
        request, "programme/exchange_rate_form.html", {"form": form}, status=form_status(request)
    )
