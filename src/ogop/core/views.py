"""Helpers shared by the staff pages."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ogop.core.concurrency import opened_stale

PAGE_SIZE = 50


def nothing_changed(request: HttpRequest, *sent: forms.BaseForm | forms.BaseFormSet) -> bool:
    """Whether a record's edit form (and its formsets) came back as it was shown, saying so
    to the user: saving it would change nothing, yet stamp the record and add an entry to its
    history that changed nothing, so the view saves nothing. A form opened before someone
    else's change is not unchanged: its save goes on, to show that change (core.concurrency)."""
    if any(form.has_changed() for form in sent) or any(
        opened_stale(form) for form in sent if isinstance(form, forms.BaseForm)
    ):
        return False
    messages.info(request, _("Nothing was changed."))
    return True


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def render_page_or_partial(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """One view, page or fragment: htmx requests get the partial, others the whole page."""
    return render(request, partial if getattr(request, "htmx", False) else template, context)


def suggest_query(request: HttpRequest) -> str:
    """What the user typed in a suggesting input (sent under the input's own name)."""
    return str(next(iter(request.GET.values()), "")).strip()[:100]


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Not found, in the face the reader came from: staff pages for a signed-in user,
    the public catalog's for everyone else."""
    user = getattr(request, "user", None)
    template = "404.html" if user is not None and user.is_authenticated else "catalog/404.html"
    return render(request, template, status=404)
