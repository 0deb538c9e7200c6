"""Who calls the API: a bearer token's user, or an anonymous reader of the public catalog;
and who calls the fair counter's endpoint: the user of the browser's session."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from ogop.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; required by the endpoints that write."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


def caller(request: HttpRequest) -> Any:
    """The token's user when a token is sent (a wrong token is refused), else anonymous."""
    header = request.headers.get("Authorization", "")
    if not header:
        return AnonymousUser()
    scheme, _, key = header.partition(" ")
    user = api_token_user(key.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError()
    return user


class CsrfRefused(Exception):
    """A request of a browser's session whose CSRF token is missing or wrong."""


class SessionAuth(NinjaSessionAuth):
    """The user logged in to the browser's session, on a request that passes Django's CSRF
    check. A failed check raises CsrfRefused, so that the API can say why in its own words
    (ninja's check answers only "CSRF check Failed")."""

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked in __call__ instead

    def __call__(self, request: HttpRequest) -> Any:
        if check_csrf(request) is not None:
            raise CsrfRefused()
        return super().__call__(request)
