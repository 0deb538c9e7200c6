"""The Publishing page in a real browser: an error with a link to the record at fault, the
form that refuses a value that would break a rule, and the fix that clears the error."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role
from ogop.programme.models import Transaction
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.reports.test_iati_publishing import late_transaction, publishable_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def thai_date(day: dt.date) -> str:
    """A date as the forms take it: day/month/Buddhist-Era year."""
    return f"{day.day}/{day.month}/{day.year + 543}"


@pytest.fixture
def programme(transactional_db: None) -> Any:
    return publishable_programme()


def test_officer_finds_an_error_follows_its_link_and_fixes_it(
    page: Page, programme: Any, artifacts: Path
) -> None:
    _activity, txn = late_transaction(programme)  # paid 1 Feb 2017, the activity starts 1 Mar
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))

    # The programme's page leads to Publishing, which lists the error, linked to the record.
    page.goto(reverse("programme_detail", args=[programme.pk]))
    page.click("text=Publishing: check the IATI files")
    expect(page.locator("h1")).to_have_text("Publishing")
    errors = page.locator("#errors li")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("comes before the activity starts")
    expect(errors.first).to_contain_text("(IATI rule OGOP-5)")
    expect(page.locator("text=Download for the IATI Registry (ZIP)")).to_have_count(0)
    page.screenshot(path=str(artifacts / "publishing-error.png"), full_page=True)

    # Its link opens the transaction's form.
    errors.first.locator("a").click()
    edit_url = reverse("transaction_edit", args=[txn.pk])
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))

    # A date in the future would break rule 11.2.1: refused at once, on the field.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.fill("#id_date", thai_date(tomorrow))
    page.click("button.primary")
    expect(page.locator("form.form")).to_contain_text("(IATI rule 11.2.1)")
    page.screenshot(path=str(artifacts / "publishing-form-refuses.png"), full_page=True)
    txn.refresh_from_db()
    assert txn.date == dt.date(2017, 2, 1)

    # The day the activity started clears the error.
    page.fill("#id_date", thai_date(dt.date(2017, 3, 1)))
    page.click("button.primary")
    page.goto(reverse("programme_publishing", args=[programme.pk]))
    expect(page.locator("#errors")).to_have_count(0)
    expect(page.locator("#errors-heading")).to_contain_text("0 errors")
    assert Transaction.objects.get(pk=txn.pk).date == dt.date(2017, 3, 1)
    expect(page.locator("text=Download for the IATI Registry (ZIP)")).to_be_visible()


def test_the_publishing_address_takes_the_width_of_a_phone(
    page: Page, programme: Any, artifacts: Path
) -> None:
    # It showed about 20 characters of an address on a phone: the browser's default size.
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, UserFactory(role=Role.PROGRAMME_OFFICER))
    page.goto(reverse("programme_publishing", args=[programme.pk]))
    field = page.locator("#id_base_url")
    field.fill("https://www.example.org/iati/ogop-bhutan/")
    box = field.bounding_box()
    assert box is not None
    assert box["width"] >= 0.8 * 390 - 40, box
    assert box["x"] + box["width"] <= 390  # and no wider than the screen
    page.screenshot(path=str(artifacts / "publishing-phone.png"), full_page=True)
