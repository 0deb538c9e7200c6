"""Saving an edit form unchanged changes nothing: no row, no history.

The walk starts, for each demo user (one of every role; the administrator and the producer
also in Thai with Thai digits, and in Dzongkha), at every staff page that takes no argument,
and follows every link and form address it finds (as tests/test_url_permissions.py walks the
URL patterns: the administration site, the API and the public catalog aside), opening each
URL pattern once per reader. Every page reached that holds an edit form (a form with fields,
posted back to the page itself, that does not make something new) is then submitted as a
browser would, with exactly what the page holds: inputs (checked boxes and radio buttons
only), selected options, textareas, hidden inputs, and the first submit button's name and
value. No table may differ afterwards (history and many-to-many tables included), and an edit
page (named *_edit or *_update, or showing a record's values) must accept what it showed.

So a new edit form is covered as soon as a page links to it. An edit-looking URL pattern (its
name ends in _edit or _update) or any other staff URL that takes an argument and that the walk
did not reach makes the test fail, unless NOT_WALKED names it with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import Resolver404, URLPattern, get_resolver, resolve, reverse
from django.utils import timezone, translation

from ogop.accounts.models import User
from ogop.accounts.tokens import api_token_create
from ogop.fairs.models import Fair
from ogop.products.models import Certification, Product
from ogop.rating.models import Criterion, Rubric
from ogop.rating.services import round_create, scores_save
from tests.html_forms import as_post, form_data, has_fields, parse, prefilled, shape
from tests.test_url_permissions import PUBLIC, _url_patterns

# Pages whose forms make something new, or act once, when sent: sending them is not saving
# what they show.
MAKES_NEW = re.compile(r"(_create|_define|_new_version|_import|_export)$")

# An edit page, by its name (and any page whose form shows a record's values): it must accept
# what it shows. Other forms (a void, a restock, a stage move) may refuse it, changing nothing.
EDIT_SUFFIXES = ("_edit", "_update")

# Pages whose form acts rather than edits, though it shows values: sent as shown, it may be
# refused (changing nothing).
ACTIONS = {
    # A move to another stage, dated today: a product moves back only with a reason.
    "product_stage_move",
}

# Staff URL patterns the walk need not reach, each with the reason.
NOT_WALKED = {
    "fair_sale_record": "the counter's script posts sales to it as JSON: no page, no form",
    "rubric_new_version": "a button without fields, shown on a rubric that a closed round used",
    "media_file": "a photo, no form; who may fetch it: products/test_photo_permissions.py",
    "registry_job": "an import's page: the demo has no import (tests/core/test_jobs.py)",
    "registry_job_cancel": "an import's cancel button, which edits nothing of a record",
    "registry_job_file": "an export's file, a download (tests/products/test_export_jobs.py)",
    "batch_trace": "a batch's public page, linked by its full address (the label's): no form",
}

# Columns that move on any request, whatever a form does.
MOVES_ON_ANY_REQUEST = {("accounts.User", "last_login")}
# Tables of sessions and of login throttling: written by signing in, not by forms.
REQUEST_TABLES = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    # The second step of signing in: an administrator's authenticator, set up on signing in,
    # notes the last code it took.
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
}

# Files rather than pages: not opened (their addresses still count as reached).
FILE_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".xml")


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (history and many-to-many tables included), by model."""
    # A translated field reads the column of the active language, whichever page was last.
    with translation.override(settings.LANGUAGE_CODE):
        return _rows()


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if label in REQUEST_TABLES or not model._meta.managed:
            continue
        key = model._meta.pk.attname
        names = [key] + [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname != key and (label, f.name) not in MOVES_ON_ANY_REQUEST
        ]
        rows = model._base_manager.order_by("pk").values_list(*names)
        tables[label] = [tuple(names), *rows]
    return tables


