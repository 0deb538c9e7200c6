"""The counter offline: the service worker that keeps the counter's pages and files on a
tablet, so that a reload without a network opens the counter and its queue of sales.

The worker's script is the source in counter_sw.js behind one line of settings: the cache's
version, the counter pages' address pattern, and the addresses (logging in and out) on which
it forgets the pages it kept. The version is a digest of every static file and of the
templates of the counter, so a deploy that changes any of them makes a new worker, which
drops the old copies.
"""

import hashlib
import json
import re
from functools import cache
from importlib import resources

from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse

# The templates a kept counter page is made of.
COUNTER_TEMPLATES = ("fairs/counter.html", "base.html", "core/_htmx.html")


def counter_pattern() -> str:
    """A regular expression (for JavaScript too) that matches the path of any booth's counter."""
    example = reverse("fair_counter", args=["FAIRCODE", "BOOTHCODE"])
    return "^" + re.escape(example).replace("FAIRCODE", "[^/]+").replace("BOOTHCODE", "[^/]+") + "$"


def _source() -> str:
    return resources.files("ogop.fairs").joinpath("counter_sw.js").read_text(encoding="utf-8")


@cache
def version() -> str:
    """A digest of the worker, the static files and the counter's templates."""
    digest = hashlib.sha256(_source().encode())
    for finder in finders.get_finders():
        for path, storage in sorted(finder.list(["CVS", ".*", "*~"]), key=lambda f: f[0]):
            digest.update(path.encode())
            with storage.open(path) as content:
                digest.update(content.read())
    for name in COUNTER_TEMPLATES:
        origin = get_template(name).origin.name  # type: ignore[attr-defined]  # the Django backend's template has an origin; the stubs omit it
        with open(origin, "rb") as template:
            digest.update(template.read())
    return digest.hexdigest()[:16]


def service_worker_script() -> str:
    config = {
        "version": version(),
        "counter": counter_pattern(),
        "static": static(""),
        "forgetOn": [reverse("login"), reverse("logout")],
    }
    return f"const OGOP = {json.dumps(config)};\n{_source()}"
