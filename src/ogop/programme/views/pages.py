"""What the programme's staff pages share: the tabs' context, the crumbs, and the form page
that hands a record to its service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ogop.core.concurrency import unchanged_since_opened, versioned
from ogop.core.forms import add_service_errors
from ogop.core.views import nothing_changed
from ogop.programme.forms.base import FieldworkForm
from ogop.programme.models import Programme

# The programme's tabs (plan and money) ------------------------------------------------------

VIEW = "programme.view_programme"


def form_status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


def programme_context(programme: Programme, user: Any, tab: str) -> dict[str, Any]:
    """What the programme's tabs need on every page of it."""
    return {
        "programme": programme,
        "tab": tab,
        "can_change": user.has_perm("programme.change_programme", programme),
        "can_plan": user.has_perm("programme.change_plan", programme),
        "can_see_money": user.has_perm("programme.view_money", programme),
        "can_change_money": user.has_perm("programme.change_money", programme),
    }


# The pages of the work in the field (people and fieldwork) ----------------------------------

FORM_TEMPLATE = "programme/fieldwork_form.html"

Crumbs = list[tuple[str, str]]


def fieldwork_crumbs(programme: Programme, *more: tuple[str, str]) -> Crumbs:
    return [(str(programme), reverse("programme_fieldwork", args=[programme.pk])), *more]


def form_page(
    request: HttpRequest,
    form: FieldworkForm,
    *,
    save: Callable[[Any], models.Model],
    done: Callable[[Any], str],
    message: str | Callable[[Any], str],
    heading: str,
    crumbs: Crumbs,
    cancel_url: str,
    template: str = FORM_TEMPLATE,
    **extra: Any,
) -> HttpResponse:
    """Show the form; on a valid post hand its record to `save` (a service), say so and go
    to `done(saved)`. A refused post shows the form again with its errors (422) and has
    written nothing; so does a record's form sent back unchanged, which goes to
    `done(record)`."""
    versioned(form)
    if request.method == "POST" and form.is_valid():
        if form.instance.pk and nothing_changed(request, form):
            return redirect(done(form.instance))
        try:
            with unchanged_since_opened(form):  # the record and its history, or neither
                saved = save(form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message(saved) if callable(message) else message)
            return redirect(done(saved))
    context = {"form": form, "heading": heading, "crumbs": crumbs, "cancel_url": cancel_url}
    return render(request, template, {**context, **extra}, status=form_status(request))
