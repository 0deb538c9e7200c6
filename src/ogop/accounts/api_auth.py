"""Who calls the API: a bearer token's user, or an anonymous reader of the public catalog."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

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