def _differences(before: dict[str, list], after: dict[str, list]) -> list[str]:
    """What differs, table by table: rows added or removed (by key), and the columns changed."""
    changed = []
    for label, (names, *rows) in after.items():
        _names, *old_rows = before[label]
        if rows == old_rows:
            continue
        old = {row[0]: row for row in old_rows}
        new = {row[0]: row for row in rows}
        added = [new[key] for key in new.keys() - old.keys()]
        removed = [old[key] for key in old.keys() - new.keys()]
        edits = {
            key: {
                name: (was, now)
                for name, was, now in zip(names, old[key], new[key], strict=True)
                if was != now
            }
            for key in new.keys() & old.keys()
            if new[key] != old[key]
        }
        changed.append(f"{label}: added {added} removed {removed} changed {edits}")
    return changed


# The walk -------------------------------------------------------------------------------------


@dataclass
class Walk:
    reached: dict[str, str] = field(default_factory=dict)  # URL name → first address
    edit_forms: list[tuple[str, str, Any]] = field(default_factory=list)  # (name, address, form)


def _name_of(address: str) -> str | None:
    path = urlsplit(address).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _staff(name: str | None) -> bool:
    return bool(name) and name not in PUBLIC and not name.startswith(("api:", "admin:"))


def _links(page: Any) -> Iterator[str]:
    for element in page.iter():
        for attribute in ("href", "action", "hx-get", "hx-post", "src"):
            value = element.get(attribute) if isinstance(element.tag, str) else None
            if value and value.startswith("/"):
                yield urldefrag(value)[0]


def _seeds() -> list[str]:
    seeds = []
    for name, pattern in _url_patterns(get_resolver()):
        if _staff(name) and isinstance(pattern, URLPattern) and not pattern.pattern.regex.groups:
            seeds.append(reverse(name))
    # The walk opens each kind of page once, at the first address it meets; the demo's market
    # open today comes first and has no sales or leads yet, so start from the fair that has.
    busiest = (
        Fair.objects.annotate(sales=Count("booths__exhibits__sales"))
        .filter(sales__gt=0, leads__isnull=False)
        .order_by("-sales")
        .first()
    )
    if busiest is not None:
        seeds += [reverse("fair_sale_list", args=[busiest.code])]
        seeds += [reverse("fair_lead_list", args=[busiest.code])]
    return seeds


def walk(client: Client) -> Walk:
    """Every staff URL pattern this client reaches, and the edit forms it is shown."""
    result = Walk()
    queue = _seeds()
    while queue:
        address = queue.pop(0)
        name = _name_of(address)
        if not _staff(name) or name in result.reached:
            continue
        result.reached[name] = address
        if urlsplit(address).path.endswith(FILE_SUFFIXES):
            continue
        response = client.get(address)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = parse(response.content)
        if page is None:
            continue
        for form in page.iter("form"):
            if (form.get("method") or "get").lower() != "post" or not has_fields(form):
                continue
            target = form.get("action") or address
            posted_back = urlsplit(target).path == urlsplit(address).path
            if posted_back and not MAKES_NEW.search(name):
                result.edit_forms.append((name, address, form))
        queue.extend(_links(page))
    return result


def _errors(response: Any) -> str:
    if response.status_code >= 400:
        return f"answered {response.status_code}: {_error_text(response)}"
    if response.status_code == 200 and b"errorlist" in response.content:
        return f"showed errors: {_error_text(response)}"
    return ""


def _error_text(response: Any) -> str:
    page = parse(response.content)
    if page is None:
        return "(an empty answer)"
    return " | ".join(e.text_content().strip() for e in page.find_class("errorlist"))[:500]


