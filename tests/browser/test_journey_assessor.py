"""An assessor's day: their home lists the round waiting for their scores; they score the
product, with a score above its criterion's maximum first, then submit too early (a criterion
left empty), and finally submit; the round then waits for them no more."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ogop.accounts.models import Role
from ogop.rating.models import Criterion, Rubric
from ogop.rating.services import round_create
from tests.browser.conftest import Journey, log_in
from tests.factories import ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "assessor"
PRODUCT = "Bumthang buckwheat noodles"


def test_an_assessor_scores_the_product_waiting_for_them(journey: Journey) -> None:
    officer = UserFactory(role=Role.PARTNER_OFFICER)
    assessor = UserFactory(role=Role.ASSESSOR, first_name="Karma")
    product = ProductFactory(code="BT-NOO", name_en=PRODUCT, name=PRODUCT)
    rubric = Rubric.objects.get(code="ocop-vn", is_active=True)
    round_create(
        name="OGOP panel",
        date=timezone.localdate() - dt.timedelta(days=1),
        rubric=rubric,
        user=officer,
        assessors=[assessor],
        products=[product],
    )
    criteria = list(
        Criterion.objects.filter(part__rubric=rubric).order_by("part__position", "position")
    )
    first, last = criteria[0], criteria[-1]
    page, say = journey.page, journey.say
    page.on("dialog", lambda dialog: dialog.accept())

    # Karma lands on the round waiting for her, and opens the product's scoring sheet.
    log_in(page, assessor)
    expect(page.locator("h1")).to_have_text(say("Rounds waiting for your scores"))
    journey.reads()
    score = page.get_by_role("link", name=say("Score %(name)s") % {"name": PRODUCT})
    expect(score).to_be_visible()
    journey.shot("home")
    score.click()
    expect(page.locator("h1")).to_contain_text(PRODUCT)

    # A score above the criterion's maximum is refused, at the criterion, and nothing is saved.
    for criterion in criteria:
        page.fill(f"#id_criterion_{criterion.pk}", "5")
    page.fill(f"#id_criterion_{first.pk}", "12")
    page.locator("button[value=save]").click()
    too_many = say("%(code)s: at most %(max)s points, not %(value)s.") % {
        "code": first.code,
        "max": first.max_points,
        "value": Decimal("12"),
    }
    expect(page.locator(".field.has-error .error")).to_have_text(too_many)
    journey.shot("out-of-range")

    # She corrects it, but submits with the last criterion left empty: refused, saying which.
    page.fill(f"#id_criterion_{first.pk}", "8")
    page.fill(f"#id_criterion_{last.pk}", "")
    page.locator("button[value=submit]").click()
    missing = say("Score every criterion before submitting; missing: %(codes)s.") % {
        "codes": last.code
    }
    expect(page.locator(".score-sheet")).to_contain_text(missing)
    journey.shot("missing")

    # She scores it and submits: her scores are final, and the panel's are shown.
    page.fill(f"#id_criterion_{last.pk}", "6")
    page.locator("button[value=submit]").click()
    expect(page.locator(".messages")).to_contain_text(
        say("Your scores of %(product)s are submitted.") % {"product": PRODUCT}
    )
    expect(page.locator(".panel-scores")).to_be_visible()
    journey.shot("submitted")

    # Her home no longer asks her for scores in this round.
    page.goto("/staff/")
    expect(page.locator(".home-round")).to_contain_text(
        say("You have submitted your scores of every product of this round.")
    )
    expect(page.get_by_role("link", name=say("Score %(name)s") % {"name": PRODUCT})).to_have_count(
        0
    )
    journey.shot("done")
