"""Password reset by e-mail, with Django's own views and one-time links (a link works once,
and for PASSWORD_RESET_TIMEOUT).

The page answers the same whether an account has the address or not, so it tells no one who
has an account. Requests are throttled like logins: OGOP_RESET_LIMIT for one address, and from
one client, within the login lockout's time (AXES_COOLOFF_TIME); past that the person is told,
with status 429, when to try again, and no mail goes. Requests are counted whether the address
is anyone's or not, so the throttle tells nothing either. The mail is written in the language
of the page it was asked from (the link carries it on), which is the person's.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from ogop.accounts.models import ResetRequest
from ogop.accounts.security import client_ip


class TooManyResets(Exception):
    """Too many reset links asked for this address, or from this client, of late."""


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def reset_request_record(*, address: str, client: str | None) -> ResetRequest:
    """Count a request for a reset link, or refuse it when the address or the client has asked
    OGOP_RESET_LIMIT times within the lockout time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    ResetRequest.objects.filter(requested_at__lt=since).delete()
    recent = ResetRequest.objects.filter(requested_at__gte=since)
    address_hash = _address_hash(address)
    limit = settings.OGOP_RESET_LIMIT
    if recent.filter(address_hash=address_hash).count() >= limit or (
        client and recent.filter(client=client).count() >= limit
    ):
        raise TooManyResets()
    return ResetRequest.objects.create(address_hash=address_hash, client=client or "")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            reset_request_record(address=form.cleaned_data["email"], client=client_ip(self.request))
        except TooManyResets:
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            context = {"minutes": minutes, "limit": settings.OGOP_RESET_LIMIT}
            return render(
                self.request, "accounts/password_reset_throttled.html", context, status=429
            )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
