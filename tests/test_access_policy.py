"""One policy for every object page: a user who may not see the object gets 404 (whether it
exists is not told), one who sees it but may not do what the page does gets 403.

Each case names a page of one object, a role that may not see the object and a role that
sees it but may not act there; the permission matrices (tests/**/test_*permission*.py) hold
every role's answer for each page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from ogop.accounts.models import Role
from ogop.rating.models import Rubric
from ogop.rating.services import round_create
from tests.factories import ProductFactory, UserFactory
from tests.fairs.factories import BoothFactory
from tests.programme.factories import PeriodFactory
from tests.roles import sign_in, user_for


class Objects:
    def __init__(self):
        self.period = PeriodFactory()
        self.indicator = self.period.indicator
        self.result = self.indicator.result
        self.programme = self.result.programme
        self.product = ProductFactory()
        self.group = self.product.producer_group
        self.booth = BoothFactory()
        self.fair = self.booth.fair
        self.round = round_create(
            name="Round",
            date=dt.date(2018, 1, 1),
            rubric=Rubric.objects.get(code="ocop-vn", is_active=True),
            user=UserFactory(),
            assessors=[],
            products=[self.product],
        )
        self.rubric = self.round.rubric

    def results(self, name, *args):
        return reverse(name, args=[self.programme.pk, *args])


# (page, method, URL, a role that may not see the object, a role that sees it but may not act;
# None where every role that sees the object may act on it).
CASES = [
    ("results framework", "get", lambda o: o.results("results_framework"), Role.PRODUCER, None),
    ("new result", "get", lambda o: o.results("result_create"), Role.PRODUCER, "partner"),
    ("edit result", "get", lambda o: o.results("result_edit", o.result.pk), Role.EXPERT, "partner"),
    (
        "new indicator",
        "get",
        lambda o: o.results("indicator_create", o.result.pk),
        Role.CASHIER,
        "partner",
    ),
    (
        "indicator",
        "get",
        lambda o: o.results("indicator_detail", o.indicator.pk),
        Role.ASSESSOR,
        None,
    ),
    (
        "edit indicator",
        "get",
        lambda o: o.results("indicator_edit", o.indicator.pk),
        Role.PRODUCER,
        "partner",
    ),
    (
        "new period",
        "get",
        lambda o: o.results("period_create", o.indicator.pk),
        Role.PRODUCER,
        "partner",
    ),
    (
        "edit period",
        "get",
        lambda o: o.results("period_edit", o.period.pk),
        Role.PRODUCER,
        "partner",
    ),
    (
        "edit programme",
        "get",
        lambda o: reverse("programme_edit", args=[o.programme.pk]),
        Role.PRODUCER,
        "partner",
    ),
    (
        "dashboard",
        "get",
        lambda o: reverse("programme_dashboard", args=[o.programme.pk]),
        Role.PRODUCER,
        None,
    ),
    (
        "iati",
        "get",
        lambda o: reverse("programme_iati", args=[o.programme.pk]),
        Role.EXPERT,
        None,
    ),
    (
        "edit product",
        "get",
        lambda o: reverse("product_edit", args=[o.product.code]),
        Role.CASHIER,
        Role.EXPERT,
    ),
    (
        "edit group",
        "get",
        lambda o: reverse("producer_group_edit", args=[o.group.code]),
        Role.CASHIER,
        Role.EXPERT,
    ),
    (
        "edit fair",
        "get",
        lambda o: reverse("fair_edit", args=[o.fair.code]),
        Role.EXPERT,
        "cashier",
    ),
    (
        "buyer leads",
        "get",
        lambda o: reverse("fair_lead_list", args=[o.fair.code]),
        Role.EXPERT,
        "cashier",
    ),
    (
        "round",
        "get",
        lambda o: reverse("round_detail", args=[o.round.pk]),
        Role.PRODUCER,
        None,
    ),
    (
        "add products to a round",
        "post",
        lambda o: reverse("round_add_products", args=[o.round.pk]),
        Role.PRODUCER,
        "assessor",
    ),
    (
        "rubric",
        "get",
        lambda o: reverse("rubric_detail", args=[o.rubric.pk]),
        Role.PRODUCER,
        None,
    ),
    (
        "new version of a rubric",
        "post",
        lambda o: reverse("rubric_new_version", args=[o.rubric.pk]),
        Role.PRODUCER,
        Role.PROGRAMME_OFFICER,
    ),
]


def _seer(role, o):
    """A user who sees the object but may not act: a partner officer, a cashier of the fair's
    booth, an assessor of the round, or a user of the role given."""
    match role:
        case "partner":
            return user_for(Role.PARTNER_OFFICER)
        case "cashier":
            return user_for(Role.CASHIER, booth=o.booth)
        case "assessor":
            return user_for(Role.ASSESSOR, assessment_round=o.round)
    return user_for(role)


def _answer(method, url, user):
    return getattr(sign_in(Client(), user), method)(url).status_code


@pytest.mark.parametrize(
    ("page", "method", "url", "blind", "seer"), CASES, ids=[case[0] for case in CASES]
)
def test_an_unseen_object_is_not_found_and_a_seen_one_refused(db, page, method, url, blind, seer):
    o = Objects()
    assert _answer(method, url(o), user_for(blind)) == 404, page
    if seer is not None:
        assert _answer(method, url(o), _seer(seer, o)) == 403, page
