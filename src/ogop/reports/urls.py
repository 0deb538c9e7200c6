from django.urls import URLPattern

from ogop.reports import urls_dashboard, urls_iati

# The programme's dashboard, XLSX and PDF report, then its IATI file.
urlpatterns: list[URLPattern] = [*urls_dashboard.urlpatterns, *urls_iati.urlpatterns]