@pytest.fixture
def demo(db: None) -> None:
    """The demo, with what it lacks for some pages: certifications, an open assessment round
    with points given, and an API token; the administrator and the producer prefer Thai
    digits."""
    call_command("demo", stdout=StringIO())
    users = {user.username: user for user in User.objects.all()}
    Certification.objects.bulk_create(
        Certification(product=product, kind="organic", number=f"OG-{product.code}")
        for product in Product.objects.all()
    )
    products = list(Product.objects.order_by("code")[:3])
    open_round = round_create(
        name="Open round",
        date=timezone.localdate(),
        rubric=Rubric.objects.filter(is_active=True).order_by("pk").first(),
        user=users["admin"],
        assessors=[users["assessor"]],
        products=products,
    )
    # Points with decimals on each product's sheet, half of them given.
    criteria = Criterion.objects.filter(part__rubric=open_round.rubric).order_by("pk")
    for product in products:
        scores_save(
            assessment_round=open_round,
            assessor=users["assessor"],
            product=product,
            points={c.pk: c.max_points / 2 for c in criteria[::2]},
        )
    api_token_create(user=users["admin"], name="round trip")
    User.objects.filter(username__in=["admin", "producer"]).update(thai_digits=True)


def _readers() -> list[tuple[User, str]]:
    """Every demo user in English; the administrator and the producer also in Thai, with Thai
    digits and Buddhist-Era years where the pages give them, and in Dzongkha."""
    users = list(User.objects.filter(is_active=True).order_by("pk"))
    others = [user for user in users if user.username in ("admin", "producer")]
    return [
        *((user, "en") for user in users),
        *((user, "th") for user in others),
        *((user, "dz") for user in others),
    ]


def test_every_edit_form_saved_unchanged_changes_nothing(demo: None) -> None:
    failures: list[str] = []
    reached: set[str] = set()
    tried: set[tuple[str, str, tuple, bool]] = set()
    baseline = _snapshot()
    for user, language in _readers():
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        result = walk(client)
        reached |= set(result.reached)
        for name, address, form in result.edit_forms:
            seen = (name, language, shape(form), prefilled(form))
            if seen in tried:
                continue  # the same form, as another role sees it
            tried.add(seen)
            target = form.get("action") or address
            response = client.post(target, as_post(form_data(form)))
            must_accept = name not in ACTIONS and (name.endswith(EDIT_SUFFIXES) or prefilled(form))
            if must_accept and (problem := _errors(response)):
                failures.append(f"{user.role} {address} {problem}")
            after = _snapshot()
            if changed := _differences(baseline, after):
                failures.append(f"{user.role} {address} changed {changed}")
                baseline = after
    assert not failures, "\n".join(failures)
    # Every edit-looking URL, and every staff URL with an argument, was reached (or is excused).
    missing = []
    for name, pattern in _url_patterns(get_resolver()):
        if not _staff(name) or name in reached or name in NOT_WALKED:
            continue
        if name.endswith(EDIT_SUFFIXES) or pattern.pattern.regex.groups:
            missing.append(name)
    assert sorted(missing) == [], "\n".join(sorted(missing))
    assert set(NOT_WALKED) <= {name for name, _p in _url_patterns(get_resolver())}


def test_a_form_sends_what_a_browser_sends() -> None:
    page = lxml.html.fragment_fromstring(
        """<form method="post">
        <input name="a" value="1"><input type="hidden" name="h" value="x">
        <input type="checkbox" name="c" value="on1" checked>
        <input type="checkbox" name="c" value="off">
        <input type="radio" name="r" value="1"><input type="radio" name="r" value="2" checked>
        <input name="d" value="no" disabled>
        <fieldset disabled><input name="e" value="no"></fieldset>
        <select name="s"><option value="first">F</option><option value="second">S</option></select>
        <select name="m" multiple><option value="1" selected>1</option><option value="2">2</option>
          <option value="3" selected>3</option></select>
        <textarea name="t">
line</textarea>
        <input type="file" name="f">
        <button type="submit" name="go" value="save">Save</button>
        <button type="submit" name="other" value="x">Other</button>
        </form>""",
        create_parent=False,
    )
    assert form_data(page) == [
        ("a", "1"),
        ("h", "x"),
        ("c", "on1"),
        ("r", "2"),
        ("s", "first"),
        ("m", "1"),
        ("m", "3"),
        ("t", "line"),
        ("go", "save"),
    ]
