from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ogop.accounts.models import Role
from ogop.accounts.request_user import signed_in
from ogop.programme.selectors import current_programme
from ogop.reports import homes


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands: what starts their day, by their role (reports.homes)."""
    user = signed_in(request)
    today = timezone.localdate()
    role = user.role
    home_of_role: Any
    if role == Role.PRODUCER:
        template, home_of_role = "producer", homes.producer_home(user)
    elif role == Role.ASSESSOR:
        template, home_of_role = "assessor", homes.assessor_home(user)
    elif role == Role.EXPERT:
        template, home_of_role = "expert", homes.expert_home(user, today)
    elif role == Role.CASHIER:
        template, home_of_role = "cashier", homes.cashier_home(user, today)
    elif role == Role.PARTNER_OFFICER and (programme := current_programme()):
        return redirect(reverse("programme_dashboard", args=[programme.pk]))
    else:
        # Programme officers and administrators (and a partner officer before any programme).
        template, home_of_role = "officer", homes.officer_home(user, today)
    context = {"home": home_of_role, "renew_within": homes.RENEW_WITHIN.days}
    return render(request, f"reports/home_{template}.html", context)
