from django.urls import path

from ogop.catalog import views

urlpatterns = [
    path("", views.home, name="catalog_home"),
    path("search/", views.search, name="catalog_search"),
    path("search/suggest/", views.suggest, name="catalog_suggest"),
    path("browse/", views.browse, name="catalog_browse"),
    path("browse/<str:code>/", views.browse_area, name="catalog_area"),
    path("p/<str:code>/", views.product, name="catalog_product"),
    path("g/<str:code>/", views.group, name="catalog_group"),
    path("fair/<str:code>/", views.fair, name="catalog_fair"),
]
