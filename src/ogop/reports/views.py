from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ogop.accounts.roles import is_registry_reader
from ogop.fairs.selectors import fair_list
from ogop.products.models import Category, Stage
from ogop.products.selectors import registry_totals
from ogop.programme.selectors import programme_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The overview a user lands on: the registry in numbers, programmes and fairs."""
    totals = registry_totals(user=request.user)
    staff = is_registry_reader(request.user)
    context = {
        "totals": totals,
        "stages": [(label, totals["by_stage"].get(value, 0)) for value, label in Stage.choices],
        "categories": [
            (label, totals["by_category"].get(value, 0)) for value, label in Category.choices
        ],
        "programmes": programme_list()[:5] if staff else [],
        "fairs": fair_list()[:5] if staff else [],
    }
    return render(request, "reports/home.html", context)
