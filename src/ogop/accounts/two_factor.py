"""Two-step sign-in: after the password, a six-digit code from an authenticator app (TOTP,
django-otp) or one of the backup codes shown once when the app was set up.

Required of administrators; offered to the roles that handle money or personal data
(OFFERED_ROLES) on their Preferences page. On signing in (Django's user_logged_in, connected in
accounts.apps) the session notes what the person still owes: nothing, their code, or, for an
administrator without an authenticator, setting one up. Until then SecondStepMiddleware sends
every page to that step, the admin site included. Once it is done the session says so, and no
later request costs a query.

The JSON API is not behind this: its bearer tokens are not sessions, and a token can only be
made on the Preferences page, which a person owing their second step cannot reach. A token
stands for what was proven when it was made, until it is revoked (accounts.tokens).
"""

import base64
import io
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ogop.accounts.models import Role, User

SESSION_KEY = "_ogop_second_step"
PENDING_KEY = "_ogop_authenticator_key"
DONE, CODE, SETUP = "done", "code", "setup"
# Those who handle money (cashiers, officers with budgets) or personal data (trainees, staff).
OFFERED_ROLES = {Role.ADMIN, Role.PROGRAMME_OFFICER, Role.PARTNER_OFFICER, Role.CASHIER}
BACKUP_CODES = 10
# The pages a person owing their second step may still open.
OPEN_URL_NAMES = {"two_factor_setup", "two_factor_code", "logout", "set_language", "admin:logout"}


class WrongCode(Exception):
    """The code is not the authenticator's current one, nor an unused backup code."""


class TooManyTries(Exception):
    """Wrong codes came too fast: the next try must wait (django-otp's doubling delay)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def is_offered(user: User) -> bool:
    return user.is_administrator or user.role in OFFERED_ROLES


def is_required(user: User) -> bool:
    return user.is_administrator


def authenticator(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def step_owed(user: User) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return CODE
    return SETUP if is_required(user) else DONE


def note_step_owed(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """On signing in: what the person still owes before they may use the platform."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = step_owed(user)


def authenticator_start(*, request: HttpRequest, user: User) -> TOTPDevice:
    """The authenticator being set up, not stored: its key waits in the session (the same on
    every visit, so a slow scan still counts) until a code confirms it. Opening the page
    writes nothing."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = default_key()
    return TOTPDevice(user=user, name="authenticator", key=key, confirmed=True)


def authenticator_confirm(*, request: HttpRequest, user: User, code: str) -> list[str]:
    """Confirm the authenticator being set up with a code it shows; it replaces any earlier
    one, the session counts as verified, and new backup codes are returned (to show once).

    Not throttled: the key is on the signed-in person's screen, there is nothing to guess."""
    device = authenticator_start(request=request, user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (code.isdigit() and totp.verify(int(code), device.tolerance)):
        raise WrongCode()
    device.last_t = totp.t()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
        codes = _backup_codes_renew(user)
    del request.session[PENDING_KEY]
    request.session[SESSION_KEY] = DONE
    return codes


def _backup_codes_renew(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="backup codes")
    codes = [StaticToken.random_token() for _code in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def second_step_verify(*, request: HttpRequest, user: User, code: str) -> None:
    """Check the code after the password: the authenticator's, or an unused backup code
    (used up by this). Wrong codes in a row make the next try wait 1, 2, 4 … seconds."""
    code = code.strip().replace(" ", "").lower()
    with transaction.atomic():
        apps = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        backups = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        waits = [_wait_seconds(device) for device in [*apps, *backups]]
        # Six digits are the app's code, anything else a backup code: a backup code used
        # must not count as a wrong code against the app, and delay the next sign-in.
        devices = apps if code.isdigit() and len(code) == 6 else backups
        # A wrong code is counted against the device (the delay): kept, not rolled back.
        verified = not any(waits) and any(device.verify_token(code) for device in devices)
    if any(waits):
        raise TooManyTries(max(waits))
    if not verified:
        raise WrongCode()
    request.session[SESSION_KEY] = DONE


def _wait_seconds(device: TOTPDevice | StaticDevice) -> int:
    """How long the device refuses codes after wrong ones: 0 when it takes them now."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def authenticator_remove(*, user: User) -> bool:
    """Turn two-step sign-in off, for those not required to use it."""
    if is_required(user):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    return True


def key_for_typing(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed (base32), in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def qr_svg_data_uri(text: str) -> str:
    """A QR code of the text as an SVG data address, for an <img> the page's policy allows."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _step_url(step: str, request: HttpRequest) -> str:
    name = "two_factor_code" if step == CODE else "two_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


def _is_open(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_URL_NAMES


class SecondStepMiddleware:
    """Send a signed-in person who still owes their second step to it (see above).

    Placed after AuthenticationMiddleware and the session's idle check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            step = request.session.get(SESSION_KEY)
            if step is None:
                # A session from before two-step sign-in: ask now what it owes.
                step = request.session[SESSION_KEY] = step_owed(request.user)
            if step != DONE and not _is_open(request):
                url = _step_url(step, request)
                if request.headers.get("HX-Request") == "true":
                    # htmx would swap the step's page into a fragment: have it load the page.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return HttpResponseRedirect(url)
        return self.get_response(request)
