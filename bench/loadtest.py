"""The load and fault test: browsers on the catalog and cashiers recording sales, against the
production server (`ogop serve`, 2 workers), with the server killed in the middle of a burst.

    python -m bench.loadtest [--browsers 50] [--cashiers 10] [--seconds 60] [--no-kill]

It prepares a fair running today with one booth per cashier (on the database of
DATABASE_URL; `make loadtest` uses PostgreSQL), starts the server, and runs for the given time:

- each browser fetches catalog pages (home, search, browse, product pages) in a loop;
- each cashier logs in, then records sales one after another, each with a number (UUID) made
  on the client, and sends it again with the same number until the server acknowledges it,
  as the counter page does;
- half-way, the server's whole process group is killed (SIGKILL: no clean shut-down) and
  started again.

At the end it reads the sales back from the database, with its own connection: every
acknowledged sale must be there, once, and no other. Errors are counted outside the restart
window (a browser's request while the server is down is not an error of the server). The
report goes to bench/results/loadtest.json and .md.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "load-test-password-1"


# Preparing the data (in-process, through the platform's own services) ----------------------


@dataclass(frozen=True)
class Till:
    fair: str
    booth: str
    exhibit: int
    username: str
    price: str


def prepare(cashiers: int) -> tuple[list[Till], list[str]]:
    """A fair running today with one booth (and one exhibit) per cashier, and the public
    product pages to browse. Made again from scratch on each run."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from ogop.accounts.models import Role, User
    from ogop.fairs import services
    from ogop.fairs.models import Booth, Fair
    from ogop.products.models import Product

    products = list(Product.objects.public().order_by("code")[: max(cashiers, 20)])
    if not products:
        raise SystemExit("No public products to sell or browse: load the demo first.")
    today = timezone.localdate()
    # A new fair each run (sales are never deleted): its sales are this run's only.
    fair = Fair.objects.create(
        code=f"LOAD-{timezone.now():%Y%m%d-%H%M%S}",
        name="Load test fair",
        name_en="Load test fair",
        venue="Loopback",
        city="Localhost",
        country="TH",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
        currency="THB",
    )
    counters = []
    for index in range(cashiers):
        user, _created = User.objects.get_or_create(username=f"loadcashier{index + 1}")
        user.role = Role.CASHIER
        user.is_active = True
        # Hashed with a hasher every configuration knows (the server's settings may differ
        # from those of the process that prepares the run).
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        user.save()
        booth = services.booth_save(
            booth=Booth(fair=fair, code=f"L{index + 1:02d}", name=f"Booth {index + 1}"),
            cashiers=[user],
        )
        product = products[index % len(products)]
        exhibit = services.exhibit_create(
            booth=booth, product=product, fair_price=product_price(product), opening_stock=10**8
        )
        counters.append(
            Till(fair.code, booth.code, exhibit.pk, user.username, str(exhibit.fair_price))
        )
    return counters, [product.code for product in products]


def product_price(product: Any) -> Any:
    from decimal import Decimal

    return product.price if getattr(product, "price", None) else Decimal("100.00")


def database_url() -> str:
    """The database of this process, as a URL the checker's own connection can open."""
    from django.db import connection

    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    user = conf.get("USER") or ""
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    host = conf.get("HOST") or "127.0.0.1"
    port = conf.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{conf['NAME']}"


def stored_sales(db_url: str, fair_code: str) -> list[str]:
    """The numbers of the load-test fair's sales, read with a connection of our own."""
    query = (
        "SELECT s.client_uuid FROM fairs_sale s JOIN fairs_exhibit e ON s.exhibit_id = e.id "
        "JOIN fairs_booth b ON e.booth_id = b.id JOIN fairs_fair f ON b.fair_id = f.id "
        "WHERE f.code = %s"
    )
    if db_url.startswith("sqlite:///"):
        database = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        try:
            rows = database.execute(query.replace("%s", "?"), [fair_code]).fetchall()
        finally:
            database.close()
        return [str(uuid.UUID(str(row[0]))) for row in rows]
    import psycopg

    with psycopg.connect(db_url) as database:
        rows = database.execute(query, [fair_code]).fetchall()
    return [str(row[0]) for row in rows]


# The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`ogop serve` in its own process group, so that a kill takes its workers too."""

    def __init__(self, port: int, env: dict[str, str], workers: int = 2) -> None:
        self.port = port
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.log = open(  # noqa: SIM115 - kept open for the server's life
            Path(env.get("OGOP_DATA_DIR", ".")) / f"loadtest-server-{port}.log", "ab"
        )

    def start(self, timeout: float = 60) -> float:
        from django.conf import settings

        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ogop",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
            ],
            # The production server wants a key given: this installation's, unless one is.
            env={"SECRET_KEY": settings.SECRET_KEY, **self.env},
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/static/ogop/ogop.css")
                if connection.getresponse().status == 200:
                    return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"The server did not answer within {timeout} s.")

    def kill(self) -> None:
        """SIGKILL to the whole process group: the master and its workers die mid-request."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


# The clients ---------------------------------------------------------------------------------


class Client:
    """One HTTP/1.1 connection with its cookies; reconnects after the server went away."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, content

    def log_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        body = urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            }
        ).encode()
        status, _content = self.request(
            "POST",
            "/accounts/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not log in (status {status}).")


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    errors_in_restart: int = 0
    requests: int = 0
    acknowledged: set[str] = field(default_factory=set)
    recorded_now: int = 0
    replayed: int = 0
    retries: int = 0
    unacknowledged: set[str] = field(default_factory=set)

    def count(self, status: int | str) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[str(status)] += 1


