"""The programme's work in the field: people, participants, missions, deliveries, promotion,
business plans and twinning."""

from django.urls import URLPattern, path

from ogop.programme.views import fieldwork, people

urlpatterns: list[URLPattern] = [
    # A programme's field work.
    path(
        "programmes/<int:pk>/fieldwork/", fieldwork.programme_fieldwork, name="programme_fieldwork"
    ),
    path("programmes/<int:pk>/missions/", fieldwork.programme_missions, name="programme_missions"),
    path("programmes/<int:pk>/missions/new/", fieldwork.mission_create, name="mission_create"),
    path(
        "programmes/<int:pk>/deliveries/",
        fieldwork.programme_deliveries,
        name="programme_deliveries",
    ),
    path("programmes/<int:pk>/deliveries/new/", fieldwork.delivery_create, name="delivery_create"),
    path(
        "programmes/<int:pk>/promotion/", fieldwork.programme_promotion, name="programme_promotion"
    ),
    path(
        "programmes/<int:pk>/promotion/new/",
        fieldwork.promotion_item_create,
        name="promotion_item_create",
    ),
    path(
        "programmes/<int:pk>/business-plans/",
        fieldwork.programme_business_plans,
        name="programme_business_plans",
    ),
    path(
        "programmes/<int:pk>/twinnings/", fieldwork.programme_twinnings, name="programme_twinnings"
    ),
    path("programmes/<int:pk>/twinnings/new/", fieldwork.twinning_create, name="twinning_create"),
    # People and the participants of trainings.
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path(
        "activities/<int:pk>/participants/",
        people.activity_participants,
        name="activity_participants",
    ),
    path(
        "activities/<int:pk>/participants/new/",
        people.participant_create,
        name="participant_create",
    ),
    path("participants/<int:pk>/edit/", people.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/remove/", people.participant_remove, name="participant_remove"),
    # Missions.
    path("missions/mine/", fieldwork.my_missions, name="my_missions"),
    path("missions/<int:pk>/", fieldwork.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/edit/", fieldwork.mission_edit, name="mission_edit"),
    path("missions/<int:pk>/report/", fieldwork.mission_report, name="mission_report"),
    # Deliveries.
    path("deliveries/mine/", fieldwork.my_deliveries, name="my_deliveries"),
    path("deliveries/<int:pk>/edit/", fieldwork.delivery_edit, name="delivery_edit"),
    path("deliveries/<int:pk>/visit/", fieldwork.delivery_visit, name="delivery_visit"),
    # Promotion.
    path("promotion/<int:pk>/edit/", fieldwork.promotion_item_edit, name="promotion_item_edit"),
    # Business plans.
    path(
        "products/<str:code>/business-plans/",
        fieldwork.product_business_plans,
        name="product_business_plans",
    ),
    path(
        "products/<str:code>/business-plans/new/",
        fieldwork.business_plan_create,
        name="business_plan_create",
    ),
    # Twinning.
    path("twinnings/<int:pk>/", fieldwork.twinning_detail, name="twinning_detail"),
    path("twinnings/<int:pk>/edit/", fieldwork.twinning_edit, name="twinning_edit"),
    path(
        "twinnings/<int:pk>/visits/new/",
        fieldwork.twinning_visit_create,
        name="twinning_visit_create",
    ),
    path(
        "twinnings/visits/<int:pk>/edit/", fieldwork.twinning_visit_edit, name="twinning_visit_edit"
    ),
]
