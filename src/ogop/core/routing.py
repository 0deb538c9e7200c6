"""Which database a query goes to when a read replica is configured (OGOP_REPLICA_DATABASE_URL).

Every write goes to the primary ("default"). A read goes to the replica ("replica") only where
a replica that lags a little behind cannot mislead:

- in a request with a safe method (GET, HEAD, OPTIONS), until something in it writes;
- from a person who has not sent a change within the last OGOP_REPLICA_STICKY_SECONDS (the
  middleware marks their browser with a short-lived cookie after each POST, PUT, PATCH or
  DELETE, so that the page after their own change shows it);
- outside a transaction on the primary (a service reads what it is about to write there);
- never for a result kept for everyone (a catalog page, a computed figure: `on_primary`), as
  the version it is kept under was renewed on the primary;
- never outside a request (commands, workers, the shell): they read the primary.

Without a replica the router is not installed and everything reads the primary.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# The cookie that keeps a person's reads on the primary for a while after their change.
STICKY_COOKIE = "ogop_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Reads:
    """Where the current request may read from; a write in it turns the replica off."""

    replica: bool


_request_reads: ContextVar[Reads | None] = ContextVar("ogop_request_reads", default=None)
_pinned: ContextVar[bool] = ContextVar("ogop_reads_pinned", default=False)


@contextmanager
def on_primary() -> Iterator[None]:
    """Read from the primary inside this block (a result kept for everyone is computed)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


@contextmanager
def request_reads(*, replica: bool) -> Iterator[Reads]:
    """The reads of one request: from the replica if `replica`, until it writes."""
    reads = Reads(replica=replica)
    token = _request_reads.set(reads)
    try:
        yield reads
    finally:
        _request_reads.reset(token)


class PrimaryReplicaRouter:
    """The database router settings install when OGOP_REPLICA_DATABASE_URL is set."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        reads = _request_reads.get()
        if reads is None or not reads.replica or _pinned.get():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        reads = _request_reads.get()
        if reads is not None:
            reads.replica = False  # the rest of the request reads what it wrote
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY  # the replica follows the primary's schema by replication


class ReplicaReadsMiddleware:
    """Let a request read from the replica when the router's rules allow it, and keep the
    reads of a person who has just sent a change on the primary for a short while.
    Placed before the session middleware, so that reading the session follows the rules."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        safe = request.method in SAFE_METHODS
        with request_reads(replica=safe and STICKY_COOKIE not in request.COOKIES):
            response = self.get_response(request)
        if not safe:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.OGOP_REPLICA_STICKY_SECONDS,
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
                httponly=True,
                samesite="Lax",
            )
        return response
