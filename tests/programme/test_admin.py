"""The programme in the administration pages: money stays in its currency, and components,
activities and business plans stay where they belong."""

import pytest
from django.urls import reverse

from ogop.programme.models import Component
from tests.factories import PASSWORD, ProductFactory
from tests.programme.factories import (
    ActivityFactory,
    ProgrammeFactory,
    business_plan,
    component,
    transaction,
)


@pytest.fixture
def admin_client(client, make_user):
    client.login(username=make_user("admin").username, password=PASSWORD)
    return client


def form_fields(client, url):
    return client.get(url).context["adminform"].form.fields


def test_a_programmes_currency_is_fixed_once_money_is_recorded(admin_client):
    programme = ProgrammeFactory()
    url = reverse("admin:programme_programme_change", args=[programme.pk])
    assert "currency" in form_fields(admin_client, url)
    transaction(programme, "1000.00")
    assert "currency" not in form_fields(admin_client, url)


def test_components_and_activities_stay_in_their_programme(admin_client):
    activity = ActivityFactory()
    own = activity.component.programme
    other = component(ProgrammeFactory())
    url = reverse("admin:programme_component_change", args=[activity.component.pk])
    assert "programme" not in form_fields(admin_client, url)
    url = reverse("admin:programme_activity_change", args=[activity.pk])
    choices = form_fields(admin_client, url)["component"].queryset
    assert set(choices) == set(Component.objects.filter(programme=own))
    assert len(choices) > 1
    assert other not in choices


def test_only_the_latest_business_plan_is_corrected(admin_client):
    product = ProductFactory()
    first, latest = business_plan(product), business_plan(product)
    for plan, allowed in ((first, False), (latest, True)):
        change = admin_client.get(reverse("admin:programme_businessplan_change", args=[plan.pk]))
        assert change.context["has_change_permission"] is allowed
        delete = admin_client.get(reverse("admin:programme_businessplan_delete", args=[plan.pk]))
        assert (delete.status_code == 200) is allowed
