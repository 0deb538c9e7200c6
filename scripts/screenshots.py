"""Refresh the README's screenshots from the demo (`make screenshots`).

Loads the demo into a scratch data directory (var/screenshots, made anew each time, so the
fair that is open today is open on the day the pictures are taken), serves it, and with
Playwright and Debian's Chromium saves into docs/screenshots/:

- catalog-th-phone.png: the public catalog in Thai on a phone (390×844);
- counter-tablet.png: a cashier's counter at a booth of a fair open today (a tablet);
- dashboard-desktop.png: the programme's dashboard, as the partner officer sees it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "var" / "screenshots"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "ogop-demo"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1280, "height": 900}

# The counter to show: a booth of the cashier's at a fair open today if the demo has one,
# else the cashier's first booth. Printed by the platform itself, which knows the dates.
COUNTER_URL = """
from django.urls import reverse
from django.utils import timezone
from ogop.fairs.models import Booth
booths = Booth.objects.filter(cashiers__username="cashier").select_related("fair")
today = timezone.localdate()
open_today = booths.filter(fair__starts_on__lte=today, fair__ends_on__gte=today)
booth = open_today.first() or booths.first()
print(reverse("fair_counter", args=[booth.fair.code, booth.code]))
"""

DASHBOARD_URL = """
from django.urls import reverse
from ogop.programme.models import Programme
print(reverse("programme_dashboard", args=[Programme.objects.order_by("pk").first().pk]))
"""


def ogop(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "ogop", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    for _attempt in range(300):
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"The server did not answer at {url}.")


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    expect(page.locator(".topbar .who")).to_be_visible()


def take(base_url: str, counter_url: str, dashboard_url: str) -> None:
    # (file, browser language, size, who logs in, page, what shows that it is drawn)
    shots = [
        ("catalog-th-phone.png", "th-TH", PHONE, None, "/", "main h1"),
        ("counter-tablet.png", "en-GB", TABLET, "cashier", counter_url, "#sale-form"),
        ("dashboard-desktop.png", "en-GB", DESKTOP, "partner", dashboard_url, "figure.chart svg"),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for name, locale, viewport, username, url, drawn in shots:
            context = browser.new_context(base_url=base_url, locale=locale, viewport=viewport)
            page = context.new_page()
            if username:
                log_in(page, username)
            page.goto(url)
            expect(page.locator(drawn).first).to_be_visible()
            page.screenshot(path=OUT / name)
            context.close()
        browser.close()


def main() -> None:
    env = {**os.environ, "OGOP_DATA_DIR": str(DATA)}
    # The demo goes into its own SQLite file, never into a configured database.
    env.pop("DATABASE_URL", None)
    shutil.rmtree(DATA, ignore_errors=True)
    DATA.mkdir(parents=True)
    print("Loading the demo into var/screenshots …")
    ogop("migrate", "--noinput", "--verbosity", "0", env=env)
    ogop("collectstatic", "--noinput", "--verbosity", "0", env=env)
    ogop("demo", env=env)
    counter_url = ogop("shell", "--no-imports", "-c", COUNTER_URL, env=env).strip()
    dashboard_url = ogop("shell", "--no-imports", "-c", DASHBOARD_URL, env=env).strip()

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "ogop", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base_url}/", server)
        take(base_url, counter_url, dashboard_url)
    finally:
        server.terminate()
        server.wait()
    for path in sorted(OUT.glob("*.png")):
        print(f"Saved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
