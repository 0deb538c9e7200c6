"""The buying and packing pages: purchases and what each group is owed, payments, and batches
with their labels (the public page a label's QR code opens is the catalog's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.forms import add_service_errors
from ogop.core.views import paginate
from ogop.products.forms import LabelForm
from ogop.products.labels import label_pdf
from ogop.supply import selectors, services
from ogop.supply.forms import (
    BatchForm,
    PaymentForm,
    PurchaseForm,
    RecallForm,
    ReceiptForm,
    batch_inputs_formset,
)
from ogop.supply.models import Batch
from ogop.supply.receipt import receipt_html, receipt_language, receipt_pdf


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


@login_required
@permission_required("supply.view_purchase", raise_exception=True)
def purchase_list(request: HttpRequest) -> HttpResponse:
    """What was bought, newest first, with what each group is still owed."""
    purchases = selectors.purchase_list(user=request.user)
    owed = selectors.owed_by_group(user=request.user)
    context = {
        "page": paginate(request, purchases),
        "owed": owed,
        "can_buy": request.user.has_perm("supply.add_purchase"),
    }
    return render(request, "supply/purchase_list.html", context)


@login_required
@permission_required("supply.add_purchase", raise_exception=True)
def purchase_create(request: HttpRequest) -> HttpResponse:
    form = PurchaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            purchase, _made = services.purchase_record(
                group=data["group"],
                bought_on=data["bought_on"],
                product=data["product"],
                material=data["material"],
                grade=data["grade"],
                quantity=data["quantity"],
                unit=data["unit"],
                unit_price=data["unit_price"],
                currency=data["currency"],
                note=data["note"],
                user=signed_in(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The purchase was recorded: lot %(lot)s.") % {"lot": purchase.lot.code},
            )
            return redirect(purchase.get_absolute_url())
    return render(request, "supply/purchase_form.html", {"form": form}, status=_status(request))


@login_required
def purchase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    purchase = selectors.purchase_for_user(user=request.user, pk=pk)
    batches = Batch.objects.filter(inputs__lot__purchase=purchase).select_related("product")
    return render(
        request, "supply/purchase_detail.html", {"purchase": purchase, "batches": batches}
    )


@login_required
@permission_required("supply.view_purchase", raise_exception=True)
def group_account(request: HttpRequest, code: str) -> HttpResponse:
    """A group's purchases and payments, and what it is owed; buyers record a payment here."""
    group = selectors.group_for_user(user=request.user, code=code)
    form = PaymentForm(request.POST or None)
    can_pay = request.user.has_perm("supply.add_payment")
    if request.method == "POST":
        if not can_pay:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.payment_record(group=group, user=signed_in(request), **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The payment of %(amount)s %(currency)s to %(group)s was recorded.")
                    % {
                        "amount": formats.number_format(data["amount"], 2, force_grouping=True),
                        "currency": data["currency"],
                        "group": group,
                    },
                )
                return redirect("group_account", code=group.code)
    context = {
        "group": group,
        "balances": selectors.group_balances(group),
        "purchases": selectors.purchase_list(user=request.user, group=group)[:100],
        "payments": selectors.payment_list(user=request.user, group=group)[:100],
        "form": form,
        "can_pay": can_pay,
    }
    return render(request, "supply/group_account.html", context, status=_status(request))


@login_required
@permission_required("supply.view_payment", raise_exception=True)
def payment_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """A payment's receipt for its group, in the language chosen (the group's by default),
    to print or to download as a PDF."""
    payment = selectors.payment_for_user(user=request.user, pk=pk)
    form = ReceiptForm(request.GET, default=receipt_language(payment.group))
    language = form.chosen()
    context = {
        "payment": payment,
        "form": form,
        "language": language,
        "receipt": receipt_html(selectors.payment_receipt(payment), language),
    }
    return render(request, "supply/payment_receipt.html", context)


@login_required
@permission_required("supply.view_payment", raise_exception=True)
def payment_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    payment = selectors.payment_for_user(user=request.user, pk=pk)
    language = ReceiptForm(request.GET, default=receipt_language(payment.group)).chosen()
    data = receipt_pdf(selectors.payment_receipt(payment), language)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"receipt-{payment.receipt_number}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@permission_required("supply.view_batch", raise_exception=True)
def batch_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page": paginate(request, selectors.batch_list(user=request.user)),
        "lots": selectors.lots_with_stock()[:50],
        "can_pack": request.user.has_perm("supply.add_batch"),
    }
    return render(request, "supply/batch_list.html", context)


@login_required
@permission_required("supply.add_batch", raise_exception=True)
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None)
    inputs = batch_inputs_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and inputs.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_pack(
                product=data["product"],
                code=data["code"],
                produced_on=data["produced_on"],
                best_before=data["best_before"],
                quantity=data["quantity"],
                inputs=inputs.inputs(),
                user=signed_in(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Batch %(code)s was packed.") % {"code": batch.code})
            return redirect(batch.get_absolute_url())
    context = {"form": form, "inputs": inputs, "lots": selectors.lots_with_stock()[:50]}
    return render(request, "supply/batch_form.html", context, status=_status(request))


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_for_user(user=request.user, pk=pk, perm="supply.view_batch")
    return _batch_page(request, batch, RecallForm())


def _batch_page(
    request: HttpRequest, batch: Batch, recall_form: RecallForm, status: int = 200
) -> HttpResponse:
    context = {
        "batch": batch,
        "origins": selectors.batch_origins(batch),
        "trace_url": request.build_absolute_uri(batch.trace_path()),
        "traceable": selectors.is_traceable(batch),
        "can_recall": request.user.has_perm("supply.recall_batch") and not batch.recalled,
        "recall_form": recall_form,
        "label_form": LabelForm(),
    }
    return render(request, "supply/batch_detail.html", context, status=status)


@login_required
@require_POST
def batch_recall(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_for_user(user=request.user, pk=pk, perm="supply.recall_batch")
    form = RecallForm(request.POST)
    if form.is_valid():
        try:
            services.batch_recall(
                batch=batch, reason=form.cleaned_data["recall_reason"], user=signed_in(request)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Batch %(code)s is recalled.") % {"code": batch.code})
            return redirect(batch.get_absolute_url())
    return _batch_page(request, batch, form, status=422)


@login_required
def batch_label(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's labels as a PDF: the product's label with the batch, its dates, and a QR
    code of the batch's public page."""
    batch = selectors.batch_for_user(user=request.user, pk=pk, perm="supply.add_batch")
    options = LabelForm(request.GET).options()
    address = request.build_absolute_uri(batch.trace_path())
    data = label_pdf(
        product=batch.product,
        address=address,
        batch=batch_lines(batch, options["language"]),
        **options,
    )
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"label-{batch.product.code}-{batch.code}-{options['language']}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def batch_lines(batch: Batch, language: str) -> list[str]:
    """What a label says of the batch, in the label's language."""
    with translation.override(language):
        lines = [
            _("Batch %(code)s") % {"code": batch.code},
            _("Packed %(day)s") % {"day": formats.date_format(batch.produced_on)},
        ]
        if batch.best_before:
            lines.append(_("Best before %(day)s") % {"day": formats.date_format(batch.best_before)})
    return lines
