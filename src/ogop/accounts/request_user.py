"""The signed-in user of a request, typed, for views and routes behind a login."""

from typing import cast

from django.http import HttpRequest

from ogop.accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind login_required."""
    return cast(User, request.user)
