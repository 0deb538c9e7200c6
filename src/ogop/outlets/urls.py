from django.urls import path

from ogop.outlets import views

urlpatterns = [
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/new/", views.outlet_create, name="outlet_create"),
    path("outlets/dispatches/new/", views.dispatch_create, name="dispatch_create"),
    path("outlets/dispatches/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("outlets/<str:code>/", views.outlet_detail, name="outlet_detail"),
    path("outlets/<str:code>/edit/", views.outlet_edit, name="outlet_edit"),
    path("outlets/<str:code>/count/", views.stock_count, name="stock_count"),
]
