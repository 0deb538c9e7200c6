"""The programme's plan and money: programmes, components, activities, transactions, rates."""

from django.urls import URLPattern, path

from ogop.programme import views

urlpatterns: list[URLPattern] = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/plan/", views.programme_plan, name="programme_plan"),
    path("programmes/<int:pk>/activities/", views.activity_list, name="activity_list"),
    path("programmes/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("programmes/<int:pk>/money/", views.programme_money, name="programme_money"),
    path("programmes/<int:pk>/transactions/", views.transaction_list, name="transaction_list"),
    path(
        "programmes/<int:pk>/transactions/new/",
        views.transaction_create,
        name="transaction_create",
    ),
    path("components/<int:pk>/edit/", views.component_edit, name="component_edit"),
    path(
        "activities/products/suggest/",
        views.activity_product_suggest,
        name="activity_product_suggest",
    ),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("transactions/<int:pk>/edit/", views.transaction_edit, name="transaction_edit"),
    path("exchange-rates/", views.exchange_rate_list, name="exchange_rate_list"),
    path("exchange-rates/new/", views.exchange_rate_create, name="exchange_rate_create"),
]
