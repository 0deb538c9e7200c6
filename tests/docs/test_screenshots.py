"""The README shows the screenshots that `make screenshots` makes from the demo."""

import contextlib
import datetime as dt
import io
import re
import runpy
import struct
from pathlib import Path

from django.urls import reverse

from ogop.accounts.models import Role
from tests.factories import UserFactory
from tests.fairs.factories import BoothFactory, FairFactory, today

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "screenshots.py"
SHOTS = {
    "docs/screenshots/catalog-th-phone.png": (390, 844),
    "docs/screenshots/counter-tablet.png": (1024, 768),
    "docs/screenshots/dashboard-desktop.png": (1280, 900),
}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_readme_shows_the_three_screenshots_under_its_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme.split("\n## ", 1)[0]
    linked = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", first_section)
    assert linked == list(SHOTS)
    assert first_section.index("make test") < first_section.index("![")
    for path, size in SHOTS.items():
        assert png_size(ROOT / path) == size


def test_make_screenshots_runs_the_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^screenshots:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target is not None
    assert "scripts/screenshots.py" in target.group(1)
    script = SCRIPT.read_text(encoding="utf-8")
    for path in SHOTS:
        assert f'"{Path(path).name}"' in script


def test_the_counter_shown_is_at_a_fair_open_today(db):
    cashier = UserFactory(username="cashier", role=Role.CASHIER)
    past = FairFactory(starts_on=dt.date(2017, 8, 1), ends_on=dt.date(2017, 8, 31))
    BoothFactory(fair=past, cashiers=[cashier])
    open_today = BoothFactory(fair=FairFactory(), cashiers=[cashier])
    assert open_today.fair.starts_on <= today() <= open_today.fair.ends_on
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(runpy.run_path(str(SCRIPT))["COUNTER_URL"])
    expected = reverse("fair_counter", args=[open_today.fair.code, open_today.code])
    assert printed.getvalue().strip() == expected
