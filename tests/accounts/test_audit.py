"""An administrator reads what changed in a day; nobody can edit the record of changes."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from ogop.accounts.models import Role
from ogop.products.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _on(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def day_of_work(officer):
    """Two products changed on 17 December 2017, one the day after."""
    day = dt.date(2017, 12, 17)
    first = ProductFactory(code="AUD-1", name_en="Dried apple")
    second = ProductFactory(code="AUD-2")
    third = ProductFactory(code="AUD-3")
    for product, when in ((first, _on(day)), (second, _on(day, 15)), (third, _on(day, 23))):
        product.history.update(history_date=when - dt.timedelta(days=30))
        product.name_en += " (new label)"
        product._history_user = officer
        product._history_date = when
        product.save()
    third.history.filter(history_type="~").update(history_date=_on(day + dt.timedelta(days=1), 9))
    return day


def test_an_administrator_sees_the_days_changes_with_who_and_when(
    client, make_user, officer, day_of_work
):
    client.force_login(make_user(Role.ADMIN))
    response = client.get(reverse("audit_changes"), {"day": "2017-12-17"})
    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.total == 2
    assert [change.record for change in changes.changes] == ["AUD-2", "AUD-1"]
    assert all(change.who == officer for change in changes.changes)
    assert "AUD-3" not in response.content.decode()


def test_the_day_may_be_given_in_the_buddhist_era(client, make_user, day_of_work):
    client.force_login(make_user(Role.ADMIN))
    response = client.get(reverse("audit_changes"), {"day": "17/12/2560"})
    assert response.context["changes"].total == 2


def test_changes_can_be_narrowed_to_a_kind_of_record(client, make_user, day_of_work):
    client.force_login(make_user(Role.ADMIN))
    response = client.get(reverse("audit_changes"), {"day": "2017-12-17", "model": "fairs.Sale"})
    assert response.context["changes"].total == 0


def test_a_bad_day_says_so(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    response = client.get(reverse("audit_changes"), {"day": "31/02/2017"})
    assert response.status_code == 200
    assert response.context["form"].errors["day"]


@pytest.mark.parametrize(
    "role",
    [
        Role.PROGRAMME_OFFICER,
        Role.PARTNER_OFFICER,
        Role.PRODUCER,
        Role.EXPERT,
        Role.ASSESSOR,
        Role.CASHIER,
    ],
)
def test_only_administrators_read_the_changes(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("audit_changes")).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("audit_changes")).status_code == 302


def test_programme_product_rating_and_sale_data_keep_their_history():
    kept = {model._meta.label for model in registered_models.values()}
    assert {
        "programme.Programme",
        "programme.Activity",
        "programme.Transaction",
        "products.Product",
        "rating.AssessmentRound",
        "rating.Score",
        "fairs.Sale",
        "results.Indicator",
        "results.Period",
    } <= kept


def test_history_cannot_be_edited_in_the_administration():
    historical = {
        model.history.model for model in registered_models.values() if hasattr(model, "history")
    }
    assert historical
    assert not historical & set(admin.site._registry)


def test_a_product_change_is_recorded_with_its_user(officer):
    product = ProductFactory()
    product.name_en = "Renamed"
    product._history_user = officer
    product.save()
    latest = Product.history.filter(code=product.code).latest("history_date")
    assert latest.history_user == officer
    assert latest.history_type == "~"
