"""Pages of the public catalog, kept in the cache that the server's processes share.

A page is kept under the catalog's version (see core.versions), which each write to what
the catalog shows renews once its transaction commits (`catalog_changed`, called by
catalog.signals and catalog.indexing). Serving a kept page reads no database; a change shows
in every worker as soon as it is committed; a rolled-back one renews nothing. Until it
commits, the writing connection renders every page afresh, and so sees its change.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ogop.core.thai import thai_digits_preferred
from ogop.core.versions import changed, current, database_key, pending

# A page's address in any language (core.middleware.QueryLanguageMiddleware).
LANGUAGE_PARAMETER = "lang"
# Longer query strings are not cached: no page of the catalog needs one.
LONGEST_QUERY = 200

View = Callable[..., HttpResponse]


CATALOG = "catalog"


def catalog_changed() -> None:
    """Retire every kept page once the current transaction commits (at once outside one)."""
    changed(CATALOG)


def page_key(request: HttpRequest, parameters: tuple[str, ...]) -> str | None:
    """The cache key of the page this request asks for, or None if it is not to be cached:
    only GET requests whose query holds the page's own parameters, each once, outside a
    transaction that changed the catalog.

    The key holds all that the page shows besides the catalog's data: the address with its
    query (links to the other languages repeat it), the scheme and host its links to itself
    are written with, the language, the reader's digits, and the day (a certification shows
    as expired from the day after its end).
    """
    if request.method not in ("GET", "HEAD") or pending(CATALOG):
        return None
    query = request.GET
    allowed = {*parameters, LANGUAGE_PARAMETER}
    if any(name not in allowed or len(query.getlist(name)) != 1 for name in query):
        return None
    encoded = query.urlencode()
    if len(encoded) > LONGEST_QUERY:
        return None
    variant = [
        request.scheme or "",
        request.get_host(),
        request.path,
        encoded,
        dt.date.today().isoformat(),
        get_language() or "",
        str(thai_digits_preferred.get()),
        str(bool(getattr(request, "htmx", False))),
    ]
    digest = hashlib.sha256("\n".join(variant).encode()).hexdigest()
    database = database_key()
    return f"catalog:{database}:page:{current(CATALOG, database)}:{digest}"


def _same_for_everyone(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a page may be kept: a plain success, with nothing of the visitor's own in it
    (no cookie, and no form token, which the CSRF middleware would send as one)."""
    personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    return response.status_code == 200 and not response.streaming and not personal


def cached_page(*parameters: str) -> Callable[[View], View]:
    """Serve a public page from the cache, under the catalog's version. `parameters` are the
    query parameters the page reads; a request with any other is rendered, not kept."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = page_key(request, parameters)
            if key is None:
                return view(request, *args, **kwargs)
            kept = cache.get(key)
            if kept is not None:
                content_type, content = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if _same_for_everyone(request, response):
                cache.set(key, (response["Content-Type"], response.content))
            return response

        return wrapped

    return decorate
