from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts import two_factor
from ogop.accounts.audit import changes_on
from ogop.accounts.forms import ChangesForm, CodeForm, PreferencesForm, SetupCodeForm, TokenForm
from ogop.accounts.models import User
from ogop.accounts.request_user import signed_in
from ogop.accounts.tokens import api_token_create, api_token_revoke
from ogop.core.views import nothing_changed


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    # The account itself, not the request's lazy stand-in: its history is read to compare.
    account = User.objects.get(pk=signed_in(request).pk)
    form = PreferencesForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        # An account keeps history: an unchanged form adds no entry to it.
        if not nothing_changed(request, form):
            form.save()
            messages.success(request, _("Your preferences were saved."))
        return redirect("preferences")
    user = signed_in(request)
    context = {
        "form": form,
        "tokens": user.api_tokens.all(),
        "token_form": TokenForm(),
        "two_factor_offered": two_factor.is_offered(user),
        "authenticator": two_factor.authenticator(user),
    }
    return render(request, "accounts/preferences.html", context)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("preferences")
    _token, key = api_token_create(user=signed_in(request), name=form.cleaned_data["name"])
    # Shown once: only its hash is kept.
    return render(request, "accounts/token_created.html", {"key": key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if api_token_revoke(user=signed_in(request), token_id=token_id):
        messages.success(request, _("The token was revoked."))
    return redirect("preferences")


@login_required
@permission_required("accounts.view_audit", raise_exception=True)
def changes(request: HttpRequest) -> HttpResponse:
    """What changed on a day, across the platform, a page at a time. Read only."""
    data = request.GET if "day" in request.GET else {"day": timezone.localdate().isoformat()}
    form = ChangesForm(data, reader=request.user)
    day_of_changes = None
    if form.is_valid():
        day_of_changes = changes_on(
            form.cleaned_data["day"],
            reader=request.user,
            model_label=form.cleaned_data["model"],
            who=form.cleaned_data["who"],
            page=request.GET.get("page", 1),
        )
    htmx = getattr(request, "htmx", False)
    template = "accounts/partials/_changes.html" if htmx else "accounts/changes.html"
    return render(request, template, {"form": form, "changes": day_of_changes})


def _next_page(request: HttpRequest) -> str:
    """Where the person was going before their second step: a page of this site, else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("home")


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code or type the key, then confirm with a code."""
    if request.session.get(two_factor.SESSION_KEY) == two_factor.CODE:
        # Only the password so far: replacing the authenticator would skip the second step.
        return redirect(f"{reverse('two_factor_code')}?{request.GET.urlencode()}")
    user = signed_in(request)
    form = SetupCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.authenticator_confirm(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except two_factor.WrongCode:
            form.add_error("code", _("That is not the code the app shows. Try the current one."))
        else:
            shown = {"codes": codes, "next": _next_page(request)}
            return render(request, "accounts/two_factor_backup_codes.html", shown)
    if form.errors:
        status = 422
    device = two_factor.authenticator_start(request=request, user=user)
    context: dict[str, Any] = {
        "form": form,
        "required": two_factor.is_required(user),
        "replacing": two_factor.authenticator(user) is not None,
        "qr": two_factor.qr_svg_data_uri(device.config_url),
        "key": two_factor.key_for_typing(device),
        "next": _next_page(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=status)


@login_required
def two_factor_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the authenticator app, or a backup code."""
    step = request.session.get(two_factor.SESSION_KEY)
    if step == two_factor.SETUP:
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    if step != two_factor.CODE:
        return redirect(_next_page(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.second_step_verify(
                request=request, user=signed_in(request), code=form.cleaned_data["code"]
            )
        except two_factor.WrongCode:
            form.add_error("code", _("That code is not right. Try the one the app shows now."))
        except two_factor.TooManyTries as refusal:
            status = 429
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes: wait %(seconds)d second, then try again.",
                    "Too many wrong codes: wait %(seconds)d seconds, then try again.",
                    refusal.seconds,
                )
                % {"seconds": refusal.seconds},
            )
        else:
            return redirect(_next_page(request))
    if form.errors and status == 200:
        status = 422
    context = {"form": form, "next": _next_page(request)}
    return render(request, "accounts/two_factor_code.html", context, status=status)
