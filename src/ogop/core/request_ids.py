"""Request ids: one id a request, in every line the platform logs while serving it and in the
response's X-Request-ID header, so that a line in one server's log can be followed to the
load balancer's and to the other servers'.

An id the load balancer or proxy sends in X-Request-ID is kept when it is a plain one (letters,
digits, `-`, `_`, `.`, `:`, at most 128 characters); any other, or none, is replaced by a new
random one, so that no one can write what they like into the logs.
"""

import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from uuid import uuid4

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NO_REQUEST = "-"
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_current: ContextVar[str] = ContextVar("ogop_request_id", default=NO_REQUEST)


def request_id_from(sent: str | None) -> str:
    """The id to serve a request under: the one sent, if plain; else a new one."""
    if sent and _PLAIN_ID.fullmatch(sent):
        return sent
    return uuid4().hex


class RequestIdFilter(logging.Filter):
    """Gives each log record the id of the request being served (`-` outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """First of the middlewares: sets the request's id for everything that logs after it,
    and echoes it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
