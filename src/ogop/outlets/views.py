"""The outlets' pages: each outlet's stock by product and batch, its ledger, goods sent and
received with what differed on arrival, and counts of the shelves."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.forms import add_service_errors
from ogop.core.views import nothing_changed, paginate
from ogop.outlets import selectors, services
from ogop.outlets.forms import (
    CountForm,
    DispatchForm,
    OutletForm,
    ReceiveForm,
    counted_forms,
    dispatch_lines_formset,
    received_lines_forms,
)
from ogop.outlets.models import Dispatch, Outlet
from ogop.outlets.rules import is_outlet_manager


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


def _all_valid(*forms: Any) -> bool:
    """Whether every form is valid, each checked, so that every row shows its errors."""
    invalid = [form for form in forms if not form.is_valid()]
    return not invalid


@login_required
@permission_required("outlets.view_outlet", raise_exception=True)
def outlet_list(request: HttpRequest) -> HttpResponse:
    context = {
        "outlets": selectors.outlet_list(user=request.user),
        "dispatches": selectors.dispatch_list(user=request.user)[:20],
        "can_add": request.user.has_perm("outlets.add_outlet"),
        "can_send": request.user.has_perm("outlets.add_dispatch"),
    }
    return render(request, "outlets/outlet_list.html", context)


def _outlet_form_page(request: HttpRequest, outlet: Outlet | None) -> HttpResponse:
    form = OutletForm(request.POST or None, instance=outlet)
    if outlet is not None:
        form = versioned(form)
    if request.method == "POST" and form.is_valid():
        if outlet is not None and nothing_changed(request, form):
            return redirect(outlet)
        try:
            with unchanged_since_opened(form):
                saved = services.outlet_save(
                    outlet=form.save(commit=False),
                    user=signed_in(request),
                    staff=form.cleaned_data["staff"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(outlet)s was saved.") % {"outlet": saved})
            return redirect(saved)
    context = {"form": form, "outlet": outlet}
    return render(request, "outlets/outlet_form.html", context, status=_status(request))


@login_required
@permission_required("outlets.add_outlet", raise_exception=True)
def outlet_create(request: HttpRequest) -> HttpResponse:
    return _outlet_form_page(request, None)


@login_required
@permission_required("outlets.change_outlet", raise_exception=True)
def outlet_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _outlet_form_page(request, selectors.outlet_for_user(user=request.user, code=code))


@login_required
def outlet_detail(request: HttpRequest, code: str) -> HttpResponse:
    outlet = selectors.outlet_for_user(user=request.user, code=code)
    context = {
        "outlet": outlet,
        "products": selectors.stock_by_product(outlet),
        "stocks": selectors.stock_by_batch(outlet),
        "arriving": selectors.dispatch_list(user=request.user, outlet=outlet).filter(
            destination=outlet, received_on__isnull=True
        ),
        "page": paginate(request, selectors.moves(outlet), per_page=50),
        "can_edit": request.user.has_perm("outlets.change_outlet"),
        "can_count": request.user.has_perm("outlets.count_stock", outlet),
        "can_send": request.user.has_perm("outlets.add_dispatch", outlet),
    }
    return render(request, "outlets/outlet_detail.html", context)


@login_required
@permission_required("outlets.add_dispatch", raise_exception=True)
def dispatch_create(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    initial = {"source": request.GET.get("from", "")}
    form = DispatchForm(
        request.POST or None,
        initial=initial,
        sources=selectors.outlets_sending_for(user),
        from_packing=is_outlet_manager(user),
    )
    lines = dispatch_lines_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        data = form.cleaned_data
        try:
            dispatch = services.dispatch_send(
                source=data["source"],
                destination=data["destination"],
                sent_on=data["sent_on"],
                note=data["note"],
                lines=lines.lines(),
                user=user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Dispatch %(code)s to %(outlet)s was sent.")
                % {"code": dispatch.code, "outlet": dispatch.destination.name},
            )
            return redirect(dispatch.get_absolute_url())
    context = {
        "form": form,
        "lines": lines,
        "at_packing": selectors.batches_at_packing()[:50] if is_outlet_manager(user) else [],
    }
    return render(request, "outlets/dispatch_form.html", context, status=_status(request))


@login_required
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispatch's lines; its receipt, for those who receive at its destination."""
    dispatch = selectors.dispatch_for_user(user=request.user, pk=pk)
    can_receive = not dispatch.received and request.user.has_perm(
        "outlets.receive_dispatch", dispatch
    )
    if request.method == "POST" and not can_receive:
        raise PermissionDenied
    form = ReceiveForm(request.POST or None)
    lines = received_lines_forms(dispatch, request.POST or None)
    if request.method == "POST" and _all_valid(form, *lines):
        received = {
            line.line.pk: (line.cleaned_data["received"], line.cleaned_data["discrepancy"])
            for line in lines
        }
        try:
            services.dispatch_receive(
                dispatch=dispatch,
                received=received,
                received_on=form.cleaned_data["received_on"],
                user=signed_in(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Dispatch %(code)s was received at %(outlet)s.")
                % {"code": dispatch.code, "outlet": dispatch.destination.name},
            )
            return redirect(dispatch.get_absolute_url())
    return _dispatch_page(request, dispatch, can_receive, form, lines)


def _dispatch_page(
    request: HttpRequest, dispatch: Dispatch, can_receive: bool, form: Any, lines: Any
) -> HttpResponse:
    context = {
        "dispatch": dispatch,
        "rows": lines if can_receive else dispatch.lines.select_related("batch__product"),
        "can_receive": can_receive,
        "form": form,
    }
    return render(request, "outlets/dispatch_detail.html", context, status=_status(request))


@login_required
def stock_count(request: HttpRequest, code: str) -> HttpResponse:
    """Count the outlet's shelves: each batch's units as found, differences with a reason."""
    outlet = selectors.outlet_for_user(user=request.user, code=code)
    if not request.user.has_perm("outlets.count_stock", outlet):
        raise PermissionDenied
    form = CountForm(request.POST or None)
    rows = counted_forms(selectors.stock_by_batch(outlet), request.POST or None)
    if request.method == "POST" and _all_valid(form, *rows):
        try:
            adjusted = services.stock_count(
                outlet=outlet,
                counted={row.stock.batch: row.cleaned_data["counted"] for row in rows},
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                user=signed_in(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "The count was recorded: %(count)s batch adjusted.",
                    "The count was recorded: %(count)s batches adjusted.",
                    len(adjusted),
                )
                % {"count": len(adjusted)},
            )
            return redirect(outlet.get_absolute_url())
    context = {"outlet": outlet, "form": form, "rows": rows}
    return render(request, "outlets/stock_count.html", context, status=_status(request))
