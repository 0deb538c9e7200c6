"""Pages of the public catalog, kept in the cache that the server's processes share.

A page is kept under the catalog's version (see core.versions), which each write to what
the catalog shows renews once its transaction commits (core.freshness declares what that
is). Serving a kept page reads no database; a change shows in every worker as soon as it is
committed; a rolled-back one renews nothing. Until it commits, the writing connection renders
every page afresh, and so sees its change.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import get_language, get_language_from_request

from ogop.core.freshness import CATALOG
from ogop.core.middleware import LANGUAGE_PARAMETER, chosen_language
from ogop.core.routing import on_primary
from ogop.core.thai import thai_digits_preferred
from ogop.core.versions import current, pending, site_key

# Longer query strings are not cached: no page of the catalog needs one.
LONGEST_QUERY = 200

View = Callable[..., HttpResponse]


def page_key(
    request: HttpRequest,
    parameters: tuple[str, ...],
    *,
    language: str | None = None,
    thai_digits: bool | None = None,
    htmx: bool | None = None,
    kind: str = "page",
) -> str | None:
    """The cache key of the page this request asks for, or None if it is not to be cached:
    only GET requests whose query holds the page's own parameters, each once, outside a
    transaction that changed the catalog.

    The key holds all that the page shows besides the catalog's data: the address with its
    query (links to the other languages repeat it), the scheme and host its links to itself
    are written with, the language, the reader's digits, whether htmx asked for it, and the
    day (a certification shows as expired from the day after its end). Language, digits and
    htmx are those the middleware set, unless given.
    """
    if request.method not in ("GET", "HEAD") or pending(CATALOG):
        return None
    query = request.GET
    allowed = {*parameters, LANGUAGE_PARAMETER}
    if any(name not in allowed or len(query.getlist(name)) != 1 for name in query):
        return None
    if query.get(LANGUAGE_PARAMETER, settings.LANGUAGE_CODE) not in dict(settings.LANGUAGES):
        return None  # a made-up language shows the reader's: not a page of its own
    encoded = query.urlencode()
    if len(encoded) > LONGEST_QUERY:
        return None
    if language is None:
        language = get_language() or ""
    if thai_digits is None:
        thai_digits = thai_digits_preferred.get()
    if htmx is None:
        htmx = bool(getattr(request, "htmx", False))
    variant = [
        request.scheme or "",
        request.get_host(),
        request.path,
        encoded,
        dt.date.today().isoformat(),
        language,
        str(thai_digits),
        str(htmx),
    ]
    digest = hashlib.sha256("\n".join(variant).encode()).hexdigest()
    site = site_key()
    return f"catalog:{site}:{kind}:{current(CATALOG, site)}:{digest}"


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
            with on_primary():  # kept for everyone: read where the token was renewed
                response = view(request, *args, **kwargs)
            if _same_for_everyone(request, response):
                cache.set(key, (response["Content-Type"], response.content))
            return response

        wrapped.kept_parameters = parameters  # type: ignore[attr-defined]  # a mark on the view, read by the cache's URL check
        return wrapped

    return decorate


def _cookieless_key(request: HttpRequest) -> str | None:
    """The key of the whole answer to a visitor who sends no cookie but the language one,
    for a page the catalog keeps; None for any other request.

    Such a visitor is anonymous, reads plain digits, and reads the language that the page's
    `lang` parameter, else the language cookie, else the Accept-Language header, choose: as
    the locale middlewares would choose it.
    """
    if request.method not in ("GET", "HEAD") or _other_cookies(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    parameters = getattr(match.func, "kept_parameters", None)
    if parameters is None:
        return None
    language = chosen_language(request) or get_language_from_request(request)
    htmx = request.headers.get("HX-Request") == "true"
    return page_key(
        request, parameters, language=language, thai_digits=False, htmx=htmx, kind="whole"
    )


def _other_cookies(request: HttpRequest) -> bool:
    """Whether the request sends a cookie besides the language one (a session, a form
    token): one that the middlewares would answer to."""
    if not request.META.get("HTTP_COOKIE"):
        return False
    return set(request.COOKIES) != {settings.LANGUAGE_COOKIE_NAME}


class KeptPageMiddleware:
    """Answer a visitor who sends no cookie but the language one (a buyer's first visit or
    next click, a search engine, a phone that keeps none) with the kept page, before the
    session, language, CSRF, content security policy and frame middlewares run: they would
    give such a visitor the same answer each time (SecurityMiddleware, before this one, still
    adds its headers). The answer is kept whole, its headers with it, as it leaves them; one
    that sets a cookie or is not a plain success is not kept.

    Placed right after WhiteNoise and LanguageChoiceMiddleware (which sets the language
    cookie on kept answers too). Every other request goes through them, and the views'
    own kept pages (`cached_page`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _cookieless_key(request)
        if key is None:
            return self.get_response(request)
        kept = cache.get(key)
        if kept is not None:
            headers, content = kept
            return HttpResponse(content, headers=headers)
        with on_primary():  # kept for everyone: read where the token was renewed
            response = self.get_response(request)
        if _same_for_everyone(request, response) and "Set-Cookie" not in response:
            cache.set(key, (dict(response.items()), response.content))
        return response
