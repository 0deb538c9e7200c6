"""Business plans in the pages: the arithmetic a reader sees, versions, and who reads them."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ogop.programme.models import ActivityKind, BusinessPlan
from tests.factories import PASSWORD, ProductFactory
from tests.programme.factories import ActivityFactory, ProgrammeFactory, business_plan, component

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


def _version(text, number):
    """The text of one version's box on the page."""
    match = re.search(rf'id="version-{number}">(.*?)</article>', text, re.S)
    assert match, f"version {number} is not on the page"
    return re.sub(r"\s+", " ", match.group(1))


def test_the_page_shows_each_versions_hand_computed_figures(staff, product):
    business_plan(product)  # margin 40; 12,000 / 40 = 300; 40 × 250 − 12,000 = −2,000
    business_plan(product, price=D("110"), prepared_on=dt.date(2017, 9, 1))  # 50; 240; +500
    business_plan(product, variable_cost=D("115"), price=D("110"))  # −5: never breaks even; −13,250
    response = staff.get(reverse("product_business_plans", args=[product.code]))
    assert response.status_code == 200
    first, second, third = (_version(response.text, n) for n in (1, 2, 3))
    assert "40.00 BTN" in first
    assert "300 units" in first
    assert 'Expected loss</dt> <dd class="loss error">2,000.00 BTN' in first
    assert "50.00 BTN" in second
    assert "240 units" in second
    assert 'Expected profit</dt> <dd class="profit">500.00 BTN' in second
    assert "-5.00 BTN" in third
    assert "a unit does not cover its own cost" in third
    assert "13,250.00 BTN" in third


def test_break_even_rounds_up_to_a_whole_unit(staff, product):
    # 1,000 / 30 = 33.3 → 34
    business_plan(product, fixed_costs=D("1000"), variable_cost=D("70"), price=D("100"))
    response = staff.get(reverse("product_business_plans", args=[product.code]))
    assert "34 units" in _version(response.text, 1)


def test_versions_are_newest_first_with_what_changed(staff, product):
    business_plan(product)
    business_plan(product, price=D("110"), expected_volume=300)
    response = staff.get(reverse("product_business_plans", args=[product.code]))
    versions = response.context["versions"]
    assert [v.plan.version for v in versions] == [2, 1]
    changed = {c.field: (c.old, c.new) for c in versions[0].changes}
    assert changed == {"price": (D("100"), D("110")), "expected_volume": (250, 300)}
    assert versions[1].changes == []
    newest = _version(response.text, 2)
    assert "<del>100.00 BTN</del> → <ins>110.00 BTN</ins>" in newest
    assert "<del>250</del> → <ins>300</ins>" in newest
    assert response.text.index('id="version-2"') < response.text.index('id="version-1"')


def test_new_version_form_is_prefilled_from_the_latest(staff, product):
    business_plan(product)
    business_plan(product, price=D("110"), fixed_costs=D("9000"))
    response = staff.get(reverse("business_plan_create", args=[product.code]))
    initial = response.context["form"].initial
    assert (initial["price"], initial["fixed_costs"], initial["expected_volume"]) == (
        D("110"),
        D("9000"),
        250,
    )
    assert 'value="110.00"' in response.text


def _plan_data(**fields):
    return {
        "prepared_on": "1/10/2560",  # 1 October 2017, Buddhist Era
        "currency": "BTN",
        "fixed_costs": "12,000",
        "variable_cost": "60",
        "price": "๑๒๐",  # Thai digits
        "expected_volume": "250",
        **fields,
    }


def test_a_new_version_keeps_the_earlier_ones(staff, product):
    first = business_plan(product)
    response = staff.post(reverse("business_plan_create", args=[product.code]), _plan_data())
    assert response.status_code == 302
    plans = list(BusinessPlan.objects.filter(product=product).order_by("version"))
    assert [(p.version, p.price) for p in plans] == [(1, D("100")), (2, D("120"))]
    assert plans[1].prepared_on == dt.date(2017, 10, 1)
    assert plans[1].producer_group == product.producer_group
    first.refresh_from_db()
    assert first.price == D("100")


def test_the_first_plan_is_version_one(staff, product):
    response = staff.post(reverse("business_plan_create", args=[product.code]), _plan_data())
    assert response.status_code == 302
    assert BusinessPlan.objects.get(product=product).version == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "-1"}, "price"),
        ({"fixed_costs": "abc"}, "fixed_costs"),
        ({"expected_volume": ""}, "expected_volume"),
    ],
)
def test_bad_figures_are_field_errors_and_nothing_is_saved(staff, product, data, field):
    response = staff.post(reverse("business_plan_create", args=[product.code]), _plan_data(**data))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert not BusinessPlan.objects.exists()


def test_producer_reads_their_own_groups_plans_only(client, producer, product, other_product):
    business_plan(product)
    business_plan(other_product)
    client.login(username=producer.username, password=PASSWORD)
    own = client.get(reverse("product_business_plans", args=[product.code]))
    assert own.status_code == 200
    assert reverse("business_plan_create", args=[product.code]) not in own.text
    other = client.get(reverse("product_business_plans", args=[other_product.code]))
    assert other.status_code == 404


def test_producer_cannot_post_a_new_version(client, producer, product):
    business_plan(product)
    client.login(username=producer.username, password=PASSWORD)
    response = client.post(reverse("business_plan_create", args=[product.code]), _plan_data())
    assert response.status_code == 403
    assert BusinessPlan.objects.count() == 1


def test_programme_lists_the_latest_plan_of_its_beneficiary_groups(staff, group, other_group):
    programme = ProgrammeFactory()
    served = ActivityFactory(component=component(programme, 1))
    served.producer_groups.add(group)
    ours = ProductFactory(producer_group=group, code="P-OURS")
    helped = ProductFactory(producer_group=other_group, code="P-HELPED")
    elsewhere = ProductFactory(producer_group=other_group, code="P-ELSEWHERE")
    business_plan(ours)
    business_plan(ours, price=D("90"))  # a loss: margin 30 × 250 − 12,000 = −4,500
    planning = ActivityFactory(
        component=component(programme, 6), kind=ActivityKind.BUSINESS_PLANNING
    )
    business_plan(helped, activity=planning)
    business_plan(elsewhere)
    response = staff.get(reverse("programme_business_plans", args=[programme.pk]))
    rows = [(v.plan.product.code, v.plan.version) for v in response.context["plans"]]
    assert sorted(rows) == [("P-HELPED", 1), ("P-OURS", 2)]
    assert "loss of 4,500.00 BTN" in response.text
