from django.urls import URLPattern, path

from ogop.reports import iati_views

urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/iati.xml", iati_views.programme_iati, name="programme_iati"),
]
