"""Pages of the fairs: set-up, the counter (its sales go to fairs.api), receipts, voids and
leads (the fair report is in reports)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.amount_words import thai_amount
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.money import Currency
from ogop.core.views import nothing_changed, paginate, render_page_or_partial, suggest_query
from ogop.fairs import offline, payment_qr, selectors, services
from ogop.fairs.forms import (
    BoothForm,
    BuyerLeadForm,
    ExhibitForm,
    FairForm,
    LeadFilterForm,
    RestockForm,
    SaleFilterForm,
    VoidForm,
)
from ogop.fairs.models import Booth, BuyerLead, Fair, PaymentMethod

# Fairs ------------------------------------------------------------------------------------


@login_required
@permission_required("fairs.view_fair", raise_exception=True)
def fair_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.fair_list_for_user(request.user))
    return render_page_or_partial(
        request, "fairs/fair_list.html", "fairs/partials/_fair_table.html", {"page": page}
    )


@login_required
def fair_detail(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    user = request.user
    booths = selectors.booth_list(user=user, fair=fair)
    context = {
        "fair": fair,
        "payment_qr": payment_qr.for_fair(fair),
        "no_qr_reason": payment_qr.why_none(fair),
        "booths": booths,
        "sellable": {b.pk for b in booths if user.has_perm("fairs.add_sale", b)},
        "can_change": user.has_perm("fairs.change_fair", fair),
        "can_add_booth": user.has_perm("fairs.add_booth", fair),
        "can_see_leads": user.has_perm("fairs.view_buyerlead", None),
        "can_see_report": user.has_perm("fairs.view_report", fair),
        "conflict_count": selectors.sale_conflicts(fair).count()
        if user.has_perm("fairs.void_sale", None)
        else 0,
    }
    return render(request, "fairs/fair_detail.html", context)


@login_required
@permission_required("fairs.add_fair", raise_exception=True)
def fair_create(request: HttpRequest) -> HttpResponse:
    form = FairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fair = services.fair_save(fair=form.save(commit=False), user=signed_in(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The fair %(name)s was created.") % {"name": fair})
            return redirect(fair)
    status = 422 if request.method == "POST" else 200
    return render(request, "fairs/fair_form.html", {"form": form}, status=status)


@login_required
def fair_edit(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.change_fair")
    form = versioned(FairForm(request.POST or None, instance=fair))
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect(fair)
        try:
            with unchanged_since_opened(form):
                services.fair_save(fair=form.save(commit=False), user=signed_in(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(fair)
    status = 422 if request.method == "POST" else 200
    return render(request, "fairs/fair_form.html", {"form": form, "fair": fair}, status=status)


# Booths and exhibits ----------------------------------------------------------------------


def _booth_form_page(request: HttpRequest, fair: Fair, booth: Booth | None) -> HttpResponse:
    form = versioned(BoothForm(request.POST or None, instance=booth, fair=fair))
    if request.method == "POST" and form.is_valid():
        if booth is not None and nothing_changed(request, form):
            return redirect(booth)
        try:
            with unchanged_since_opened(form):
                saved = services.booth_save(
                    booth=form.save(commit=False),
                    producer_groups=form.cleaned_data["producer_groups"],
                    cashiers=form.cleaned_data["cashiers"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The booth %(booth)s was saved.") % {"booth": saved})
            return redirect(saved)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "fair": fair, "booth": booth}
    return render(request, "fairs/booth_form.html", context, status=status)


@login_required
def fair_booth_create(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.add_booth")
    return _booth_form_page(request, fair, None)


@login_required
def fair_booth_edit(request: HttpRequest, code: str, booth: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(
        user=request.user, fair=fair, code=booth, perm="fairs.change_booth"
    )
    return _booth_form_page(request, fair, found)


@login_required
def fair_booth_detail(request: HttpRequest, code: str, booth: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(user=request.user, fair=fair, code=booth)
    exhibits = selectors.exhibit_list(user=request.user, fair=fair, booth=found)
    context = {
        "fair": fair,
        "booth": found,
        "exhibits": exhibits,
        "groups": found.producer_groups.order_by("name_en"),
        "cashiers": found.cashiers.order_by("username"),
        "can_change": request.user.has_perm("fairs.change_booth", found),
        "can_sell": request.user.has_perm("fairs.add_sale", found),
        "can_restock": request.user.has_perm("fairs.add_restock", found),
    }
    return render(request, "fairs/booth_detail.html", context)


@login_required
def fair_exhibit_create(request: HttpRequest, code: str, booth: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(
        user=request.user, fair=fair, code=booth, perm="fairs.add_exhibit"
    )
    form = ExhibitForm(request.POST or None, booth=found)
    if request.method == "POST" and form.is_valid():
        try:
            exhibit = services.exhibit_create(
                booth=found,
                product=form.cleaned_data["product"],
                fair_price=form.cleaned_data["fair_price"],
                min_price=form.cleaned_data["min_price"],
                opening_stock=form.cleaned_data["opening_stock"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(product)s is exhibited.") % {"product": exhibit.product})
            return redirect(found)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "fair": fair, "booth": found}
    return render(request, "fairs/exhibit_form.html", context, status=status)


@login_required
def fair_exhibit_products(request: HttpRequest, code: str, booth: str) -> HttpResponse:
    """Products by code or name, for the exhibit form's suggestions."""
    fair = selectors.fair_for_user(user=request.user, code=code)
    selectors.booth_for_user(user=request.user, fair=fair, code=booth, perm="fairs.add_exhibit")
    products = selectors.exhibit_product_search(suggest_query(request))[: selectors.EXHIBIT_CHOICES]
    options = [(p.code, f"{p.name} — {p.producer_group.name}") for p in products]
    return render(request, "core/_options.html", {"options": options})