class Run:
    def __init__(self, port: int, seconds: float) -> None:
        self.port = port
        self.seconds = seconds
        self.stop = threading.Event()
        self.restarting = threading.Event()
        self.tally = Tally()
        self.signed_in = threading.Semaphore(0)  # released once by each cashier signed in

    def error(self, what: str) -> None:
        with self.tally.lock:
            if self.restarting.is_set():
                self.tally.errors_in_restart += 1
            else:
                self.tally.errors.append(what)

    def browse(self, products: list[str], seed: int) -> None:
        client = Client(self.port)
        paths = [
            "/",
            "/browse/",
            "/search/?q=honey",
            "/search/?q=%E0%B8%82%E0%B9%89%E0%B8%B2%E0%B8%A7",
        ]
        paths += [f"/p/{code}/" for code in products]
        index = seed
        while not self.stop.is_set():
            path = paths[index % len(paths)]
            index += 1
            try:
                status, _content = client.request("GET", path)
            except (OSError, http.client.HTTPException) as exc:
                self.tally.count("connection error")
                self.error(f"GET {path}: {exc.__class__.__name__}")
                time.sleep(0.2)
                continue
            self.tally.count(status)
            if status != 200:
                self.error(f"GET {path}: {status}")

    def sell(self, counter: Till) -> None:
        client = Client(self.port)
        self._until_done(lambda: client.log_in(counter.username))
        self.signed_in.release()
        path = f"/fairs/{counter.fair}/booths/{counter.booth}/sales/"
        while not self.stop.is_set():
            number = str(uuid.uuid4())
            body = json.dumps(
                {
                    "client_uuid": number,
                    "exhibit": counter.exhibit,
                    "quantity": 1,
                    "unit_price": counter.price,
                    "payment_method": "cash",
                    "sold_at": dt.datetime.now(dt.UTC).isoformat(),
                }
            ).encode()
            self._send_until_acknowledged(client, path, body, number)

    def _send_until_acknowledged(self, client: Client, path: str, body: bytes, number: str) -> None:
        """Send one sale until the server says it is recorded (201) or was already (200)."""
        deadline = time.monotonic() + self.seconds + 120
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            try:
                status, content = client.request(
                    "POST",
                    path,
                    body,
                    {
                        "Content-Type": "application/json",
                        "X-CSRFToken": client.cookies.get("csrftoken", ""),
                        "Referer": f"http://127.0.0.1:{self.port}/",
                    },
                )
            except (OSError, http.client.HTTPException) as exc:
                self.tally.count("connection error")
                self.error(f"POST sale: {exc.__class__.__name__}")
                with self.tally.lock:
                    self.tally.retries += 1
                time.sleep(0.2)
                continue
            self.tally.count(status)
            if status in (200, 201):
                with self.tally.lock:
                    self.tally.acknowledged.add(number)
                    if status == 201:
                        self.tally.recorded_now += 1
                    else:
                        self.tally.replayed += 1
                return
            self.error(f"POST sale: {status} {content[:200]!r}")
            if status < 500:
                return  # refused for good: not acknowledged, must not be stored
            with self.tally.lock:
                self.tally.retries += 1
            time.sleep(0.2)
        with self.tally.lock:
            self.tally.unacknowledged.add(number)

    def _until_done(self, action: Any) -> None:
        """Retry an action that fails while the server is down, for as long as the run lasts."""
        deadline = time.monotonic() + self.seconds + 120
        while True:
            try:
                action()
                return
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def warm_up(port: int, products: list[str], workers: int) -> None:
    """Load what each worker loads once (the word lists of search, the templates), as a
    server that has been running for a while has: not counted."""
    client = Client(port)
    for _round in range(workers * 3):
        for path in ["/", "/search/?q=honey", f"/p/{products[0]}/", "/accounts/login/"]:
            client.request("GET", path)
            client.connection = None  # a new connection may land on another worker


