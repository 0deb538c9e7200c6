"""Helpers shared by the staff pages."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 50


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
