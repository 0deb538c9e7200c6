"""The platform's pages, and beside them the baseline of the page cases: a view that returns
a fixed string through the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

FIXED = "<!doctype html><title>fixed</title><p>A fixed string.</p>"


def fixed(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FIXED)


urlpatterns = [
    path("bench/fixed/", fixed, name="bench_fixed"),
    path("", include("ogop.urls")),
]
handler404 = "ogop.core.views.page_not_found"
