from django.urls import path

from ogop.fairs import views

urlpatterns = [
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/new/", views.fair_create, name="fair_create"),
    path("fairs/<str:code>/", views.fair_detail, name="fair_detail"),
    path("fairs/<str:code>/edit/", views.fair_edit, name="fair_edit"),
    path("fairs/<str:code>/booths/new/", views.fair_booth_create, name="fair_booth_create"),
    path("fairs/<str:code>/booths/<str:booth>/", views.fair_booth_detail, name="fair_booth_detail"),
    path(
        "fairs/<str:code>/booths/<str:booth>/edit/", views.fair_booth_edit, name="fair_booth_edit"
    ),
    path(
        "fairs/<str:code>/booths/<str:booth>/exhibits/new/",
        views.fair_exhibit_create,
        name="fair_exhibit_create",
    ),
    path(
        "fairs/<str:code>/booths/<str:booth>/exhibits/products/",
        views.fair_exhibit_products,
        name="fair_exhibit_products",
    ),
    path("fairs/<str:code>/booths/<str:booth>/counter/", views.fair_counter, name="fair_counter"),
    path(
        "fairs/<str:code>/booths/<str:booth>/counter/manifest.webmanifest",
        views.fair_counter_manifest,
        name="fair_counter_manifest",
    ),
    # At the root: a service worker's scope is at most the folder it is served from.
    path("counter-sw.js", views.counter_service_worker, name="counter_service_worker"),
    # The sales the counter sends: fair_sale_record, a route of the counter's API (fairs.api).
    path(
        "fairs/<str:code>/exhibits/<int:pk>/edit/",
        views.fair_exhibit_edit,
        name="fair_exhibit_edit",
    ),
    path(
        "fairs/<str:code>/exhibits/<int:pk>/restock/",
        views.fair_exhibit_restock,
        name="fair_exhibit_restock",
    ),
    path("fairs/<str:code>/sales/", views.fair_sale_list, name="fair_sale_list"),
    path(
        "fairs/<str:code>/sales/<uuid:client_uuid>/",
        views.fair_sale_receipt,
        name="fair_sale_receipt",
    ),
    path(
        "fairs/<str:code>/sales/<uuid:client_uuid>/void/",
        views.fair_sale_void,
        name="fair_sale_void",
    ),
    path("fairs/<str:code>/leads/", views.fair_lead_list, name="fair_lead_list"),
    path("fairs/<str:code>/leads/new/", views.fair_lead_create, name="fair_lead_create"),
    path("fairs/<str:code>/leads/<int:pk>/", views.fair_lead_edit, name="fair_lead_edit"),
]
