from django.urls import URLPattern, path

from ogop.reports import fair_report_views as views

urlpatterns: list[URLPattern] = [
    path("fairs/<str:code>/report/", views.fair_report, name="fair_report"),
    path("fairs/<str:code>/report.xlsx", views.fair_report_xlsx, name="fair_report_xlsx"),
    path("fairs/<str:code>/report.pdf", views.fair_report_pdf, name="fair_report_pdf"),
]