@login_required
def fair_exhibit_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    exhibit = selectors.exhibit_for_user(
        user=request.user, fair=fair, pk=pk, perm="fairs.change_exhibit"
    )
    form = versioned(ExhibitForm(request.POST or None, instance=exhibit, booth=exhibit.booth))
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return redirect(exhibit.booth)
        try:
            with unchanged_since_opened(form):
                services.exhibit_update(
                    exhibit=exhibit,
                    fair_price=form.cleaned_data["fair_price"],
                    min_price=form.cleaned_data["min_price"],
                    opening_stock=form.cleaned_data["opening_stock"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(exhibit.booth)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "fair": fair, "booth": exhibit.booth, "exhibit": exhibit}
    return render(request, "fairs/exhibit_form.html", context, status=status)


@login_required
def fair_exhibit_restock(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    exhibit = selectors.exhibit_for_user(
        user=request.user, fair=fair, pk=pk, perm="fairs.add_restock"
    )
    form = RestockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.restock_record(exhibit=exhibit, by=signed_in(request), **form.cleaned_data)
        messages.success(
            request,
            _("%(quantity)s items of %(product)s added; %(stock)s in stock.")
            % {
                "quantity": form.cleaned_data["quantity"],
                "product": exhibit.product.code,
                "stock": exhibit.stock,
            },
        )
        return redirect(exhibit.booth)
    status = 422 if request.method == "POST" else 200
    restocks = exhibit.restocks.select_related("by").order_by("-at")[:50]
    context = {"form": form, "fair": fair, "exhibit": exhibit, "restocks": restocks}
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render(request, "fairs/restock_form.html", context, status=status)


# The counter ------------------------------------------------------------------------------


@login_required
def fair_counter(request: HttpRequest, code: str, booth: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(
        user=request.user, fair=fair, code=booth, perm="fairs.add_sale"
    )
    qr = payment_qr.for_fair(fair)
    context = {
        "fair": fair,
        "booth": found,
        "exhibits": selectors.counter_exhibits(found),
        "payment_methods": PaymentMethod.choices,
        # The payment QR is drawn on the tablet (offline too) from these (see payment_qr).
        "payment_qr": qr,
        "qr_parts": qr.parts() if qr else None,
        "qr_scheme": payment_qr.scheme_name(fair.currency),
        "no_qr_reason": payment_qr.why_none(fair),
        # The counter dates its sales by the server's clock, not a tablet's wrong one.
        "server_time": int(timezone.now().timestamp() * 1000),
        "max_quantity": services.MAX_ITEMS,
        "open_today": fair.is_open_on(timezone.localdate(timezone=fair.tzinfo)),
        "time_zone": str(fair.tzinfo),
    }
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render(request, "fairs/counter.html", context)


@login_required
def fair_counter_manifest(request: HttpRequest, code: str, booth: str) -> JsonResponse:
    """The web app manifest of a booth's counter: a tablet installs the counter on its home
    screen, and the installed counter opens straight at this booth."""
    fair = selectors.fair_for_user(user=request.user, code=code)
    found = selectors.booth_for_user(
        user=request.user, fair=fair, code=booth, perm="fairs.add_sale"
    )
    counter_url = reverse("fair_counter", args=[fair.code, found.code])
    icon = "fairs/icons/counter-{}.png"
    manifest = {
        "id": counter_url,
        "name": _("Counter %(booth)s") % {"booth": f"{found.code} {found.name}"},
        "short_name": found.code,
        "description": _("The fair counter of %(fair)s: record sales, also offline.")
        % {"fair": fair.name},
        "lang": get_language(),
        "start_url": counter_url,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#8a3b12",
        "icons": [
            {"src": static(icon.format(size)), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ]
        + [{"src": static("fairs/icons/counter.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def counter_service_worker(request: HttpRequest) -> HttpResponse:
    """The counter's service worker, at the site's root so that its scope covers the counter
    and sees logging in and out (when it forgets the pages it kept). It holds no one's data:
    anyone may fetch it. Its version changes with any static file or template it serves
    offline, so a new deploy replaces what a tablet kept."""
    response = HttpResponse(
        offline.service_worker_script(), content_type="text/javascript; charset=utf-8"
    )
    # A tablet asks again on every visit, so a new version reaches it the same day.
    response["Cache-Control"] = "no-cache"
    return response


# Sales ------------------------------------------------------------------------------------


@login_required
def fair_sale_list(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    filters = SaleFilterForm(
        request.GET or None, booths=selectors.booths_visible_to(request.user, fair)
    )
    sales = selectors.sale_list(user=request.user, fair=fair, **filters.selector_args())
    totals = sales.filter(voided_at__isnull=True).aggregate(
        takings=Sum("total"), made_up=Sum("total", filter=Q(is_illustrative=True))
    )
    context = {
        "fair": fair,
        "filters": filters,
        "page": paginate(request, sales),
        "takings": totals["takings"],
        "made_up": totals["made_up"],
        "can_void": request.user.has_perm("fairs.void_sale", None),
    }
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render_page_or_partial(
            request, "fairs/sale_list.html", "fairs/partials/_sale_table.html", context
        )


@login_required
def fair_sale_receipt(request: HttpRequest, code: str, client_uuid: UUID) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    sale = selectors.sale_for_user(
        user=request.user, fair=fair, client_uuid=client_uuid, perm="fairs.view_sale"
    )
    context = {
        "fair": fair,
        "sale": sale,
        # A baht receipt says its amount in Thai words, as Thai receipts do, whoever reads it.
        "in_words": thai_amount(sale.total, sale.currency) if sale.currency == Currency.THB else "",
        "can_void": request.user.has_perm("fairs.void_sale", sale) and not sale.is_void,
    }
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render(request, "fairs/receipt.html", context)


@login_required
def fair_sale_void(request: HttpRequest, code: str, client_uuid: UUID) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    sale = selectors.sale_for_user(
        user=request.user, fair=fair, client_uuid=client_uuid, perm="fairs.void_sale"
    )
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sale_void(sale=sale, by=signed_in(request), reason=form.cleaned_data["reason"])
        except services.VoidError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The sale was voided; its items are back in stock."))
            return redirect(sale)
    status = 422 if request.method == "POST" else 200
    with timezone.override(fair.tzinfo):  # times as at the fair
        return render(
            request,
            "fairs/void_form.html",
            {"form": form, "fair": fair, "sale": sale},
            status=status,
        )


# Buyer leads ------------------------------------------------------------------------------


@login_required
def fair_lead_list(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    if not request.user.has_perm("fairs.view_buyerlead", None):  # any lead at all
        raise PermissionDenied
    filters = LeadFilterForm(request.GET or None)
    leads = selectors.lead_list(user=request.user, fair=fair, **filters.selector_args())
    context = {
        "fair": fair,
        "filters": filters,
        "page": paginate(request, leads),
        "can_add": request.user.has_perm("fairs.add_buyerlead", fair),
    }
    return render_page_or_partial(
        request, "fairs/lead_list.html", "fairs/partials/_lead_table.html", context
    )


def _lead_form_page(request: HttpRequest, fair: Fair, lead: BuyerLead | None) -> HttpResponse:
    form = versioned(
        BuyerLeadForm(
            request.POST or None, instance=lead, products=selectors.products_for_fair(fair)
        )
    )
    if request.method == "POST" and form.is_valid():
        if lead is not None and nothing_changed(request, form):
            return redirect("fair_lead_list", fair.code)
        saved = form.save(commit=False)
        saved.fair = fair
        try:
            with unchanged_since_opened(form):
                services.lead_save(
                    lead=saved, products=form.cleaned_data["products"], user=signed_in(request)
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The buyer lead %(lead)s was saved.") % {"lead": saved})
            return redirect("fair_lead_list", fair.code)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "fair": fair, "lead": lead}
    return render(request, "fairs/lead_form.html", context, status=status)


@login_required
def fair_lead_create(request: HttpRequest, code: str) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code, perm="fairs.add_buyerlead")
    return _lead_form_page(request, fair, None)


@login_required
def fair_lead_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    fair = selectors.fair_for_user(user=request.user, code=code)
    lead = selectors.lead_for_user(
        user=request.user, fair=fair, pk=pk, perm="fairs.change_buyerlead"
    )
    return _lead_form_page(request, fair, lead)
