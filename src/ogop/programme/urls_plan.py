"""The programme's plan and money: programmes, components, activities, transactions, rates."""

from django.urls import URLPattern, path

from ogop.programme.views import money, plan

urlpatterns: list[URLPattern] = [
    path("programmes/", plan.programme_list, name="programme_list"),
    path("programmes/new/", plan.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", plan.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", plan.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/plan/", plan.programme_plan, name="programme_plan"),
    path("programmes/<int:pk>/activities/", plan.activity_list, name="activity_list"),
    path("programmes/<int:pk>/activities/new/", plan.activity_create, name="activity_create"),
    path("programmes/<int:pk>/money/", money.programme_money, name="programme_money"),
    path("programmes/<int:pk>/transactions/", money.transaction_list, name="transaction_list"),
    path(
        "programmes/<int:pk>/transactions/new/",
        money.transaction_create,
        name="transaction_create",
    ),
    path("components/<int:pk>/edit/", plan.component_edit, name="component_edit"),
    path(
        "activities/products/suggest/",
        plan.activity_product_suggest,
        name="activity_product_suggest",
    ),
    path("activities/<int:pk>/", plan.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", plan.activity_edit, name="activity_edit"),
    path("transactions/<int:pk>/edit/", money.transaction_edit, name="transaction_edit"),
    path("exchange-rates/", money.exchange_rate_list, name="exchange_rate_list"),
    path("exchange-rates/new/", money.exchange_rate_create, name="exchange_rate_create"),
]
