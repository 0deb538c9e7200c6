from django.urls import URLPattern, path

from ogop.reports import dashboard_views as views

urlpatterns: list[URLPattern] = [
    path(
        "programmes/<int:pk>/dashboard/",
        views.programme_dashboard_page,
        name="programme_dashboard",
    ),
    path(
        "programmes/<int:pk>/report.xlsx",
        views.programme_report_xlsx,
        name="programme_report_xlsx",
    ),
    path("programmes/<int:pk>/report.pdf", views.programme_report_pdf, name="programme_report_pdf"),
]
