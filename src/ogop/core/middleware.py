from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import translation

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


class QueryLanguageMiddleware:
    """`?lang=th` shows a page in that language without changing the reader's choice, so
    that each language version of a public page has an address of its own (hreflang)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("lang", "")
        if code not in self.languages:
            return self.get_response(request)
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", code)
            return response


NUL_MARKS = (b"\x00", b"\\u0000")


class RejectNulMiddleware:
    """Refuse, with a clear message, a request whose address, parameters or body carries a
    NUL character: no text of the platform may hold one (PostgreSQL cannot store it), and
    refusing it here keeps every page and endpoint from failing on it later."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            message = translation.gettext(
                "The request contains a NUL character, which no text may hold."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
            return True
        if request.method in {"POST", "PUT", "PATCH"} and request.content_type in {
            "application/json",
            "application/x-www-form-urlencoded",
        }:
            body = request.body
            return any(mark in body for mark in NUL_MARKS) or b"%00" in body.lower()
        return False
