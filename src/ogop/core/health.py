"""The health check a load balancer asks each app server (`/healthz`): can this server reach
every database it reads, the shared cache, and write to the file storage? JSON, with status
200 when all can and 503 when any cannot, so that the balancer takes the server out of turn.
It also says when a background worker (`ogop worker`) was last heard from, without counting
it: a server without a worker still serves pages, and the imports wait queued.

It answers before every other middleware but the request id's: a balancer probes by the
server's address (no allowed host name) and over plain HTTP (no redirect to HTTPS), and has
no session or language. It reads and writes nothing of the programme's data.
"""

import time
from collections.abc import Callable
from functools import partial
from uuid import uuid4

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

PATH = "/healthz"
PROBE_FOLDER = "health"
# A worker writes its heartbeat this often, and is said to be gone after three missed beats.
HEARTBEAT_SECONDS = 15
HEARTBEAT_KEY = "worker-heartbeat"


def worker_heartbeat() -> None:
    """Note that a worker is running now, where every server reads it (the versions' cache:
    shared between machines when OGOP_CACHE_URL is set)."""
    caches["versions"].set(HEARTBEAT_KEY, time.time(), timeout=None)


def worker_seen() -> dict[str, object]:
    """When a worker was last heard from, in seconds, and whether it is taken to be alive."""
    last = caches["versions"].get(HEARTBEAT_KEY)
    if last is None:
        return {"alive": False, "seconds_ago": None}
    ago = round(max(time.time() - last, 0.0), 1)
    return {"alive": ago <= 3 * HEARTBEAT_SECONDS, "seconds_ago": ago}


def _database(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 answered otherwise")


def _cache(alias: str) -> None:
    key, value = f"health:{uuid4().hex}", uuid4().hex
    cache = caches[alias]
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("a value written was not read back")
    finally:
        cache.delete(key)


def _storage() -> None:
    name = default_storage.save(f"{PROBE_FOLDER}/{uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def checks() -> dict[str, Callable[[], None]]:
    """Each thing a server needs, by name: every database, both caches, the file storage."""
    found: dict[str, Callable[[], None]] = {}
    for alias in connections:
        found[f"database:{alias}"] = partial(_database, alias)
    for alias in caches:
        found[f"cache:{alias}"] = partial(_cache, alias)
    found["storage"] = _storage
    return found


def health() -> tuple[bool, dict[str, dict[str, object]]]:
    """Run every check: whether all passed, and each one's outcome and time."""
    outcomes: dict[str, dict[str, object]] = {}
    for name, check in checks().items():
        started = time.perf_counter()
        outcome: dict[str, object] = {"ok": True}
        try:
            check()
        except Exception as error:  # any failure makes the server unhealthy
            # The kind of error only: its text may name hosts or paths.
            outcome = {"ok": False, "error": type(error).__name__}
        outcome["ms"] = round((time.perf_counter() - started) * 1000, 1)
        outcomes[name] = outcome
    return all(outcome["ok"] for outcome in outcomes.values()), outcomes


def _worker() -> dict[str, object]:
    try:
        return worker_seen()
    except Exception as error:  # the cache's own check above says what failed
        return {"alive": False, "error": type(error).__name__}


class HealthMiddleware:
    """Answers GET and HEAD /healthz; passes every other request on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        healthy, outcomes = health()
        response = JsonResponse(
            {"status": "ok" if healthy else "failing", "checks": outcomes, "worker": _worker()},
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response
