"""Two app servers behind one load balancer, as two machines would run them: two `ogop serve`
processes, each with its own OGOP_DATA_DIR, on one database and one Redis (OGOP_CACHE_URL),
with the same SECRET_KEY. What one server changes, the other shows on its next request (the
catalog's pages, search, the programme dashboard's figures, a fair's figures); an import
started on one is run by a worker on a third machine and followed on the other; a session from
one works on the other; sales through both at once keep the stock exact; a command run on a
third machine renews what both keep.

The servers use the database of the test pass: on PostgreSQL the test database itself (the
deployment this describes); on SQLite a file copy of it that both servers open, as two
servers on one machine would (SQLite cannot be shared between machines, but the cache and
the sessions must still be shared by the servers). Redis at 127.0.0.1:6379 (another with
OGOP_TEST_REDIS_URL) is kept apart from other runs by a site name of the module's own. The
pair is started once for the module's tests, each on data of its own.
"""

import datetime as dt
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import lxml.html
import pytest
import redis
from bench.loadtest import PASSWORD, Client, Server, free_port, prepare
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.utils import timezone
from urllib3 import encode_multipart_formdata

from ogop.accounts.models import Role, User
from ogop.core.money import format_money
from ogop.core.thai import format_number
from ogop.fairs.models import Exhibit
from ogop.products import selectors as product_selectors
from ogop.programme.models import ActivityKind
from ogop.results.models import Computation
from tests.factories import ProducerGroupFactory, ProductFactory, area
from tests.filebuilders import PRODUCT_HEADER, csv_bytes, product_row
from tests.html_forms import form_data
from tests.programme.factories import (
    ActivityFactory,
    IndicatorFactory,
    PeriodFactory,
    ProgrammeFactory,
    component,
)
from tests.served import served_database
from tests.shipped import SHIPPED_AREA, reload_shipped_areas, shipped_data_after_module

# The servers run in other processes and read committed data: the module writes it once,
# before they start (`world`), and removes it after its last test. Each test works on data of
# its own in it (its products, its till, its figures read before and after), so that the
# tests need not run in any order, and the pair of servers is started once for them all.
pytestmark = pytest.mark.django_db
_shipped_data_after_module = shipped_data_after_module

REDIS_URL = os.environ.get("OGOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
SECRET_KEY = "two-servers-" + "k" * 50
SALES_EACH = 15
IMPORT_ROWS = 1_000  # halfway is a multiple of jobs.ROWS_BETWEEN_TICKS: reported exactly
SALES_AT_FAIRS = "Sales at fairs this season"
PAUSED_WORKER = Path(__file__).with_name("paused_worker.py")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A site name of this module's own, whose keys in the shared Redis are removed after."""
    name = f"test-two-servers-{uuid.uuid4().hex[:12]}"
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.RedisError as error:
        pytest.fail(f"The shared cache's test needs Redis at {REDIS_URL}: {error}")
    yield name
    for key in connection.scan_iter(f"*{name}*"):
        connection.delete(key)
    connection.close()


def server_env(tmp_path: Path, machine: str, database_url: str, site: str) -> dict[str, str]:
    data_dir = tmp_path / machine
    data_dir.mkdir(exist_ok=True)
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url,
        "OGOP_DATA_DIR": str(data_dir),
        "OGOP_CACHE_URL": REDIS_URL,
        "OGOP_SITE_NAME": site,
        "SECRET_KEY": SECRET_KEY,
        "OGOP_HTTPS": "0",
        "DEBUG": "0",
    }


def text(content: bytes) -> str:
    return unescape(content.decode())


def get(client: Client, path: str) -> str:
    status, content = client.request("GET", path)
    assert status == 200, (path, status)
    return text(content)


def fresh(port: int) -> Client:
    """A visitor without cookies: answered from the pages kept for everyone."""
    return Client(port)


