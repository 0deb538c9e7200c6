"""Refusals in JSON for the endpoints that answer only JSON (the fair counter's), and for any
request that asks for JSON: a script reads the reason instead of an HTML page it cannot show.
They have the API's shape: {"detail": "the reason", "code": "what kind", …}.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy
from django.views.csrf import csrf_failure as html_csrf_failure

View = TypeVar("View", bound=Callable[..., Any])

CSRF_REFUSED = gettext_lazy(
    "The page's security token is missing or out of date: reload the page (and log in again "
    "if asked), then send again."
)


def answers_json(view: View) -> View:
    """Mark a view whose every answer is JSON, so that the refusals made before it runs (a
    CSRF failure, a NUL in the body) are JSON too. Put it outermost."""
    view.answers_json = True  # type: ignore[attr-defined]  # a mark on the view, read by the middleware
    return view


def wants_json(request: HttpRequest) -> bool:
    """Whether the request is for an endpoint that answers only JSON, or asks for JSON."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None and getattr(match.func, "answers_json", False):
        return True
    return "application/json" in request.headers.get("Accept", "")


def json_refusal(status: int, code: str, message: str) -> JsonResponse:
    """A refusal a script can read: why (`detail`) and what kind (`code`)."""
    return JsonResponse({"detail": message, "code": code}, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the same refusal, in JSON for JSON requests, Django's page otherwise.

    Nothing is weakened: the request is refused either way; only the form of the answer
    changes."""
    if wants_json(request):
        return json_refusal(403, "csrf", str(CSRF_REFUSED))
    return html_csrf_failure(request, reason)
