from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
