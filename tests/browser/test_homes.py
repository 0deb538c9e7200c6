"""Each role lands on a home that starts their day, and each item leads where they act on it
(the producer's, the assessor's and the expert's homes are walked in their journeys)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory
from tests.programme.factories import ActivityFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cashier_lands_on_todays_counter_and_opens_it(page: Page, artifacts: Path) -> None:
    cashier = UserFactory(role=Role.CASHIER, first_name="Dorji")
    booth = BoothFactory(name="Bhutan pavilion", cashiers=[cashier])
    ExhibitFactory(booth=booth)

    log_in(page, cashier)

    expect(page.locator("h1")).to_have_text("Today's counters")
    expect(page.locator("main")).not_to_contain_text("producer groups")
    page.screenshot(path=artifacts / "home-cashier.png", full_page=True)
    page.get_by_role("link", name="Open the counter of Bhutan pavilion").click()
    expect(page).to_have_url(re.compile(f"/fairs/{booth.fair.code}/booths/{booth.code}/counter/$"))


def test_an_officer_sees_what_needs_attention_and_opens_a_late_activity(
    page: Page, artifacts: Path
) -> None:
    today = timezone.localdate()
    programme = ProgrammeFactory(end_planned=today + dt.timedelta(days=400))
    ActivityFactory(
        component=programme.components.get(position=1),
        title="Packaging training",
        title_en="Packaging training",
        start_planned=today - dt.timedelta(days=20),
        end_planned=today - dt.timedelta(days=10),
    )
    officer = UserFactory(role=Role.PROGRAMME_OFFICER, first_name="Malee")

    log_in(page, officer)

    expect(page.locator("h1")).to_have_text("What needs attention")
    late = page.locator("#late-activities")
    expect(late.locator(".badge")).to_have_text("1")
    page.screenshot(path=artifacts / "home-officer.png", full_page=True)
    late.get_by_role("link", name="Packaging training").click()
    expect(page.locator("h1")).to_contain_text("Packaging training")


def test_a_partner_officer_lands_on_the_programmes_dashboard(page: Page) -> None:
    programme = ProgrammeFactory(title="OGOP cooperation", title_en="OGOP cooperation")
    partner = UserFactory(role=Role.PARTNER_OFFICER, first_name="Tashi")

    log_in(page, partner)

    expect(page).to_have_url(re.compile(f"/programmes/{programme.pk}/dashboard/$"))
    expect(page.locator("main")).to_contain_text("OGOP cooperation")
