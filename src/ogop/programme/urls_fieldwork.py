"""The programme's work in the field: people, participants, missions, deliveries, promotion,
business plans and twinning."""

from django.urls import URLPattern, path

from ogop.programme import fieldwork_views as views

urlpatterns: list[URLPattern] = [
    # A programme's field work.
    path("programmes/<int:pk>/fieldwork/", views.programme_fieldwork, name="programme_fieldwork"),
    path("programmes/<int:pk>/missions/", views.programme_missions, name="programme_missions"),
    path("programmes/<int:pk>/missions/new/", views.mission_create, name="mission_create"),
    path(
        "programmes/<int:pk>/deliveries/", views.programme_deliveries, name="programme_deliveries"
    ),
    path("programmes/<int:pk>/deliveries/new/", views.delivery_create, name="delivery_create"),
    path("programmes/<int:pk>/promotion/", views.programme_promotion, name="programme_promotion"),
    path(
        "programmes/<int:pk>/promotion/new/",
        views.promotion_item_create,
        name="promotion_item_create",
    ),
    path(
        "programmes/<int:pk>/business-plans/",
        views.programme_business_plans,
        name="programme_business_plans",
    ),
    path("programmes/<int:pk>/twinnings/", views.programme_twinnings, name="programme_twinnings"),
    path("programmes/<int:pk>/twinnings/new/", views.twinning_create, name="twinning_create"),
    # People and the participants of trainings.
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "activities/<int:pk>/participants/",
        views.activity_participants,
        name="activity_participants",
    ),
    path(
        "activities/<int:pk>/participants/new/",
        views.participant_create,
        name="participant_create",
    ),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    # Missions.
    path("missions/mine/", views.my_missions, name="my_missions"),
    path("missions/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/edit/", views.mission_edit, name="mission_edit"),
    path("missions/<int:pk>/report/", views.mission_report, name="mission_report"),
    # Deliveries.
    path("deliveries/mine/", views.my_deliveries, name="my_deliveries"),
    path("deliveries/<int:pk>/edit/", views.delivery_edit, name="delivery_edit"),
    path("deliveries/<int:pk>/visit/", views.delivery_visit, name="delivery_visit"),
    # Promotion.
    path("promotion/<int:pk>/edit/", views.promotion_item_edit, name="promotion_item_edit"),
    # Business plans.
    path(
        "products/<str:code>/business-plans/",
        views.product_business_plans,
        name="product_business_plans",
    ),
    path(
        "products/<str:code>/business-plans/new/",
        views.business_plan_create,
        name="business_plan_create",
    ),
    # Twinning.
    path("twinnings/<int:pk>/", views.twinning_detail, name="twinning_detail"),
    path("twinnings/<int:pk>/edit/", views.twinning_edit, name="twinning_edit"),
    path(
        "twinnings/<int:pk>/visits/new/",
        views.twinning_visit_create,
        name="twinning_visit_create",
    ),
    path("twinnings/visits/<int:pk>/edit/", views.twinning_visit_edit, name="twinning_visit_edit"),
]
