from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from ogop.accounts import views as accounts
from ogop.accounts.password_reset import PasswordResetConfirmView, PasswordResetView
from ogop.api.api import api, counter_urls
from ogop.places import views as places
from ogop.producers import views as producers
from ogop.products import views as products
from ogop.products.transfer import views as transfer
from ogop.reports import area_views as areas
from ogop.reports import views as reports

urlpatterns = [
    path("staff/", reports.home, name="home"),
    path("areas/", areas.area_list, name="area_list"),
    path("areas/suggest/", places.area_suggest, name="area_suggest"),
    path("areas/<str:code>/", areas.area_detail, name="area_detail"),
    path("groups/", producers.group_list, name="producer_group_list"),
    path("groups/new/", producers.group_create, name="producer_group_create"),
    path("groups/suggest/", producers.group_suggest, name="group_suggest"),
    path("groups/<str:code>/", producers.group_detail, name="producer_group_detail"),
    path("groups/<str:code>/edit/", producers.group_edit, name="producer_group_edit"),
    path("products/", products.product_list, name="product_list"),
    path("products/new/", products.product_create, name="product_create"),
    path("products/<str:code>/", products.product_detail, name="product_detail"),
    path("products/<str:code>/edit/", products.product_edit, name="product_edit"),
    path("registry/import/", transfer.registry_import, name="registry_import"),
    path("registry/export/", transfer.registry_export, name="registry_export"),
    path("registry/jobs/", transfer.registry_jobs, name="registry_jobs"),
    path("registry/jobs/<int:job_id>/", transfer.registry_job, name="registry_job"),
    path("registry/jobs/<int:job_id>/file/", transfer.registry_job_file, name="registry_job_file"),
    path(
        "registry/jobs/<int:job_id>/cancel/",
        transfer.registry_job_cancel,
        name="registry_job_cancel",
    ),
    path("staff/changes/", accounts.changes, name="audit_changes"),
    path("preferences/", accounts.preferences, name="preferences"),
    path("preferences/tokens/", accounts.token_create, name="token_create"),
    path("preferences/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-step/", accounts.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-step/code/", accounts.two_factor_code, name="two_factor_code"),
    path("accounts/password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("", include("ogop.catalog.urls")),
    path("", include("ogop.products.urls")),
    path("", include("ogop.rating.urls")),
    path("", include("ogop.fairs.urls")),
    path("", include(counter_urls())),
    path("", include("ogop.supply.urls")),
    path("", include("ogop.outlets.urls")),
    path("", include("ogop.programme.urls")),
    path("", include("ogop.results.urls")),
    path("", include("ogop.reports.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Uploaded photos, to those who may see them (the web server sends the bytes when
    # OGOP_MEDIA_ACCEL says how: docs/deploy.md).
    re_path(r"^media/(?P<name>.+)$", products.photo_file, name="media_file"),
]

handler404 = "ogop.core.views.page_not_found"
