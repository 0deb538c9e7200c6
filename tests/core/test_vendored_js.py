"""The JavaScript libraries the platform serves are the npm packages that package.json pins and
package-lock.json locks, copied by scripts/js-assets, and the pages find them."""

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src/ogop/core/static/vendor"


def pinned() -> dict[str, str]:
    return json.loads((ROOT / "package.json").read_text())["dependencies"]


@pytest.mark.parametrize("library", sorted(pinned()))
def test_vendored_copy_is_the_pinned_and_locked_version(library):
    lock = json.loads((ROOT / "package-lock.json").read_text())
    copied = json.loads((VENDOR / library / "package.json").read_text())
    assert copied["name"] == library
    assert copied["version"] == pinned()[library]
    assert lock["packages"][f"node_modules/{library}"]["version"] == pinned()[library]


def test_the_counters_qr_library_is_a_static_file():
    assert finders.find("vendor/qrcode-generator/qrcode.js")
