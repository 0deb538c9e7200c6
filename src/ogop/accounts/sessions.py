"""Signed-in sessions end after OGOP_SESSION_IDLE_SECONDS without a request (2 hours), and
OGOP_SESSION_SECONDS after signing in (12 hours) however busy.

The session keeps when it signed in and when it was last seen, both set on signing in
(start_clocks, on Django's user_logged_in). The last-seen stamp, and with it the session's
expiry (in the database and the browser's cookie alike), is renewed at most every
REFRESH_SECONDS, so that a busy user's requests do not each write the session.
A visitor who sends no session cookie is not looked at, and gets none from here: the public
catalog's kept pages stay cookie-less.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ogop.accounts.models import User

SIGNED_IN_AT = "_ogop_signed_in_at"
LAST_SEEN = "_ogop_last_seen"
# The last-seen stamp may be this much older than the last request.
REFRESH_SECONDS = 5 * 60


def _now() -> int:
    return int(timezone.now().timestamp())


def _refresh_seconds() -> int:
    return min(REFRESH_SECONDS, settings.OGOP_SESSION_IDLE_SECONDS // 10)


def _stamp(request: HttpRequest, now: int) -> None:
    """Record the request as the last seen, and let the session live until it has been idle
    too long, or at most until its absolute end."""
    session = request.session
    session[LAST_SEEN] = now
    left = settings.SESSION_COOKIE_AGE - (now - session.setdefault(SIGNED_IN_AT, now))
    session.set_expiry(max(1, min(settings.OGOP_SESSION_IDLE_SECONDS, left)))


def session_is_over(request: HttpRequest, now: int) -> bool:
    """Whether the signed-in session has been idle too long, or has lived its longest."""
    session = request.session
    last_seen = session.get(LAST_SEEN, now)
    signed_in_at = session.get(SIGNED_IN_AT, now)
    return (
        now - last_seen > settings.OGOP_SESSION_IDLE_SECONDS
        or now - signed_in_at > settings.SESSION_COOKIE_AGE
    )


class SessionIdleMiddleware:
    """Sign out a session that is over; renew the idle limit of one in use (see above).

    Placed after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = _now()
            if session_is_over(request, now):
                logout(request)
            elif now - request.session.get(LAST_SEEN, 0) >= _refresh_seconds():
                _stamp(request, now)
        return self.get_response(request)


def start_clocks(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """On signing in (Django's user_logged_in, connected in accounts.apps): both clocks
    start, even when the same user signs in again within a session."""
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = now
        _stamp(request, now)
