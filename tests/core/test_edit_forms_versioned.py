"""Every edit form of the staff pages carries its record's version and refuses a stale save.

The guard walks every URL named `*_edit`: a new edit form without a version makes
test_every_edit_url_is_guarded fail until it is added to EDIT_PAGES (and versioned).
"""

from collections.abc import Callable
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from ogop.accounts.models import Role
from ogop.core import concurrency
from ogop.outlets.models import Outlet
from ogop.products.models import Certification, CertificationKind
from tests.factories import PASSWORD, UserFactory
from tests.fairs.factories import BoothFactory, BuyerLeadFactory, ExhibitFactory, FairFactory
from tests.programme.factories import (
    ActivityFactory,
    IndicatorFactory,
    PeriodFactory,
    ResultFactory,
    component,
    transaction,
)
from tests.programme.test_fieldwork_permissions import objects
from tests.test_url_permissions import _url_patterns

_fixtures = (objects,)  # the field work records of its permission matrix

Records = dict[str, Any]


def _by_pk(name: str, key: str) -> Callable[[Records], tuple[str, Any]]:
    return lambda o: (reverse(name, args=[o[key].pk]), o[key])


def _in_programme(name: str, key: str) -> Callable[[Records], tuple[str, Any]]:
    return lambda o: (reverse(name, args=[o["programme"].pk, o[key].pk]), o[key])


EDIT_PAGES: dict[str, Callable[[Records], tuple[str, Any]]] = {
    "product_edit": lambda o: (reverse("product_edit", args=[o["product"].code]), o["product"]),
    "certification_edit": lambda o: (
        reverse("certification_edit", args=[o["product"].code, o["certification"].pk]),
        o["certification"],
    ),
    "producer_group_edit": lambda o: (
        reverse("producer_group_edit", args=[o["group"].code]),
        o["group"],
    ),
    "fair_edit": lambda o: (reverse("fair_edit", args=[o["fair"].code]), o["fair"]),
    "outlet_edit": lambda o: (reverse("outlet_edit", args=[o["outlet"].code]), o["outlet"]),
    "fair_booth_edit": lambda o: (
        reverse("fair_booth_edit", args=[o["fair"].code, o["booth"].code]),
        o["booth"],
    ),
    "fair_exhibit_edit": lambda o: (
        reverse("fair_exhibit_edit", args=[o["fair"].code, o["exhibit"].pk]),
        o["exhibit"],
    ),
    "fair_lead_edit": lambda o: (
        reverse("fair_lead_edit", args=[o["fair"].code, o["lead"].pk]),
        o["lead"],
    ),
    "programme_edit": _by_pk("programme_edit", "programme"),
    "component_edit": _by_pk("component_edit", "component"),
    "activity_edit": _by_pk("activity_edit", "activity"),
    "transaction_edit": _by_pk("transaction_edit", "transaction"),
    "result_edit": _in_programme("result_edit", "result"),
    "indicator_edit": _in_programme("indicator_edit", "indicator"),
    "period_edit": _in_programme("period_edit", "period"),
    "person_edit": _by_pk("person_edit", "trainee"),
    "participant_edit": _by_pk("participant_edit", "participant"),
    "mission_edit": _by_pk("mission_edit", "mission"),
    "delivery_edit": _by_pk("delivery_edit", "delivery"),
    "promotion_item_edit": _by_pk("promotion_item_edit", "promotion_item"),
    "twinning_edit": _by_pk("twinning_edit", "twinning"),
    "twinning_visit_edit": _by_pk("twinning_visit_edit", "visit"),
}


def test_every_edit_url_is_guarded():
    names = {name for name, _pattern in _url_patterns(get_resolver()) if name}
    assert {name for name in names if name.endswith("_edit")} == set(EDIT_PAGES)


@pytest.fixture
def records(objects: Records, product: Any, group: Any) -> Records:
    fair = FairFactory()
    booth = BoothFactory(fair=fair)
    programme = objects["programme"]
    first = component(programme, 1)
    result = ResultFactory(programme=programme)
    period = PeriodFactory(indicator=IndicatorFactory(result=result))
    return {
        **objects,
        "group": group,
        "certification": Certification.objects.create(
            product=product, kind=CertificationKind.ORGANIC, number="ORG-1"
        ),
        "fair": fair,
        "booth": booth,
        "exhibit": ExhibitFactory(booth=booth),
        "lead": BuyerLeadFactory(fair=fair),
        "outlet": Outlet.objects.create(code="SHOP-PARO", name="Paro shop", kind="shop"),
        "component": first,
        "activity": ActivityFactory(component=first),
        "transaction": transaction(programme, "1000"),
        "result": result,
        "indicator": period.indicator,
        "period": period,
    }


@pytest.mark.parametrize("name", sorted(EDIT_PAGES))
def test_the_edit_form_carries_its_version_and_refuses_a_stale_save(name, records):
    url, record = EDIT_PAGES[name](records)
    client = Client()
    admin = UserFactory(role=Role.ADMIN)
    assert client.login(username=admin.username, password=PASSWORD)
    page = client.get(url)
    assert page.status_code == 200
    [form] = [
        form
        for form in lxml.html.fromstring(page.content).forms
        if concurrency.VERSION_INPUT in form.inputs
    ]
    version = concurrency.record_version(record)
    page_version = form.inputs[concurrency.VERSION_INPUT].value
    # the record's version, then (a page that edits rows with it) the rows'
    assert page_version.split(concurrency.PART_SEPARATOR)[0] == version
    values: dict[str, list[str]] = {}
    for key, value in form.form_values():
        values.setdefault(key, []).append(value)
    if "area" in values and getattr(record, "area", None):
        values["area"] = [record.area.code]  # some pages hold the area's key, not its code
    values[concurrency.VERSION_INPUT] = ["0"]  # opened before any change it has had

    refused = client.post(url, values)

    assert refused.status_code in (200, 422)
    assert lxml.html.fromstring(refused.content).xpath("//*[@class='edit-conflict']")
    assert concurrency.record_version(record) == version
    again = lxml.html.fromstring(client.get(url).content)
    assert again.xpath(f"//input[@name='{concurrency.VERSION_INPUT}']/@value") == [page_version]
