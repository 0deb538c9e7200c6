"""The results framework of a programme, under the programme's address."""

from django.urls import path

from ogop.results import views

urlpatterns = [
    path("programmes/<int:pk>/results/", views.results_framework, name="results_framework"),
    path("programmes/<int:pk>/results/new/", views.result_create, name="result_create"),
    path(
        "programmes/<int:pk>/results/<int:result_pk>/edit/",
        views.result_edit,
        name="result_edit",
    ),
    path(
        "programmes/<int:pk>/results/<int:result_pk>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "programmes/<int:pk>/results/indicators/<int:indicator_pk>/",
        views.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "programmes/<int:pk>/results/indicators/<int:indicator_pk>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "programmes/<int:pk>/results/indicators/<int:indicator_pk>/periods/new/",
        views.period_create,
        name="period_create",
    ),
    path(
        "programmes/<int:pk>/results/periods/<int:period_pk>/edit/",
        views.period_edit,
        name="period_edit",
    ),
]
