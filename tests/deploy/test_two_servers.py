"""Two app servers behind one load balancer, as two machines would run them: two `ogop serve`
processes, each with its own OGOP_DATA_DIR, on one database and one Redis (OGOP_CACHE_URL),
with the same SECRET_KEY. What one server changes, the other shows on its next request; a
session from one works on the other; sales through both at once keep the stock exact; a
command run on a third machine renews what both keep.

The servers use the database of the test pass: on PostgreSQL the test database itself (the
deployment this describes); on SQLite a file copy of it that both servers open, as two
servers on one machine would (SQLite cannot be shared between machines, but the cache and
the sessions must still be shared by the servers). Redis at 127.0.0.1:6379 (another with
OGOP_TEST_REDIS_URL) is kept apart from other runs by a site name of the test's own.
"""

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
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import lxml.html
import pytest
import redis
from bench.loadtest import PASSWORD, Client, Server, free_port, prepare
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from ogop.accounts.models import Role, User
from ogop.fairs.models import Exhibit
from tests.factories import ProducerGroupFactory, ProductFactory
from tests.html_forms import form_data
from tests.served import served_database
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# The servers run in other processes: they must see committed data.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module

REDIS_URL = os.environ.get("OGOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
SECRET_KEY = "two-servers-" + "k" * 50
SALES_EACH = 15


@pytest.fixture
def site() -> Iterator[str]:
    """A site name of this test's own, whose keys in the shared Redis are removed after."""
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


@pytest.fixture
def world(gewog: Any) -> dict[str, Any]:
    group = ProducerGroupFactory(area=gewog, is_public=True)
    products = [
        ProductFactory(producer_group=group, code=f"TWO-{n}", is_public=True, price="100.00")
        for n in range(3)
    ]
    officer = User.objects.create(username="twoofficer", role=Role.PROGRAMME_OFFICER)
    # A hasher every configuration knows (the servers' settings are not the tests').
    officer.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    officer.save()
    tills, _codes = prepare(cashiers=2)
    return {"product": products[0], "tills": tills}


@pytest.fixture
def servers(world: dict[str, Any], tmp_path: Path, site: str) -> Iterator[tuple[int, int, Any]]:
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
    product = world["product"]
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
    code = world["product"].code
    for port in (port_a, port_b):
        get(fresh(port), f"/p/{code}/")
    shared = redis.Redis.from_url(REDIS_URL)
    before = {
        key: shared.get(key) for key in shared.scan_iter(f"*{env('c')['OGOP_SITE_NAME']}*version*")
    }
    assert before
    subprocess.run(
        [sys.executable, "-m", "ogop", "search", "rebuild"],
        env=env("c"),
        check=True,
        capture_output=True,
        timeout=300,
    )
    after = {key: shared.get(key) for key in before}
    assert all(after[key] != before[key] for key in before)


def test_sales_through_both_servers_at_once_keep_the_stock_exact(
    servers: tuple[int, int, Any], world: dict[str, Any]
) -> None:
    port_a, port_b, _env = servers
    till = world["tills"][0]
    opening = Exhibit.objects.get(pk=till.exhibit).stock
    answers: list[tuple[int, int]] = []
    lock = threading.Lock()
    signed_in = Client(port_a)
    signed_in.log_in(till.username)

    def sell(port: int) -> None:
        # The cashier's session, signed in through A, on whichever server the sale reaches.
        client = Client(port)
        client.cookies = dict(signed_in.cookies)
        for _n in range(SALES_EACH):
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
    assert stock_left(_env("a")["DATABASE_URL"], till.exhibit) == opening - 4 * SALES_EACH
