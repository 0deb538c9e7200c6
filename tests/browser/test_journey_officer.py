"""A programme officer's day: registers a producer group and a product (a wrong value first),
imports a file with bad rows and reads its problems, moves a product on a stage, then reads
the day's changes and follows one to its record."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import User
from ogop.producers.models import ProducerGroup
from ogop.products.models import Product
from tests.browser.conftest import Journey, log_in
from tests.browser.test_rating import reload_shipped_stages_and_rubrics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOURNEY = "officer"
GEWOG = "BT-33-03"
BAD_FILE = (
    "code,name_en,category,producer_code,area_code,price\n"
    "JR-2,Bee wax,food,{group},XX-NOWHERE,120\n"
    "JR-3,,food,{group},,80\n"
)


@pytest.fixture(autouse=True)
def _shipped_stages(_shipped_data: None) -> None:
    reload_shipped_stages_and_rubrics()


def submit(page: Page, form: str = "form.form") -> Any:
    """Send the form by its primary button, and the page it leads to (or the same, refused)."""
    with page.expect_navigation() as navigation:
        page.locator(f"{form} button.primary").click()
    return navigation.value


def test_officer_registers_imports_moves_a_stage_and_follows_a_change(
    journey: Journey, officer: User, tmp_path: Path
) -> None:
    page = journey.page
    log_in(page, officer)
    journey.reads()

    # A new producer group, sent first with an area that does not exist: refused, at the field
    page.goto("/groups/new/")
    page.fill("#id_code", "JR-G1")
    page.fill("#id_name_en", "Journey honey group")
    page.fill("#id_area", "XX-NOWHERE")
    page.select_option("#id_kind", index=1)
    assert submit(page).status == 422
    error = page.locator(".field.has-error:has(#id_area) .error[role=alert]")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("#id_name_en")).to_have_value("Journey honey group")
    journey.shot("group-refused")
    page.fill("#id_area", GEWOG)
    submit(page)
    expect(page).to_have_url(f"{page.url.split('/groups/')[0]}/groups/JR-G1/")
    assert ProducerGroup.objects.filter(code="JR-G1").exists()

    # A product of the group, sent first with a negative price
    page.goto("/products/new/")
    page.fill("#id_code", "JR-1")
    page.fill("#id_name_en", "Journey honey")
    page.select_option("#id_category", "food")
    page.fill("#id_producer_group", "JR-G1")
    page.fill("#id_price", "-5")
    assert submit(page).status == 422
    expect(page.locator(".field.has-error:has(#id_price) .error[role=alert]")).to_be_visible()
    expect(page.locator("#id_name_en")).to_have_value("Journey honey")
    journey.shot("product-refused")
    page.fill("#id_price", "250")
    submit(page)
    expect(page.locator("h1")).to_contain_text("Journey honey")
    assert Product.objects.filter(code="JR-1").exists()

    # An import file with a bad area and a row without a name: nothing imported, each named
    bad_file = tmp_path / "products.csv"
    bad_file.write_text(BAD_FILE.format(group="JR-G1"), encoding="utf-8")
    page.goto("/registry/import/")
    page.select_option("#id_kind", "products")
    page.set_input_files("#id_file", bad_file)
    with page.expect_response(lambda r: "/registry/import/" in r.url) as answer:
        page.locator("form button.primary").click()
    assert answer.value.status == 422
    problems = page.locator("#import-result .error-box")
    expect(problems.locator("tbody tr")).to_have_count(2)
    expect(problems).to_contain_text("name_en")
    journey.shot("import-refused")
    assert not Product.objects.filter(code__in=["JR-2", "JR-3"]).exists()

    # The product moves on to packaging and branding
    page.goto("/products/JR-1/")
    page.get_by_role("link", name=journey.say("Move to another stage")).click()
    form = page.locator("form.stage-move")
    form.locator("#id_to_stage").select_option("packaging")
    form.locator("#id_moved_on").fill(dt.date.today().strftime("%d/%m/%Y"))
    with page.expect_response(lambda r: "/stage/" in r.url and r.request.method == "POST"):
        form.locator("button.primary").click()
    expect(page.locator("form.stage-move .error[role=alert]")).to_have_count(0)
    page.goto("/products/JR-1/")
    assert Product.objects.get(code="JR-1").stage_id == "packaging"

    # The day's changes list what the officer did; the product's entry leads to the product
    page.goto("/staff/changes/")
    journey.reads()
    entries = page.locator("ol.audit > li")
    expect(entries.filter(has_text="JR-G1").first).to_be_visible()
    product_entry = entries.filter(has_text=f"{officer} {journey.say('changed')}").filter(
        has_text="JR-1"
    )
    expect(product_entry.first).to_be_visible()
    journey.shot("changes")
    with page.expect_navigation():
        product_entry.first.get_by_role("link").click()
    assert page.url.endswith("/products/JR-1/")
    expect(page.locator("h1")).to_contain_text("Journey honey")
    journey.shot("record")
