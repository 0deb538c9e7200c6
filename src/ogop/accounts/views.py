from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from ogop.accounts.forms import ChangesForm, PreferencesForm, TokenForm
from ogop.accounts.models import User
from ogop.accounts.tokens import api_token_create, api_token_revoke
from ogop.core.audit import changes_on
from ogop.core.views import nothing_changed


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind login_required."""
    return cast(User, request.user)


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
    tokens = signed_in(request).api_tokens.all()
    context = {"form": form, "tokens": tokens, "token_form": TokenForm()}
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
