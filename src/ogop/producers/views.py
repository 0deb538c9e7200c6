from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from ogop.accounts.request_user import signed_in
from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.history import history_entries
from ogop.core.views import nothing_changed, paginate, render_page_or_partial, suggest_query
from ogop.producers import selectors, services
from ogop.producers.forms import ProducerGroupFilterForm, ProducerGroupForm
from ogop.producers.models import ProducerGroup


@login_required
@permission_required("producers.view_producergroup", raise_exception=True)
def group_list(request: HttpRequest) -> HttpResponse:
    filters = ProducerGroupFilterForm(request.GET or None)
    groups = selectors.producer_group_list(user=request.user, **filters.selector_args())
    context = {"filters": filters, "page": paginate(request, groups)}
    return render_page_or_partial(
        request, "producers/group_list.html", "producers/partials/_group_table.html", context
    )


@login_required
def group_detail(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.producer_group_for_user(
        user=request.user, code=code, perm="producers.view_producergroup"
    )
    products: QuerySet = group.products.select_related("area").order_by("name_en")
    if not request.user.has_perm("products.view_product", None):
        products = products.none()
    context = {
        "group": group,
        "products": products,
        "history": history_entries(group),
        "can_change": request.user.has_perm("producers.change_producergroup", group),
    }
    return render(request, "producers/group_detail.html", context)


def _save_form(
    request: HttpRequest, form: ProducerGroupForm, group: ProducerGroup | None
) -> ProducerGroup | None:
    if not form.is_valid():
        return None
    if group is not None and nothing_changed(request, form):
        return group
    fields = dict(form.cleaned_data)
    try:
        if group is None:
            return services.producer_group_create(user=signed_in(request), **fields)
        with unchanged_since_opened(form):
            return services.producer_group_update(group=group, user=signed_in(request), **fields)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@permission_required("producers.add_producergroup", raise_exception=True)
def group_create(request: HttpRequest) -> HttpResponse:
    form = ProducerGroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and (group := _save_form(request, form, None)):
        messages.success(request, _("The producer group %(name)s was created.") % {"name": group})
        return redirect(group)
    status = 422 if request.method == "POST" else 200
    return render(request, "producers/group_form.html", {"form": form}, status=status)


@login_required
def group_edit(request: HttpRequest, code: str) -> HttpResponse:
    group = selectors.producer_group_for_user(
        user=request.user, code=code, perm="producers.change_producergroup"
    )
    form = versioned(ProducerGroupForm(request.POST or None, instance=group, user=request.user))
    if request.method == "POST" and (saved := _save_form(request, form, group)):
        if form.has_changed():
            messages.success(request, _("The changes were saved."))
        return redirect(saved)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "producers/group_form.html", {"form": form, "group": group}, status=status
    )


@login_required
@permission_required("producers.view_producergroup", raise_exception=True)
def group_suggest(request: HttpRequest) -> HttpResponse:
    q = suggest_query(request)
    groups = selectors.producer_group_list(user=request.user, q=q)[:20] if q else []
    options = [(group.code, f"{group.name} — {group.area.name}") for group in groups]
    return render(request, "core/_options.html", {"options": options})