def run_load(
    *,
    counters: list[Till],
    products: list[str],
    env: dict[str, str],
    db_url: str,
    browsers: int,
    seconds: float,
    kill: bool,
    workers: int = 2,
) -> dict[str, Any]:
    port = free_port()
    server = Server(port, env, workers=workers)
    boot = server.start()
    warm_up(port, products, workers)
    run = Run(port, seconds)
    threads = [
        threading.Thread(target=run.browse, args=(products, index), daemon=True)
        for index in range(browsers)
    ] + [threading.Thread(target=run.sell, args=(counter,), daemon=True) for counter in counters]
    for thread in threads:
        thread.start()
    # The clock starts once every cashier is signed in, so that a slow machine still sells
    # for the whole run: before the kill, and for half the run after the server is back.
    for _counter in counters:
        run.signed_in.acquire(timeout=120)
    started = time.perf_counter()
    restart_seconds = None
    try:
        if kill:
            time.sleep(seconds / 2)
            run.restarting.set()
            killed_at = time.perf_counter()
            server.kill()
            server.start()
            restart_seconds = time.perf_counter() - killed_at
            # Requests in flight when the server died may fail a little after it is back.
            time.sleep(1.0)
            run.restarting.clear()
            time.sleep(seconds / 2)
        else:
            time.sleep(seconds)
        run.stop.set()
        for thread in threads:
            thread.join(timeout=180)
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    stored = stored_sales(db_url, counters[0].fair)
    tally = run.tally
    stored_set = set(stored)
    return {
        "browsers": browsers,
        "cashiers": len(counters),
        "seconds": round(elapsed, 1),
        "server_workers": workers,
        "server_boot_s": round(boot, 2),
        "killed_and_restarted": kill,
        "restart_s": round(restart_seconds, 2) if restart_seconds else None,
        "requests": tally.requests,
        "requests_per_s": round(tally.requests / elapsed, 1),
        "statuses": dict(tally.statuses),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:10],
        "connection_failures_during_restart": tally.errors_in_restart,
        "sales_acknowledged": len(tally.acknowledged),
        "sales_recorded_first_time": tally.recorded_now,
        "sales_acknowledged_on_a_retry_as_already_recorded": tally.replayed,
        "sale_retries": tally.retries,
        "sales_never_acknowledged": len(tally.unacknowledged),
        "sales_stored": len(stored),
        "sales_stored_twice": len(stored) - len(stored_set),
        "acknowledged_but_missing": len(tally.acknowledged - stored_set),
        "stored_but_not_acknowledged": len(stored_set - tally.acknowledged - tally.unacknowledged),
    }


def verdict(report: dict[str, Any]) -> list[str]:
    """What went wrong, if anything."""
    problems = []
    if report["errors"]:
        samples = "; ".join(report["error_samples"])
        problems.append(f"{report['errors']} errors outside the restart: {samples}")
    if report["acknowledged_but_missing"]:
        problems.append(f"{report['acknowledged_but_missing']} acknowledged sales are missing")
    if report["sales_stored_twice"]:
        problems.append(f"{report['sales_stored_twice']} sales are stored twice")
    if report["stored_but_not_acknowledged"]:
        problems.append(f"{report['stored_but_not_acknowledged']} stored sales were never sent")
    if not report["sales_acknowledged"]:
        problems.append("no sale was recorded")
    return problems


def markdown(report: dict[str, Any]) -> str:
    rows = [
        ("clients", f"{report['browsers']} browsing, {report['cashiers']} cashiers"),
        ("duration", f"{report['seconds']} s"),
        ("server", f"ogop serve, {report['server_workers']} workers, {report['database']}"),
        ("requests", f"{report['requests']:,} ({report['requests_per_s']}/s)"),
        ("errors (outside the restart)", str(report["errors"])),
        ("killed and restarted", "yes" if report["killed_and_restarted"] else "no"),
        ("restart took", f"{report['restart_s']} s" if report["restart_s"] else "—"),
        ("requests refused while down", str(report["connection_failures_during_restart"])),
        ("sales acknowledged", f"{report['sales_acknowledged']:,}"),
        ("sales stored", f"{report['sales_stored']:,}"),
        ("retries after a failure", str(report["sale_retries"])),
        (
            "acknowledged on retry as already recorded",
            str(report["sales_acknowledged_on_a_retry_as_already_recorded"]),
        ),
        ("acknowledged but missing", str(report["acknowledged_but_missing"])),
        ("stored twice", str(report["sales_stored_twice"])),
        ("verdict", "; ".join(report["problems"]) or "pass"),
    ]
    lines = ["# Load and fault test", "", f"Run on {report['when']} ({report['machine']}).", ""]
    lines += ["| | |", "| --- | --- |"] + [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--browsers", type=int, default=50)
    parser.add_argument("--cashiers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-kill", action="store_true", help="do not kill the server half-way")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogop.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ogop.products.models import Product

    call_command("migrate", interactive=False, verbosity=0)
    if not Product.objects.exists():
        call_command("demo", verbosity=0)
    counters, products = prepare(options.cashiers)
    db_url = database_url()
    env = {**os.environ, "DATABASE_URL": db_url, "OGOP_HTTPS": "0", "DEBUG": "0"}
    connection.close()
    report = run_load(
        counters=counters,
        products=products,
        env=env,
        db_url=db_url,
        browsers=options.browsers,
        seconds=options.seconds,
        kill=not options.no_kill,
    )
    import platform

    report["database"] = connection.vendor
    report["when"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    report["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    report["problems"] = verdict(report)
    options.output.mkdir(parents=True, exist_ok=True)
    (options.output / "loadtest.json").write_text(json.dumps(report, indent=2) + "\n")
    (options.output / "loadtest.md").write_text(markdown(report))
    print(markdown(report))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
