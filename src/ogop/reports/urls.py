from django.urls import URLPattern

from ogop.reports import urls_dashboard, urls_fair_report, urls_iati

# The programme's dashboard, XLSX and PDF report, then its IATI file; a fair's report.
urlpatterns: list[URLPattern] = [
    *urls_dashboard.urlpatterns,
    *urls_iati.urlpatterns,
    *urls_fair_report.urlpatterns,
]
