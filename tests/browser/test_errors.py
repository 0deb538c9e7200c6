"""A refused form, a server error and a lost connection, with JavaScript on: each is shown.

htmx swaps a 2xx answer by default and nothing else, so a form that the server refused (422,
with the form and its errors) used to leave the page as it was, without a word. Every refused
form must show its errors where the person is looking, and an answer that carries no form (a
server error, a time-out, a lost connection) a clear message next to the form that was sent.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ogop.accounts.models import Role, User
from ogop.products.models import Product, StageChange
from ogop.rating.models import AssessmentRound, Rubric
from ogop.rating.services import round_create
from tests.browser.conftest import log_in
from tests.browser.test_rating import reload_shipped_stages_and_rubrics
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
BAD_PRODUCTS_FILE = (
    "code,name_en,category,producer_code,area_code,price\n"
    "HONEY-1,Wild honey,food,{group},XX-NOWHERE,120\n"
    "HONEY-2,,food,{group},,80\n"
    "HONEY-3,Bee wax,food,{group},,-5\n"
)


@pytest.fixture(autouse=True)
def _shipped_rating_data(_shipped_data: None) -> None:
    reload_shipped_stages_and_rubrics()


@pytest.fixture
def round_manager() -> User:
    return UserFactory(role=Role.PARTNER_OFFICER)


@pytest.fixture
def assessment_round(product: Product, round_manager: User) -> AssessmentRound:
    return round_create(
        name="OGOP panel 2018",
        date=dt.date(2018, 6, 1),
        rubric=Rubric.objects.get(code="ocop-vn", is_active=True),
        user=round_manager,
        assessors=[UserFactory(role=Role.ASSESSOR)],
        products=[product],
    )


def open_import_page_with_a_bad_file(page: Page, officer: User, group: Any, tmp_path: Path) -> None:
    bad_file = tmp_path / "products.csv"
    bad_file.write_text(BAD_PRODUCTS_FILE.format(group=group.code), encoding="utf-8")
    log_in(page, officer)
    page.goto("/registry/import/")
    page.select_option("#id_kind", "products")
    page.set_input_files("#id_file", bad_file)


def test_a_refused_import_file_shows_its_table_of_problems(
    browser: Any,
    live_server: Any,
    officer: User,
    group: Any,
    tmp_path: Path,
    artifacts: Path,
    csp_reports: list[str],
) -> None:
    # Given a phone, and an officer with a file whose rows have a bad area, no name, a price of -5
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    page = context.new_page()
    page.on("console", lambda m: csp_reports.append(m.text) if "Refused" in m.text else None)
    open_import_page_with_a_bad_file(page, officer, group, tmp_path)
    page.evaluate("window.notReloaded = true")

    # When the officer imports it
    with page.expect_response(lambda r: "/registry/import/" in r.url) as answer:
        page.get_by_role("button", name="Import").click()

    # Then the refusal is swapped in, in the page, with every problem listed
    assert answer.value.status == 422
    problems = page.locator("#import-result .error-box")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("Nothing was imported: the file has 3 problems.")
    expect(problems.locator("tbody tr")).to_have_count(3)
    expect(problems).to_contain_text("name_en")
    expect(problems).to_contain_text("price")
    assert page.evaluate("window.notReloaded") is True
    assert not Product.objects.filter(code__startswith="HONEY-").exists()
    page.screenshot(path=artifacts / "errors-import-refused-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_an_unknown_code_added_to_a_round_shows_its_error(
    page: Page, assessment_round: AssessmentRound, round_manager: User, artifacts: Path
) -> None:
    # Given the round's manager on the round's page
    log_in(page, round_manager)
    page.goto(assessment_round.get_absolute_url())

    # When they add a code no product has
    page.fill("#round-panel #id_codes", "NOPE-1")
    with page.expect_response(lambda r: "/products/" in r.url and r.request.method == "POST"):
        page.get_by_role("button", name="Add products").click()

    # Then the error names the code, at the field, and the round is unchanged
    error = page.locator("#round-panel .error[role=alert]")
    expect(error).to_contain_text("Unknown product code: NOPE-1.")
    expect(page.locator("#round-panel #id_codes")).to_have_value("NOPE-1")
    assert assessment_round.products.count() == 1
    page.screenshot(path=artifacts / "errors-round-unknown-code.png", full_page=True)


def test_a_stage_move_dated_in_the_future_shows_its_error(
    page: Page, officer: User, product: Product, artifacts: Path
) -> None:
    # Given an officer with a product's stage form open
    stage_before = product.stage_id
    changes_before = StageChange.objects.filter(product=product).count()
    log_in(page, officer)
    page.goto(product.get_absolute_url())
    page.get_by_role("link", name="Move to another stage").click()
    form = page.locator("form.stage-move")
    expect(form).to_be_visible()

    # When they move it on to the market, with a date years ahead
    form.locator("#id_to_stage").select_option("packaging")
    form.locator("#id_moved_on").fill("01/01/2030")
    with page.expect_response(lambda r: "/stage/" in r.url and r.request.method == "POST"):
        form.get_by_role("button", name="Move").click()

    # Then the form shows why, and the product stays where it was
    error = page.locator("form.stage-move .has-error .error[role=alert]")
    expect(error).to_have_text("A move cannot be dated in the future.")
    expect(page.locator("form.stage-move #id_moved_on")).to_have_value("01/01/2030")
    product.refresh_from_db()
    assert product.stage_id == stage_before
    assert StageChange.objects.filter(product=product).count() == changes_before
    page.screenshot(path=artifacts / "errors-stage-move-future.png", full_page=True)


def test_a_server_error_on_a_form_shows_a_clear_message_and_the_retry_saves(
    page: Page,
    assessment_round: AssessmentRound,
    round_manager: User,
    other_product: Product,
    artifacts: Path,
) -> None:
    # Given the round's page, and a server that fails on the next save
    log_in(page, round_manager)
    page.goto(assessment_round.get_absolute_url())
    failing = "**/rating/rounds/*/products/"
    page.route(
        failing,
        lambda route: route.fulfill(status=500, body="Server Error", content_type="text/html"),
    )
    page.fill("#round-panel #id_codes", other_product.code)

    # When the manager saves
    page.get_by_role("button", name="Add products").click()

    # Then a message says the save failed, with its error, and the typed code is still there
    alert = page.locator("form:has(#id_codes) [data-request-problem]")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("could not save this (error 500)")
    expect(page.locator("#round-panel #id_codes")).to_have_value(other_product.code)
    page.screenshot(path=artifacts / "errors-server-error.png", full_page=True)

    # And when the server is back, the same click saves, and the message goes
    page.unroute(failing)
    page.get_by_role("button", name="Add products").click()
    expect(page.locator("#round-panel table")).to_contain_text(other_product.code)
    expect(page.locator("[data-request-problem]")).to_have_count(0)
    assert assessment_round.products.count() == 2


def test_a_lost_connection_on_a_form_shows_a_clear_message_in_the_persons_language(
    page: Page, officer: User, group: Any, tmp_path: Path, artifacts: Path
) -> None:
    # Given the import page in Thai with a file chosen, and a connection that drops
    open_import_page_with_a_bad_file(page, officer, group, tmp_path)
    with page.expect_navigation():
        page.select_option("#language-select", "th")
    page.select_option("#id_kind", "products")
    page.set_input_files("#id_file", tmp_path / "products.csv")
    page.route("**/registry/import/", lambda route: route.abort("internetdisconnected"))

    # When the officer imports
    page.locator("form.form button.primary").click()

    # Then a message, in Thai, says the platform could not be reached
    alert = page.locator("[data-request-problem]:visible")
    expect(alert).to_contain_text("ติดต่อแพลตฟอร์มไม่ได้")
    expect(alert).to_have_attribute("role", "alert")
    page.screenshot(path=artifacts / "errors-connection-lost-th.png", full_page=True)


def test_a_request_that_times_out_says_so(
    page: Page, assessment_round: AssessmentRound, round_manager: User
) -> None:
    # Given the round's page, a short time-out, and a server that never answers
    log_in(page, round_manager)
    page.goto(assessment_round.get_absolute_url())
    page.evaluate("htmx.config.timeout = 300")
    page.route("**/rating/rounds/*/products/", lambda route: None)
    page.fill("#round-panel #id_codes", "HONEY-9")

    # When the manager saves
    page.get_by_role("button", name="Add products").click()

    # Then a message says so, and asks to check before trying again
    alert = page.locator("[data-request-problem]:visible")
    expect(alert).to_contain_text("took too long to answer")
    expect(page.locator("#round-panel #id_codes")).to_have_value("HONEY-9")


def test_a_refusal_that_is_a_whole_error_page_is_said_not_nested(
    page: Page, assessment_round: AssessmentRound, round_manager: User
) -> None:
    # Given the round's page, and a server that answers the next save with its 403 page
    log_in(page, round_manager)
    page.goto(assessment_round.get_absolute_url())
    error_page = page.request.get("/this-page-does-not-exist/").text()
    page.route(
        "**/rating/rounds/*/products/",
        lambda route: route.fulfill(status=403, body=error_page, content_type="text/html"),
    )
    page.fill("#round-panel #id_codes", "HONEY-9")

    # When the manager saves
    page.get_by_role("button", name="Add products").click()

    # Then the refusal and its reason are said next to the form, and no page is nested
    alert = page.locator("form:has(#id_codes) [data-request-problem]")
    expect(alert).to_contain_text("The server refused this (error 403).")
    expect(alert).to_contain_text("Not found")
    expect(page.locator(".topbar")).to_have_count(1)
