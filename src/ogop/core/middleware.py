import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    QueryDict,
)
from django.utils import translation
from django.utils.cache import patch_vary_headers

from ogop.core.json_errors import json_refusal, wants_json
from ogop.core.thai import thai_digits_preferred


class ThaiDigitsMiddleware:
    """Make the reader's preference for Thai digits known to the formatting helpers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        prefers = bool(user and user.is_authenticated and getattr(user, "thai_digits", False))
        token = thai_digits_preferred.set(prefers)
        try:
            return self.get_response(request)
        finally:
            thai_digits_preferred.reset(token)


LANGUAGE_PARAMETER = "lang"


def chosen_language(request: HttpRequest) -> str | None:
    """The language the address asks for (`?lang=th`), if it is one of the platform's."""
    code = request.GET.get(LANGUAGE_PARAMETER, "")
    return code if code in dict(settings.LANGUAGES) else None


class LanguageChoiceMiddleware:
    """Remember the language a reader chose by address (`?lang=th`: the catalog's language
    switcher, a link that carries it, a shared address) in Django's language cookie, so that
    pages without the parameter, the staff pages included, follow it, and it beats the
    browser's Accept-Language from then on.

    Placed before the catalog's kept pages (catalog.cache), so that a kept page is kept
    without the cookie and every visitor who chose gets it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        code = chosen_language(request)
        if code and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
            )
        return response


class QueryLanguageMiddleware:
    """`?lang=th` shows a page in that language, so that each language version of a public
    page has an address of its own (hreflang); LanguageChoiceMiddleware remembers it.

    Without the parameter the language cookie, else Accept-Language, chose the language
    (LocaleMiddleware): the answer then varies with both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = chosen_language(request)
        if code is None:
            response = self.get_response(request)
            patch_vary_headers(response, ("Cookie",))
            return response
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", code)
            return response


NUL_MARKS = (b"\x00", b"\\u0000")
NUL_ESCAPE = re.compile("%00", re.IGNORECASE)


class RejectNulMiddleware:
    """No text of the platform may hold a NUL character (PostgreSQL cannot store one).

    A page's query parameters are read without it, so that a search or a filter still
    answers; an address, or a submitted body of any content type (a form's fields, JSON or
    text), that carries one is refused with a clear 400, before anything runs or is written.
    The API reads its bodies itself and names the field that holds one (api.parser).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query.lower() and not api:
            request.GET = QueryDict(NUL_ESCAPE.sub("", query))
        if self._carries_nul(request, api=api):
            message = translation.gettext(
                "The request contains a NUL character, which no text may hold."
            )
            if api:
                return JsonResponse({"detail": message}, status=400)
            if wants_json(request):
                return json_refusal(400, "invalid", message)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest, *, api: bool) -> bool:
        if "\x00" in request.path:
            return True
        if api:  # the API reads its bodies itself (api.parser)
            return "%00" in request.META.get("QUERY_STRING", "").lower()
        if request.method not in {"POST", "PUT", "PATCH"}:
            return False
        try:
            if request.content_type == "multipart/form-data":
                # Files are bytes and may hold NUL; the fields and the files' names are text.
                texts = [str(t) for key, values in request.POST.lists() for t in (key, *values)]
                texts += [
                    str(getattr(f, "name", ""))
                    for _k, files in request.FILES.lists()
                    for f in files
                ]
                return any("\x00" in text for text in texts)
            # Whatever the body claims to be, it is read as a form or as JSON somewhere.
            body = request.body
        except RequestDataTooBig:
            return False  # refused as too large by whatever reads it next
        return any(mark in body for mark in NUL_MARKS) or b"%00" in body.lower()
