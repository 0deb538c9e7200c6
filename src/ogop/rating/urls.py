from django.urls import path

from ogop.rating import views

urlpatterns = [
    path("rating/rubrics/", views.rubric_list, name="rubric_list"),
    path("rating/rubrics/new/", views.rubric_define, name="rubric_define"),
    path("rating/rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path(
        "rating/rubrics/<int:pk>/new-version/",
        views.rubric_new_version,
        name="rubric_new_version",
    ),
    path("rating/rounds/", views.round_list, name="round_list"),
    path("rating/rounds/new/", views.round_create, name="round_create"),
    path("rating/rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rating/rounds/<int:pk>/products/", views.round_add_products, name="round_add_products"),
    path("rating/rounds/<int:pk>/assessors/", views.round_add_assessor, name="round_add_assessor"),
    path("rating/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path(
        "rating/rounds/<int:pk>/products/<str:code>/",
        views.assessment_score,
        name="assessment_score",
    ),
]
