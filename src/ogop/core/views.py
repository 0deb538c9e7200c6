"""Helpers shared by the staff pages."""

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.static import serve as static_serve

PAGE_SIZE = 50


def nothing_changed(request: HttpRequest, *sent: forms.BaseForm | forms.BaseFormSet) -> bool:
    """Whether a record's edit form (and its formsets) came back as it was shown, saying so
    to the user: saving it would change nothing, yet stamp the record and add an entry to its
    history that changed nothing, so the view saves nothing."""
    if any(form.has_changed() for form in sent):
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


# What uploads may be: photos, re-encoded when they were received (core.images).
MEDIA_TYPES = {".jpg", ".jpeg", ".png", ".webp"}


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded file, in the embedded mode (behind a web server, it serves them).

    Only photos are served, and under a policy that runs nothing: even a file that got in
    some other way could not be shown as a page or run as a script."""
    if PurePosixPath(path).suffix.lower() not in MEDIA_TYPES:
        raise Http404(path)
    response = static_serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
