from django.urls import URLPattern, path

from ogop.reports import iati_views

urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/iati.xml", iati_views.programme_iati, name="programme_iati"),
    path(
        "programmes/<int:pk>/iati-organisation.xml",
        iati_views.programme_iati_organisation,
        name="programme_iati_organisation",
    ),
    path(
        "programmes/<int:pk>/iati-registry.zip",
        iati_views.programme_iati_registry,
        name="programme_iati_registry",
    ),
    path(
        "programmes/<int:pk>/publishing/",
        iati_views.programme_publishing,
        name="programme_publishing",
    ),
]
