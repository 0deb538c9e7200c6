"""An administrator reads what changed in a day; nobody can edit the record of changes."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.models import registered_models

from ogop.accounts.audit import PAGE_SIZE, audited_models
from ogop.accounts.forms import ChangesForm
from ogop.accounts.models import Organisation, Role, User
from ogop.core.history import FieldChange
from ogop.fairs.models import Booth
from ogop.products.models import Product, Stage
from tests.factories import PASSWORD, ProducerGroupFactory, ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory

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
        Role.PARTNER_OFFICER,
        Role.PRODUCER,
        Role.EXPERT,
        Role.ASSESSOR,
        Role.CASHIER,
    ],
)
def test_only_administrators_and_programme_officers_read_the_changes(client, make_user, role):
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


# Every kind of record, paging, links, and only what changed.


def _today(client, **params):
    return client.get(reverse("audit_changes"), {"day": timezone.localdate().isoformat(), **params})


def test_every_model_that_keeps_history_is_a_kind_of_record(make_user):
    kept = {
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }
    assert {Booth, User, Organisation} <= kept
    assert set(audited_models(make_user(Role.ADMIN))) == kept
    choices = {
        label for label, _name in ChangesForm(reader=make_user(Role.ADMIN)).fields["model"].choices
    }
    assert {model._meta.label for model in kept} <= choices


def test_a_created_booth_is_listed_and_links_to_its_page(client, make_user):
    admin_user = make_user(Role.ADMIN)
    booth = BoothFactory(code="B-77", name="Honey corner")
    client.force_login(admin_user)
    (change,) = [c for c in _today(client).context["changes"].changes if c.label == "fairs.Booth"]
    assert (change.what, change.record, change.changes) == ("created", "B-77", [])
    assert change.url == booth.get_absolute_url()


def test_a_new_user_and_a_change_of_role_are_listed_without_the_password(client, make_user):
    admin_user = make_user(Role.ADMIN)
    person = UserFactory(username="karma", role=Role.CASHIER)
    person.role = Role.PRODUCER
    person.set_password("a new secret")
    person._history_user = admin_user
    person.save()
    client.force_login(admin_user)
    response = _today(client, model="accounts.User")
    changes = [c for c in response.context["changes"].changes if c.record == "karma"]
    assert (changes[0].what, changes[-1].what) == ("changed", "created")
    assert changes[0].changes == [FieldChange("role", "fair cashier", "producer")]
    assert changes[0].url == reverse("admin:accounts_user_change", args=[person.pk])
    page = response.content.decode()
    assert person.password not in page
    assert "password" not in page.lower()


def test_a_log_in_is_not_a_change_of_the_account(client, make_user):
    person = make_user(Role.CASHIER)
    before = person.history.count()
    assert client.login(username=person.username, password=PASSWORD)
    assert person.history.count() == before
    assert not any(
        "password" in field.name or field.name == "last_login"
        for field in person.history.model._meta.fields
    )


def test_programme_officers_do_not_see_user_accounts(client, make_user, officer):
    UserFactory(username="karma")
    client.force_login(officer)
    response = _today(client)
    assert "accounts.User" not in {c.label for c in response.context["changes"].changes}
    assert "accounts.User" not in dict(response.context["form"].fields["model"].choices)
    assert _today(client, model="accounts.User").context["form"].errors["model"]


def test_a_deleted_record_is_listed_without_a_link(client, make_user):
    group = ProducerGroupFactory(code="GONE-1")
    group.delete()
    client.force_login(make_user(Role.ADMIN))
    changes = [c for c in _today(client).context["changes"].changes if c.record == "GONE-1"]
    assert [(c.what, c.url) for c in changes] == [("deleted", ""), ("created", "")]


def test_a_busy_day_is_read_page_by_page(client, make_user):
    ProductFactory.create_batch(PAGE_SIZE + 5)  # a product and its group each: two changes
    client.force_login(make_user(Role.ADMIN))
    first = _today(client).context["changes"]
    total = first.total
    assert total >= 2 * (PAGE_SIZE + 5)
    assert len(first.changes) == PAGE_SIZE
    last_page = first.page.paginator.num_pages
    last = _today(client, page=last_page).context["changes"]
    assert len(last.changes) == total - PAGE_SIZE * (last_page - 1)
    seen = []
    for number in range(1, last_page + 1):
        seen += [
            (c.label, c.record, c.what)
            for c in _today(client, page=number).context["changes"].changes
        ]
    assert len(seen) == len(set(seen)) == total


def test_changes_can_be_narrowed_to_the_person_who_made_them(client, make_user, officer):
    admin_user = make_user(Role.ADMIN)
    for name, user in (("Mine", officer), ("Theirs", admin_user)):
        product = ProductFactory()
        product.name_en = name
        product._history_user = user
        product.save()
    client.force_login(admin_user)
    changes = _today(client, who=officer.username).context["changes"].changes
    assert [(c.who, c.changes[0].new) for c in changes] == [(officer, "Mine")]


def test_a_change_lists_only_the_fields_it_changed(client, make_user, officer):
    product = ProductFactory(description_dz=None)
    product.description_dz = ""  # a form saves an empty text where the import left none
    product.price = product.price + 1
    product._history_user = officer
    product.save()
    client.force_login(make_user(Role.ADMIN))
    (change,) = [
        c
        for c in _today(client).context["changes"].changes
        if c.label == "products.Product" and c.what == "changed"
    ]
    assert [field.field for field in change.changes] == ["price"]
    assert change.url == product.get_absolute_url()


def test_a_page_of_changes_reads_a_fixed_number_of_queries(
    client, make_user, django_assert_max_num_queries
):
    admin_user = make_user(Role.ADMIN)
    client.force_login(admin_user)
    for count in range(12):
        product = ProductFactory()
        product.name_en = f"Renamed {count}"
        product._history_user = admin_user
        product.save()
        BoothFactory()
    # Session and user, the counts, the page and its number of pages, and per kind shown:
    # its records, the records before them and the live ones (each booth with its fair).
    with django_assert_max_num_queries(30):
        response = _today(client)
    assert len(response.context["changes"].changes) == PAGE_SIZE


def test_a_kind_keyed_by_its_code_is_listed_with_its_change(client, make_user):
    admin_user = make_user(Role.ADMIN)
    stage = Stage.objects.order_by("position").first()
    stage.name_en = "First idea"
    stage._history_user = admin_user
    stage.save()
    client.force_login(admin_user)
    (change,) = _today(client, model="products.Stage").context["changes"].changes
    assert (change.what, change.record) == ("changed", stage.code)
    assert change.url == reverse("admin:products_stage_change", args=[stage.pk])
