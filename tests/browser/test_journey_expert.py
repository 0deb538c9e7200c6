"""An expert's day: their home lists the report due and the mission to come; they submit the
report empty first (refused), then written; once submitted, changing it is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ogop.accounts.models import Role
from ogop.programme.models import Mission, MissionKind
from tests.browser.conftest import Journey, log_in
from tests.factories import ProducerGroupFactory, UserFactory
from tests.programme.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "expert"


def test_an_expert_files_the_report_due(journey: Journey) -> None:
    expert = UserFactory(role=Role.EXPERT, first_name="Somchai")
    person = PersonFactory(user=expert, name="Somchai Jaidee")
    today = timezone.localdate()
    host = ProducerGroupFactory(name_en="Tang yak herders")
    due = Mission.objects.create(
        person=person,
        kind=MissionKind.EXPERT,
        expertise="Cheese making",
        host_group=host,
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=3),
    )
    Mission.objects.create(
        person=person,
        kind=MissionKind.EXPERT,
        expertise="Packaging design",
        start=today + dt.timedelta(days=20),
        end=today + dt.timedelta(days=30),
    )
    page, say = journey.page, journey.say

    # Somchai lands on his missions: a report is due, and a mission is to come.
    log_in(page, expert)
    expect(page.locator("h1")).to_have_text(say("Your missions"))
    journey.reads()
    expect(page.locator("#reports-due")).to_contain_text("Cheese making")
    expect(page.locator("#missions-now")).to_contain_text("Packaging design")
    journey.shot("home")

    # He submits the report before writing it: refused, saying so at the report.
    page.locator("#reports-due").get_by_role("link", name=say("Write the report")).click()
    page.locator("button[name=submit]").click()
    expect(page.locator(".field.has-error .error")).to_have_text(
        say("Write the report before submitting it.")
    )
    journey.shot("empty-report")

    # He writes it and submits it.
    page.fill("#id_report", "The group now makes a hard cheese that keeps for six months.")
    page.locator("button[name=submit]").click()
    expect(page.locator(".messages")).to_contain_text(say("The report was submitted."))

    # No report is due any more; changing the submitted one is the officers' to do.
    page.goto("/staff/")
    expect(page.locator("#reports-due")).to_contain_text(say("No report is due."))
    journey.shot("done")
    page.goto(reverse("mission_report", args=[due.pk]))
    expect(page.locator("h1")).to_have_text(say("Not allowed"))
    journey.shot("refused")
    due.refresh_from_db()
    assert due.report_submitted_on == today