def build_world() -> dict[str, Any]:
    """One public group's three products, an officer, a fair with a till for each of two
    cashiers, and a programme whose activity serves the group, with "sales at fairs" as an
    indicator whose period holds today: its dashboard counts the group's products and their
    sales at the fair."""
    group = ProducerGroupFactory(area=area(SHIPPED_AREA), is_public=True)
    products = [
        ProductFactory(producer_group=group, code=f"TWO-{n}", is_public=True, price="100.00")
        for n in range(3)
    ]
    officer = User.objects.create(username="twoofficer", role=Role.PROGRAMME_OFFICER)
    # A hasher every configuration knows (the servers' settings are not the tests').
    officer.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    officer.save()
    tills, _codes = prepare(cashiers=2)
    programme = ProgrammeFactory()
    serving = ActivityFactory(component=component(programme), kind=ActivityKind.PROMOTION)
    serving.producer_groups.add(group)
    today = timezone.localdate()
    PeriodFactory(
        indicator=IndicatorFactory(
            result__programme=programme,
            computation=Computation.FAIR_SALES,
            title=SALES_AT_FAIRS,
        ),
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=30),
        target="1000",
    )
    return {
        "renamed": products[0],
        "moved": products[2],
        "group": group,
        "programme": programme,
        # One till for the sales at once, the other for the sale whose figures are followed.
        "tills": {"at_once": tills[0], "followed": tills[1]},
    }


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The module's data, committed; removed after its last test as a transactional test's
    end removes its own, the shipped data given back."""
    with django_db_blocker.unblock():
        reload_shipped_areas()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        reload_shipped_areas()


@pytest.fixture(scope="module")
def servers(
    world: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    site: str,
    django_db_blocker: Any,
) -> Iterator[tuple[int, int, Any]]:
    tmp_path = tmp_path_factory.mktemp("two-servers")
    with django_db_blocker.unblock():
        database_url = served_database(tmp_path)
    started = []
    for machine, url in (
        ("a", database_url),
        ("b", database_url.replace("@127.0.0.1:", "@localhost:")),
    ):
        # B spells the database's host otherwise, as a machine's own settings may.
        server = Server(free_port(), server_env(tmp_path, machine, url, site))
        server.start(timeout=120)
        started.append(server)
    try:
        yield (
            started[0].port,
            started[1].port,
            lambda machine: server_env(tmp_path, machine, database_url, site),
        )
    finally:
        for server in started:
            if server.process and server.process.poll() is None:
                os.killpg(server.process.pid, signal.SIGTERM)
                server.process.wait(timeout=30)


def stock_left(database_url: str, exhibit: int) -> int:
    """The exhibit's stock as the servers left it (on SQLite, in the file they share)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
            row = database.execute("SELECT stock FROM fairs_exhibit WHERE id = ?", [exhibit])
            return int(row.fetchone()[0])
    return Exhibit.objects.get(pk=exhibit).stock


def page_of(client: Client, path: str) -> Any:
    return lxml.html.fromstring(get(client, path))


def table_figures(page: Any, table_id: str) -> dict[str, str]:
    """A table's rows as {first cell: last cell}: a label and its figure."""
    return {
        row.xpath("string(td[1])").strip(): row.xpath("string(td[last()])").strip()
        for row in page.xpath(f"//table[@id='{table_id}']/tbody/tr")
    }


def indicator_actual(page: Any, title: str) -> str:
    """The dashboard's actual value of the indicator named `title`."""
    (row,) = page.xpath(f"//table[@id='indicator-table']/tbody/tr[td[2][contains(., '{title}')]]")
    return str(row.xpath("string(td[5])")).strip()


def money_in(shown: str) -> Decimal:
    """The amount of a figure shown as "1,250.00 THB"."""
    return number_in(shown.removesuffix(" THB"))


def number_in(shown: str) -> Decimal:
    return Decimal(shown.replace(",", ""))


def post(client: Client, port: int, path: str, body: bytes, content_type: str) -> int:
    status, content = client.request(
        "POST",
        path,
        body,
        {
            "Content-Type": content_type,
            "X-CSRFToken": client.cookies.get("csrftoken", ""),
            "Referer": f"http://127.0.0.1:{port}/",
        },
    )
    assert status < 400, text(content)[:2000]
    return status


def sale(client: Client, port: int, till: Any) -> int:
    """One sale of the till's exhibit, as the counter sends it; the answer's status."""
    body = json.dumps(
        {
            "client_uuid": str(uuid.uuid4()),
            "exhibit": till.exhibit,
            "quantity": 1,
            "unit_price": till.price,
            "payment_method": "cash",
            "sold_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        }
    ).encode()
    status, _content = client.request(
        "POST",
        f"/fairs/{till.fair}/booths/{till.booth}/sales/",
        body,
        {
            "Content-Type": "application/json",
            "X-CSRFToken": client.cookies.get("csrftoken", ""),
            "Referer": f"http://127.0.0.1:{port}/",
        },
    )
    return status


def signed_in_on_both(port_a: int, port_b: int, username: str) -> tuple[Client, Client]:
    """A person signed in through A, and the same session on B."""
    on_a = Client(port_a)
    on_a.log_in(username)
    on_b = Client(port_b)
    on_b.cookies = dict(on_a.cookies)
    return on_a, on_b


def staff_edit(client: Client, port: int, code: str, **changes: str) -> None:
    """Submit the product's edit page as the officer would, with `changes`."""
    page = get(client, f"/products/{code}/edit/")
    form = next(
        form
        for form in lxml.html.fromstring(page).forms
        if form.get("method", "").lower() == "post" and form.xpath(".//*[@name='name_en']")
    )
    data = [(name, changes.get(name, value)) for name, value in form_data(form)]
    status, content = client.request(
        "POST",
        f"/products/{code}/edit/",
        urlencode(data).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/products/{code}/edit/",
        },
    )
    assert status == 302, text(content)[:2000]


