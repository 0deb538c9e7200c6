from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.accounts.roles import is_registry_editor
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.history import history_entries
from ogop.core.media import media_response
from ogop.core.views import nothing_changed, paginate, render_page_or_partial
from ogop.producers.models import ProducerGroup
from ogop.products import selectors, services
from ogop.products.forms import (
    BoardFilterForm,
    CertificationForm,
    LabelForm,
    ProductFilterForm,
    ProductForm,
    StageMoveForm,
)
from ogop.products.labels import label_pdf
from ogop.products.models import Certification, Product


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
    user = request.user
    context = {
        "product": product,
        "photos": product.photos.all(),
        "certifications": product.certifications.all(),
        "timeline": selectors.stage_timeline(product),
        "history": history_entries(product),
        "can_change": user.has_perm("products.change_product", product),
        "can_move": user.has_perm("products.move_stage", product),
        "can_certify": user.has_perm("products.change_certification", product),
        "can_label": user.has_perm("products.print_label", product),
        # The programme's business plans for the product (a page of the programme app).
        "can_see_plans": user.has_perm("programme.view_businessplan", product),
        "today": timezone.localdate(),
    }
    return render(request, "products/product_detail.html", context)


@require_safe
def photo_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A product's photo or thumbnail: to everyone when the product is public, to those who
    may see the product otherwise, and not found for anyone else."""
    photo = selectors.photo_for_user(user=request.user, name=name)
    return media_response(request, name, public=selectors.photo_is_public(photo))


@login_required
def product_stage_move(request: HttpRequest, code: str) -> HttpResponse:
    """The form to move a product to another stage (page or htmx fragment), and the move."""
    product = selectors.product_for_user(user=request.user, code=code, perm="products.move_stage")
    initial = {"moved_on": timezone.localdate()}
    form = StageMoveForm(request.POST or None, initial=initial, product=product)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.product_stage_move(
                    product=product, user=signed_in(request), **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(product)s moved to %(stage)s.")
                    % {"product": product, "stage": form.cleaned_data["to_stage"]},
                )
                response: HttpResponse = redirect(product)
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = product.get_absolute_url()
                return response
        status = 422
    context = {"product": product, "form": form}
    htmx = getattr(request, "htmx", False)
    template = "products/partials/_stage_move_form.html" if htmx else "products/stage_move.html"
    return render(request, template, context, status=status)


@login_required
@permission_required("products.view_stage_board", raise_exception=True)
def stage_board(request: HttpRequest) -> HttpResponse:
    """Products per development stage; registry editors move one to the next stage."""
    filters = BoardFilterForm(request.GET or None)
    context = {
        "filters": filters,
        "columns": selectors.stage_board(user=request.user, **filters.selector_args()),
        "can_move": request.user.has_perm("products.move_stage"),
        "query": request.GET.urlencode(),
    }
    return render_page_or_partial(
        request, "products/stage_board.html", "products/partials/_stage_board.html", context
    )


@require_POST
@login_required
def stage_board_advance(request: HttpRequest, code: str) -> HttpResponse:
    """Move a product to the next stage from the board, dated today; answer with the board."""
    product = selectors.product_for_user(user=request.user, code=code, perm="products.move_stage")
    stages = selectors.stages_in_order()
    target = selectors.next_stage(product.stage, stages)
    if target is None:
        messages.error(request, _("%(product)s is at the last stage.") % {"product": product})
    else:
        try:
            services.product_stage_move(
                product=product,
                to_stage=target,
                user=signed_in(request),
                moved_on=timezone.localdate(),
                helped_by=request.POST.get("helped_by", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(product)s moved to %(stage)s.") % {"product": product, "stage": target},
            )
    filters = BoardFilterForm(request.GET or None)
    context = {
        "filters": filters,
        "columns": selectors.stage_board(user=request.user, **filters.selector_args()),
        "can_move": True,
        "query": request.GET.urlencode(),
    }
    if getattr(request, "htmx", False):
        return render(request, "products/partials/_stage_board.html", context)
    return redirect(reverse("stage_board") + (f"?{context['query']}" if context["query"] else ""))


@login_required
def product_label(request: HttpRequest, code: str) -> HttpResponse:
    """The product's label as a PDF: one label, or an A4 sheet of them."""
    product = selectors.product_for_user(user=request.user, code=code, perm="products.print_label")
    options = LabelForm(request.GET).options()
    address = request.build_absolute_uri(reverse("catalog_product", args=[product.code]))
    data = label_pdf(product=product, address=address, **options)
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"label-{product.code}-{options['language']}-{options['layout']}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _certifications_partial(request: HttpRequest, product: Product, **extra: Any) -> HttpResponse:
    context = {
        "product": product,
        "certifications": product.certifications.all(),
        "can_certify": True,
        "today": timezone.localdate(),
        **extra,
    }
    status = 422 if extra.get("form") is not None and extra["form"].errors else 200
    if getattr(request, "htmx", False):
        return render(request, "products/partials/_certifications.html", context, status=status)
    if status == 200 and request.method == "POST":
        return redirect(product)
    return render(request, "products/certification_form.html", context, status=status)


@login_required
def certification_create(request: HttpRequest, code: str) -> HttpResponse:
    product = selectors.product_for_user(
        user=request.user, code=code, perm="products.change_certification"
    )
    form = CertificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_create(
                product=product, user=signed_in(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _certifications_partial(request, product)
    return _certifications_partial(request, product, form=form, editing=None)


def _certification(product: Product, pk: int) -> Certification:
    return get_object_or_404(Certification, pk=pk, product=product)


@login_required
def certification_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    product = selectors.product_for_user(
        user=request.user, code=code, perm="products.change_certification"
    )
    certification = _certification(product, pk)
    form = versioned(CertificationForm(request.POST or None, instance=certification))
    if request.method == "POST" and form.is_valid():
        if nothing_changed(request, form):
            return _certifications_partial(request, product)
        try:
            with unchanged_since_opened(form):
                services.certification_update(
                    certification=certification, user=signed_in(request), **form.cleaned_data
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _certifications_partial(request, product)
    return _certifications_partial(request, product, form=form, editing=certification)


@require_POST
@login_required
def certification_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    product = selectors.product_for_user(
        user=request.user, code=code, perm="products.change_certification"
    )
    services.certification_delete(
        certification=_certification(product, pk), user=signed_in(request)
    )
    return _certifications_partial(request, product)


def _product_form(request: HttpRequest, product: Product | None) -> ProductForm:
    editor = is_registry_editor(request.user)
    groups = (
        ProducerGroup.objects.all() if editor else ProducerGroup.objects.visible_to(request.user)
    )
    return versioned(
        ProductForm(
            request.POST or None,
            request.FILES or None,
            instance=product,
            user=request.user,
            groups=groups,
            suggest_groups=editor,
        )
    )


def _save_form(request: HttpRequest, form: ProductForm, product: Product | None) -> Product | None:
    if not form.is_valid():
        return None
    if product is not None and nothing_changed(request, form):
        return product
    fields: dict[str, Any] = dict(form.cleaned_data)
    try:
        if product is None:
            return services.product_create(user=signed_in(request), **fields)
        with unchanged_since_opened(form):
            return services.product_update(product=product, user=signed_in(request), **fields)
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
        if form.has_changed():
            messages.success(request, _("The changes were saved."))
        return redirect(saved)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "product": product}
    return render(request, "products/product_form.html", context, status=status)
