"""Pages of product development and quality: stages, certifications and labels."""

from django.urls import path

from ogop.products import views

urlpatterns = [
    path("development/", views.stage_board, name="stage_board"),
    path("development/<str:code>/next/", views.stage_board_advance, name="stage_board_advance"),
    path("products/<str:code>/stage/", views.product_stage_move, name="product_stage_move"),
    path("products/<str:code>/label.pdf", views.product_label, name="product_label"),
    path(
        "products/<str:code>/certifications/new/",
        views.certification_create,
        name="certification_create",
    ),
    path(
        "products/<str:code>/certifications/<int:pk>/edit/",
        views.certification_edit,
        name="certification_edit",
    ),
    path(
        "products/<str:code>/certifications/<int:pk>/delete/",
        views.certification_delete,
        name="certification_delete",
    ),
]