def test_a_change_through_one_server_shows_on_the_others_next_request(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, _env = servers
    product = world["renamed"]
    code = product.code
    lists = [f"/browse/{product.producer_group.area.code}/", f"/g/{product.producer_group.code}/"]
    # Both servers keep the pages first, as they would after some browsing.
    for port in (port_a, port_b):
        for path in [f"/p/{code}/", *lists, "/search/?q=Renamed"]:
            get(fresh(port), path)
    officer_a = Client(port_a)
    officer_a.log_in("twoofficer")
    staff_edit(officer_a, port_a, code, name_en="Renamed Wild Honey", price="123.45")
    # B's next requests: a visitor's, and the officer's with the session A signed in.
    officer_b = Client(port_b)
    officer_b.cookies = dict(officer_a.cookies)
    for client in (fresh(port_b), officer_b):
        product_page = get(client, f"/p/{code}/")
        assert "Renamed Wild Honey" in product_page
        assert re.search(r"123\.45", product_page)
        for path in lists:
            assert "Renamed Wild Honey" in get(client, path), path
        assert f"/p/{code}/" in get(client, "/search/?q=Renamed")
    # The session from A is a session on B: the staff pages open, signed in.
    staff = get(officer_b, f"/products/{code}/")
    assert "twoofficer" in staff
    assert "Renamed Wild Honey" in staff


def test_a_command_on_a_third_machine_renews_what_both_servers_keep(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, env = servers
    code = world["renamed"].code
    for port in (port_a, port_b):
        get(fresh(port), f"/p/{code}/")
    shared = redis.Redis.from_url(REDIS_URL)
    # The versions' tokens (core.versions), not what else their cache holds (the worker's
    # heartbeat).
    tokens = f"*{env('c')['OGOP_SITE_NAME']}*:version"
    before = {key: shared.get(key) for key in shared.scan_iter(tokens)}
    assert before
    subprocess.run(
        [sys.executable, "-m", "ogop", "search", "rebuild"],
        env=env("c"),
        check=True,
        capture_output=True,
        timeout=300,
    )
    after = {key: shared.get(key) for key in before}
    assert [key for key in before if after[key] == before[key]] == []


def test_sales_through_both_servers_at_once_keep_the_stock_exact(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, _env = servers
    till = world["tills"]["at_once"]
    database_url = _env("a")["DATABASE_URL"]
    opening = stock_left(database_url, till.exhibit)
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()
    signed_in = Client(port_a)
    signed_in.log_in(till.username)

    def sell(port: int) -> None:
        # The cashier's session, signed in through A, on whichever server the sale reaches.
        client = Client(port)
        client.cookies = dict(signed_in.cookies)
        for _n in range(SALES_EACH):
            status = sale(client, port, till)
            with lock:
                answers.append((port, status))

    # Two tablets on each server, selling the same exhibit at once.
    threads = [threading.Thread(target=sell, args=(port,)) for port in (port_a, port_b) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(answers) == sorted(
        (port, 201) for port in (port_a, port_b) * 2 for _n in range(SALES_EACH)
    )
    assert stock_left(database_url, till.exhibit) == opening - 4 * SALES_EACH


def test_a_change_through_one_server_moves_the_dashboard_figures_on_the_other(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, _env = servers
    product = world["moved"]
    dashboard = f"/programmes/{world['programme'].pk}/dashboard/"
    officer_a, officer_b = signed_in_on_both(port_a, port_b, "twoofficer")
    # Both servers keep the dashboard's figures first.
    page_of(officer_a, dashboard)
    before = table_figures(page_of(officer_b, dashboard), "products-by-stage")
    moved_from = product.stage
    moved_to = product_selectors.next_stage(moved_from, product_selectors.stages_in_order())
    assert moved_to is not None

    post(officer_a, port_a, f"/development/{product.code}/next/", b"", "text/plain")

    after = table_figures(page_of(officer_b, dashboard), "products-by-stage")
    expected = {
        **before,
        moved_from.name: format_number(int(before[moved_from.name]) - 1),
        moved_to.name: format_number(int(before[moved_to.name]) + 1),
    }
    assert after == expected


def test_a_sale_through_one_server_moves_the_fair_figures_on_the_other(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, _env = servers
    till = world["tills"]["followed"]
    report = f"/fairs/{till.fair}/report/"
    dashboard = f"/programmes/{world['programme'].pk}/dashboard/"
    _officer_a, officer_b = signed_in_on_both(port_a, port_b, "twoofficer")
    # B keeps the programme's figures first (the fair's, and the other tests' sales, as
    # they stand).
    total = money_in(page_of(officer_b, report).xpath("string(//*[@id='report-total'])"))
    actual = number_in(indicator_actual(page_of(officer_b, dashboard), SALES_AT_FAIRS))
    cashier_a = Client(port_a)
    cashier_a.log_in(till.username)

    assert sale(cashier_a, port_a, till) == 201

    price = Decimal(till.price)
    sold = page_of(officer_b, report).xpath("string(//*[@id='report-total'])")
    assert sold == format_money(total + price, "THB")
    assert indicator_actual(page_of(officer_b, dashboard), SALES_AT_FAIRS) == format_number(
        actual + price
    )


def job_on(client: Client, job_id: int) -> Any:
    """The job's page; looked at after a wait, on a new connection (the server closes one
    left idle for a few seconds)."""
    if client.connection is not None:
        client.connection.close()
        client.connection = None
    return page_of(client, f"/registry/jobs/{job_id}/")


def test_an_import_started_on_one_server_is_run_by_a_worker_and_followed_on_the_other(
    servers: tuple[int, int, Any], world: dict[str, Any], tmp_path: Path
) -> None:
    port_a, port_b, env = servers
    codes = [f"IMPORTED-{n:05}" for n in range(1, IMPORT_ROWS + 1)]
    data = csv_bytes(
        PRODUCT_HEADER, [product_row(code, producer_code=world["group"].code) for code in codes]
    )
    officer_a, officer_b = signed_in_on_both(port_a, port_b, "twoofficer")
    body, content_type = encode_multipart_formdata(
        {"kind": "products", "file": ("products.csv", data, "text/csv")}
    )
    assert post(officer_a, port_a, "/registry/import/", body, content_type) == 302
    # B lists the import among the person's own, waiting for a worker.
    (link,) = page_of(officer_b, "/registry/jobs/").xpath(
        "//tr[contains(., 'products.csv')]//a/@href"
    )
    job_id = int(re.fullmatch(r"/registry/jobs/(\d+)/", link)[1])  # type: ignore[index]
    assert "Waiting for a worker" in job_on(officer_b, job_id).text_content()

    # A worker on a third machine, which stops halfway through checking until told to go on.
    halfway, go_on = tmp_path / "halfway", tmp_path / "go-on"
    worker = subprocess.Popen(
        [sys.executable, str(PAUSED_WORKER), str(halfway), str(go_on)],
        env={**env("c"), "OGOP_JOB_PROGRESS_SECONDS": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not halfway.exists():
            assert worker.poll() is None, worker.communicate()[0].decode()[-3000:]
            assert time.monotonic() < deadline, "the worker did not reach halfway"
            time.sleep(0.05)
        page = job_on(officer_b, job_id)
        assert page.xpath("string(//*[@id='job-checked'])") == (
            f"Rows checked: {IMPORT_ROWS // 2:,} of {IMPORT_ROWS:,}"
        )
        assert page.xpath("string(//*[@id='job-written'])") == f"Rows written: 0 of {IMPORT_ROWS:,}"
        assert page.xpath("string(//*[@id='job-progress']/@value)") == "25"
        go_on.touch()
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0, output.decode()[-3000:]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    done = job_on(officer_b, job_id)
    assert not done.xpath("//*[@id='job-progress']")
    assert done.xpath("string(//*[contains(@class, 'success')][@role='status'])").strip() == (
        f"Imported products: {IMPORT_ROWS:,} created, 0 updated."
    )
    for code in (codes[0], codes[-1]):
        assert f"Product {code}" in get(officer_b, f"/products/{code}/")
