"""Two people editing one product in two browsers: the stale save is refused, visibly."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role, User
from ogop.products.models import Product
from ogop.programme.models import ProgrammeSector
from tests.browser.conftest import TIMEOUT_MS, log_in
from tests.programme.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_stale_save_shows_both_values_and_keep_mine_keeps_both(
    page: Page,
    live_server: Any,
    officer: User,
    make_user: Callable[..., User],
    product: Product,
    artifacts: Path,
) -> None:
    other = page.context.browser.new_context(  # type: ignore[union-attr]
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    other.set_default_timeout(TIMEOUT_MS)
    second = other.new_page()
    colleague = make_user(Role.PROGRAMME_OFFICER, first_name="Pema", last_name="Wangmo")
    edit = f"/products/{product.code}/edit/"
    log_in(page, officer)
    log_in(second, colleague)
    page.goto(edit)
    second.goto(edit)

    page.fill("#id_description_en", "Harvested in Tang by twelve families.")
    with page.expect_navigation():
        page.click("form.form button.primary")
    second.fill("#id_price", "150")
    second.click("form.form > .actions button.primary")

    conflict = second.locator(".edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(str(officer))
    expect(conflict).to_contain_text("Harvested in Tang by twelve families.")
    expect(second.locator("#id_price")).to_have_value("150")
    second.screenshot(path=str(artifacts / "edit-conflict.png"), full_page=True)
    assert Product.objects.get(pk=product.pk).price == product.price

    with second.expect_navigation():
        conflict.get_by_role("button").click()
    expect(second).to_have_url(f"{live_server.url}{product.get_absolute_url()}")
    saved = Product.objects.get(pk=product.pk)
    assert (saved.description_en, saved.price) == (
        "Harvested in Tang by twelve families.",
        Decimal("150.00"),
    )
    other.close()


def test_a_programme_save_opened_before_a_sector_changed_names_that_row_and_keeps_it(
    page: Page,
    live_server: Any,
    officer: User,
    make_user: Callable[..., User],
    artifacts: Path,
) -> None:
    programme = ProgrammeFactory(title_en="Honey support")
    ProgrammeSector.objects.create(programme=programme, code="31120", percentage=60)
    ProgrammeSector.objects.create(programme=programme, code="32130", percentage=40)
    other = page.context.browser.new_context(  # type: ignore[union-attr]
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    other.set_default_timeout(TIMEOUT_MS)
    second = other.new_page()
    colleague = make_user(Role.PROGRAMME_OFFICER, first_name="Pema", last_name="Wangmo")
    edit = f"/programmes/{programme.pk}/edit/"
    log_in(page, officer)
    log_in(second, colleague)
    page.goto(edit)
    second.goto(edit)

    page.fill("#id_sectors-0-percentage", "50")
    page.fill("#id_sectors-1-percentage", "50")
    with page.expect_navigation():
        page.click("form.form > .actions button.primary")
    second.fill("#id_title_en", "Honey and wax support")
    second.click("form.form > .actions button.primary")

    conflict = second.locator(".edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(str(officer))
    expect(conflict).to_contain_text("31120")
    second.screenshot(path=str(artifacts / "edit-conflict-rows.png"), full_page=True)
    programme.refresh_from_db()
    assert programme.title_en == "Honey support"
    shares = sorted(sector.percentage for sector in programme.sectors.all())
    assert shares == [Decimal(50), Decimal(50)]
    other.close()
