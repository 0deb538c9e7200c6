from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.roles import is_registry_editor
from ogop.core.history import history_entries
from ogop.core.imports import ImportRejected
from ogop.core.views import paginate, render_page_or_partial, suggest_query
from ogop.places.models import Area, Country
from ogop.places.selectors import area_ancestors
from ogop.producers.models import ProducerGroup
from ogop.producers.selectors import producer_group_list, producer_groups_visible_to
from ogop.products import selectors, services
from ogop.products.forms import ExportForm, ImportForm, ProductFilterForm, ProductForm
from ogop.products.models import Product
from ogop.products.transfer import KINDS, export_file, import_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required("products.view_product", raise_exception=True)
def product_list(request: HttpRequest) -> HttpResponse:
    filters = ProductFilterForm(request.GET or None)
    products = selectors.product_list(user=request.user, **filters.selector_args())
    context = {
        "filters": filters,
        "page": paginate(request, products),
        "can_add": request.user.has_perm("products.add_product"),
    }
    return render_page_or_partial(
        request, "products/product_list.html", "products/partials/_product_table.html", context
    )


@login_required
def product_detail(request: HttpRequest, code: str) -> HttpResponse:
    product = selectors.product_for_user(user=request.user, code=code, perm="products.view_product")
    context = {
        "product": product,
        "photos": product.photos.all(),
        "certifications": product.certifications.all(),
        "history": history_entries(product),
        "can_change": request.user.has_perm("products.change_product", product),
    }
    return render(request, "products/product_detail.html", context)


def _product_form(request: HttpRequest, product: Product | None) -> ProductForm:
    editor = is_registry_editor(request.user)
    groups = ProducerGroup.objects.all() if editor else producer_groups_visible_to(request.user)
    return ProductForm(
        request.POST or None,
        request.FILES or None,
        instance=product,
        groups=groups,
        suggest_groups=editor,
    )


def _save_form(request: HttpRequest, form: ProductForm, product: Product | None) -> Product | None:
    if not form.is_valid():
        return None
    fields: dict[str, Any] = dict(form.cleaned_data)
    try:
        if product is None:
            return services.product_create(user=request.user, **fields)
        return services.product_update(product=product, user=request.user, **fields)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@permission_required("products.add_product", raise_exception=True)
def product_create(request: HttpRequest) -> HttpResponse:
    form = _product_form(request, None)
    if request.method == "POST" and (product := _save_form(request, form, None)):
        messages.success(request, _("The product %(name)s was created.") % {"name": product})
        return redirect(product)
    status = 422 if request.method == "POST" else 200
    return render(request, "products/product_form.html", {"form": form}, status=status)


@login_required
def product_edit(request: HttpRequest, code: str) -> HttpResponse:
    product = selectors.product_for_user(
        user=request.user, code=code, perm="products.change_product"
    )
    form = _product_form(request, product)
    if request.method == "POST" and (saved := _save_form(request, form, product)):
        messages.success(request, _("The changes were saved."))
        return redirect(saved)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "product": product}
    return render(request, "products/product_form.html", context, status=status)


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_list(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", Country.BHUTAN)
    if country not in Country.values:
        country = Country.BHUTAN
    areas = selectors.areas_with_counts(user=request.user, country=country, parent=None)
    context = {"areas": areas, "country": country, "countries": Country.choices}
    return render(request, "products/area_list.html", context)


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    area = get_object_or_404(Area, code=code)
    user = request.user
    context = {
        "area": area,
        "ancestors": area_ancestors(area),
        "children": selectors.areas_with_counts(user=user, country=area.country, parent=area),
        "groups": producer_group_list(user=user, area=area)[:100],
        "products": selectors.product_list(user=user, area=area)[:100],
    }
    return render(request, "products/area_detail.html", context)


@login_required
@permission_required("places.view_area", raise_exception=True)
def area_suggest(request: HttpRequest) -> HttpResponse:
    q = suggest_query(request)
    areas = selectors.area_search(q)[:20] if q else []
    options = [(area.code, selectors.area_label(area)) for area in areas]
    return render(request, "core/_options.html", {"options": options})


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
def registry_import(request: HttpRequest) -> HttpResponse:
    """Upload a producer groups or products file; all of it is imported, or none of it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "kinds": KINDS}
    status = 200
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            summary = import_file(
                kind=kind, data=form.cleaned_data["file"].read(), user=request.user
            )
        except ImportRejected as exc:
            context["errors"] = exc.errors
            status = 422
        else:
            context["summary"] = summary
            context["imported_kind"] = KINDS[kind]
    elif request.method == "POST":
        status = 422
    partial = "products/partials/_import_result.html"
    template = partial if getattr(request, "htmx", False) else "products/registry_import.html"
    return render(request, template, context, status=status)


@login_required
@permission_required("products.transfer_registry", raise_exception=True)
def registry_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "products/registry_import.html",
            {"form": ImportForm(), "kinds": KINDS, "export_form": form},
            status=400,
        )
    kind, file_format = form.cleaned_data["kind"], form.cleaned_data["format"]
    data = export_file(kind=kind, file_format=file_format, user=request.user)
    content_type = XLSX_TYPE if file_format == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ogop-{kind}-{stamp}.{file_format}"'
    return response
