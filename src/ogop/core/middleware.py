from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
