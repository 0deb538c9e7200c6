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
    # A batch's label opens it (GS1 Digital Link: 01 is the GTIN, 10 the batch).
    path("01/<str:key>/10/<str:code>/", views.batch_trace, name="batch_trace"),
]
