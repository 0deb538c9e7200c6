"""Every URL of the platform has a permission matrix, and the staff URLs that no app's matrix
reached have theirs here: every role × own object / someone else's object × anonymous → the
expected status.

The coverage test walks every named URL pattern of the project (the administration site
aside: Django's own, for administrators only) and requires each name to be

- mentioned as a quoted string in one of the permission matrices (tests/**/test_*permission*.py;
  in this file, named by an entry of PAGES or ACTIONS below),
- or in OBJECT_URLS: reached by a matrix through a model's get_absolute_url() (checked),
- or in PUBLIC, each with the reason why it needs no matrix.

So a new staff URL (or API operation) without a matrix entry makes
test_every_url_is_in_a_permission_matrix fail: add it to its app's matrix, or here.

The matrix here GETs the pages, and POSTs to the actions a minimal valid body; an action that
is refused must change nothing, and one that is carried out (a `Done` status) must change what
it acts on, which shows that the body was valid and the refusals are refusals of the right.
"""

import datetime as dt
import inspect
import json
import re
from functools import cached_property
from pathlib import Path
from uuid import uuid4

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from ogop.accounts.models import ApiToken, Role
from ogop.accounts.tokens import api_token_create
from ogop.core.models import Job
from ogop.fairs.models import Booth, Exhibit, Sale
from ogop.producers.models import ProducerGroup
from ogop.products.models import Certification, Product
from ogop.products.transfer.exporting import export_job_start
from ogop.programme.models import OrganisationRole, Participation, ProgrammeSector
from ogop.rating.models import AssessmentRound, Rubric
from ogop.rating.services import round_create
from tests.factories import UserFactory
from tests.fairs.factories import BoothFactory, ExhibitFactory, FairFactory
from tests.programme.factories import ProgrammeFactory
from tests.roles import ANONYMOUS, ROLES, sign_in, user_for

TESTS = Path(__file__).parent


class Done(int):
    """The status of a POST that is carried out: what it acts on must change."""

    def __repr__(self) -> str:
        return f"Done({int(self)})"


# Expected status for each role, in the order of ROLES. The producer represents the group of
# the "own" product and exhibits at the "own" booth; the cashier sells at the "own" booth; the
# assessor sits on the panel of the "own" round; "own" token is the acting user's.
#                  admin officer partner producer expert assessor cashier anonymous
ADMINS = (200, 403, 403, 403, 403, 403, 403, 302)
ADMINS_AND_PROGRAMME_OFFICERS = (200, 200, 403, 403, 403, 403, 403, 302)
PROGRAMME_STAFF = (200, 200, 200, 404, 404, 404, 404, 302)
MISSING_PROGRAMME = (404, 404, 404, 404, 404, 404, 404, 302)
# The registry download asks programme staff for the address the files will be published at.
ASKS_FOR_ADDRESS = (400, 400, 400, 404, 404, 404, 404, 302)
MAKE_TOKEN = (Done(200),) * 7 + (302,)
SIGNED_IN = (200,) * 7 + (302,)
REVOKE_OWN_TOKEN = (Done(302),) * 7 + (302,)
# Someone else's token: the answer is the same as for a token that does not exist.
REVOKE_OTHER_TOKEN = (302,) * 8
ADVANCE_OWN = (Done(302), Done(302), Done(302), 403, 403, 403, 404, 302)
ADVANCE_OTHER = (Done(302), Done(302), Done(302), 404, 403, 403, 404, 302)
UNCERTIFY_OWN = (Done(302), Done(302), Done(302), Done(302), 403, 403, 404, 302)
UNCERTIFY_OTHER = (Done(302), Done(302), Done(302), 404, 403, 403, 404, 302)
# Another product's certification under the address of the own product: not found.
UNCERTIFY_ACROSS = (404, 404, 404, 404, 403, 403, 404, 302)
# The counter's JSON endpoint: 401 (not a redirect) when the session is gone.
SELL_OWN = (Done(201), Done(201), Done(201), 403, 404, 404, Done(201), 401)
SELL_OTHER = (Done(201), Done(201), Done(201), 404, 404, 404, 404, 401)
# Another booth's exhibit sold at the own booth's counter: refused as bad input.
SELL_ACROSS = (422, 422, 422, 403, 404, 404, 422, 401)
MANAGE_OWN_ROUND = (Done(200), Done(200), Done(200), 404, 404, 403, 404, 302)
MANAGE_OTHER_ROUND = (Done(200), Done(200), Done(200), 404, 404, 404, 404, 302)
# A background job is its owner's: someone else's is not found.
CANCEL_OWN_JOB = (Done(302),) * 7 + (302,)
NOT_FOUND_SIGNED_IN = (404,) * 7 + (302,)
# Programme staff export the registry (a background job, whose page the answer opens).
EXPORT = (Done(302), Done(302), Done(302), 403, 403, 403, 403, 302)

# Pages, by GET: (label, URL name, URL from the objects, expected per role).
PAGES = [
    (
        "audit",
        "audit_changes",
        lambda o: reverse("audit_changes"),
        ADMINS_AND_PROGRAMME_OFFICERS,
    ),
    # Anyone signed in may set up two-step sign-in (it is offered to some, required of
    # administrators); the code page, once the step is done, leads on to the next page.
    ("two-step set-up", "two_factor_setup", lambda o: reverse("two_factor_setup"), SIGNED_IN),
    ("two-step code", "two_factor_code", lambda o: reverse("two_factor_code"), (302,) * 8),
    ("define rubric", "rubric_define", lambda o: reverse("rubric_define"), ADMINS),
    (
        "dashboard",
        "programme_dashboard",
        lambda o: reverse("programme_dashboard", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing dashboard",
        "programme_dashboard",
        lambda o: reverse("programme_dashboard", args=[0]),
        MISSING_PROGRAMME,
    ),
    (
        "report xlsx",
        "programme_report_xlsx",
        lambda o: reverse("programme_report_xlsx", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing report xlsx",
        "programme_report_xlsx",
        lambda o: reverse("programme_report_xlsx", args=[0]),
        MISSING_PROGRAMME,
    ),
    (
        "report pdf",
        "programme_report_pdf",
        lambda o: reverse("programme_report_pdf", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing report pdf",
        "programme_report_pdf",
        lambda o: reverse("programme_report_pdf", args=[0]),
        MISSING_PROGRAMME,
    ),
    (
        "iati",
        "programme_iati",
        lambda o: reverse("programme_iati", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing iati",
        "programme_iati",
        lambda o: reverse("programme_iati", args=[0]),
        MISSING_PROGRAMME,
    ),
    ("own imports", "registry_jobs", lambda o: reverse("registry_jobs"), SIGNED_IN),
    ("own import", "registry_job", lambda o: reverse("registry_job", args=[o.job.pk]), SIGNED_IN),
    (
        "other import",
        "registry_job",
        lambda o: reverse("registry_job", args=[o.other_job.pk]),
        NOT_FOUND_SIGNED_IN,
    ),
    (
        "own export's file",
        "registry_job_file",
        lambda o: reverse("registry_job_file", args=[o.export_job.pk]),
        SIGNED_IN,
    ),
    (
        "other export's file",
        "registry_job_file",
        lambda o: reverse("registry_job_file", args=[o.other_export_job.pk]),
        NOT_FOUND_SIGNED_IN,
    ),
    (
        "iati organisation",
        "programme_iati_organisation",
        lambda o: reverse("programme_iati_organisation", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing iati organisation",
        "programme_iati_organisation",
        lambda o: reverse("programme_iati_organisation", args=[0]),
        MISSING_PROGRAMME,
    ),
    (
        "iati registry without the files' address",
        "programme_iati_registry",
        lambda o: reverse("programme_iati_registry", args=[o.programme.pk]),
        ASKS_FOR_ADDRESS,
    ),
    (
        "missing iati registry",
        "programme_iati_registry",
        lambda o: reverse("programme_iati_registry", args=[0]),
        MISSING_PROGRAMME,
    ),
    (
        "publishing",
        "programme_publishing",
        lambda o: reverse("programme_publishing", args=[o.programme.pk]),
        PROGRAMME_STAFF,
    ),
    (
        "missing publishing",
        "programme_publishing",
        lambda o: reverse("programme_publishing", args=[0]),
        MISSING_PROGRAMME,
    ),
]


def _booth_url(name, booth):
    return reverse(name, args=[booth.fair.code, booth.code])


def _sale(exhibit):
    return {"client_uuid": str(uuid4()), "exhibit": exhibit.pk, "quantity": 1, "unit_price": "90"}


def _sold(exhibit):
    return Sale.objects.filter(exhibit=exhibit).count(), Exhibit.objects.get(pk=exhibit.pk).stock


def _round_products(assessment_round):
    return sorted(assessment_round.products.values_list("pk", flat=True))


def _round_assessors(assessment_round):
    return sorted(assessment_round.assessors.values_list("pk", flat=True))


# Actions, by POST: (label, URL name, URL, body, state of what it acts on, expected per role).
ACTIONS = [
    (
        "make token",
        "token_create",
        lambda o: reverse("token_create"),
        lambda o: {"name": "matrix"},
        lambda o: ApiToken.objects.count(),
        MAKE_TOKEN,
    ),
    (
        "revoke own token",
        "token_revoke",
        lambda o: reverse("token_revoke", args=[o.token.pk]),
        lambda o: {},
        lambda o: ApiToken.objects.filter(pk=o.token.pk).exists(),
        REVOKE_OWN_TOKEN,
    ),
    (
        "revoke other token",
        "token_revoke",
        lambda o: reverse("token_revoke", args=[o.other_token.pk]),
        lambda o: {},
        lambda o: ApiToken.objects.filter(pk=o.other_token.pk).exists(),
        REVOKE_OTHER_TOKEN,
    ),
    (
        "advance own product",
        "stage_board_advance",
        lambda o: reverse("stage_board_advance", args=[o.product.code]),
        lambda o: {},
        lambda o: Product.objects.get(pk=o.product.pk).stage_id,
        ADVANCE_OWN,
    ),
    (
        "advance other product",
        "stage_board_advance",
        lambda o: reverse("stage_board_advance", args=[o.other_product.code]),
        lambda o: {},
        lambda o: Product.objects.get(pk=o.other_product.pk).stage_id,
        ADVANCE_OTHER,
    ),
    (
        "delete own certification",
        "certification_delete",
        lambda o: reverse("certification_delete", args=[o.product.code, o.certification.pk]),
        lambda o: {},
        lambda o: Certification.objects.filter(pk=o.certification.pk).exists(),
        UNCERTIFY_OWN,
    ),
    (
        "delete other certification",
        "certification_delete",
        lambda o: reverse(
            "certification_delete", args=[o.other_product.code, o.other_certification.pk]
        ),
        lambda o: {},
        lambda o: Certification.objects.filter(pk=o.other_certification.pk).exists(),
        UNCERTIFY_OTHER,
    ),
    (
        "delete other certification under own product",
        "certification_delete",
        lambda o: reverse("certification_delete", args=[o.product.code, o.other_certification.pk]),
        lambda o: {},
        lambda o: Certification.objects.filter(pk=o.other_certification.pk).exists(),
        UNCERTIFY_ACROSS,
    ),
    (
        "sell at own booth",
        "fair_sale_record",
        lambda o: _booth_url("fair_sale_record", o.exhibit.booth),
        lambda o: _sale(o.exhibit),
        lambda o: _sold(o.exhibit),
        SELL_OWN,
    ),
    (
        "sell at other booth",
        "fair_sale_record",
        lambda o: _booth_url("fair_sale_record", o.other_booth),
        lambda o: _sale(o.other_exhibit),
        lambda o: _sold(o.other_exhibit),
        SELL_OTHER,
    ),
    (
        "sell other exhibit at own booth",
        "fair_sale_record",
        lambda o: _booth_url("fair_sale_record", o.exhibit.booth),
        lambda o: _sale(o.other_exhibit),
        lambda o: _sold(o.other_exhibit),
        SELL_ACROSS,
    ),
    (
        "add products to own round",
        "round_add_products",
        lambda o: reverse("round_add_products", args=[o.round.pk]),
        lambda o: {"codes": o.other_product.code},
        lambda o: _round_products(o.round),
        MANAGE_OWN_ROUND,
    ),
    (
        "add products to other round",
        "round_add_products",
        lambda o: reverse("round_add_products", args=[o.other_round.pk]),
        lambda o: {"codes": o.other_product.code},
        lambda o: _round_products(o.other_round),
        MANAGE_OTHER_ROUND,
    ),
    (
        "add assessor to own round",
        "round_add_assessor",
        lambda o: reverse("round_add_assessor", args=[o.round.pk]),
        lambda o: {"assessor": o.spare_assessor.username},
        lambda o: _round_assessors(o.round),
        MANAGE_OWN_ROUND,
    ),
    (
        "add assessor to other round",
        "round_add_assessor",
        lambda o: reverse("round_add_assessor", args=[o.other_round.pk]),
        lambda o: {"assessor": o.spare_assessor.username},
        lambda o: _round_assessors(o.other_round),
        MANAGE_OTHER_ROUND,
    ),
    (
        "export the registry",
        "registry_export",
        lambda o: reverse("registry_export"),
        lambda o: {"kind": "products", "format": "csv"},
        lambda o: Job.objects.filter(kind="export:products:csv").count(),
        EXPORT,
    ),
    (
        "cancel own import",
        "registry_job_cancel",
        lambda o: reverse("registry_job_cancel", args=[o.job.pk]),
        lambda o: {},
        lambda o: Job.objects.get(pk=o.job.pk).state,
        CANCEL_OWN_JOB,
    ),
    (
        "cancel other import",
        "registry_job_cancel",
        lambda o: reverse("registry_job_cancel", args=[o.other_job.pk]),
        lambda o: {},
        lambda o: Job.objects.get(pk=o.other_job.pk).state,
        NOT_FOUND_SIGNED_IN,
    ),
]

# The endpoints that answer JSON, whoever asks (the counter's).
JSON_ENDPOINTS = {"fair_sale_record"}

# Reached by a matrix through get_absolute_url(): URL name → (model whose get_absolute_url
# reverses it, the matrix file, the call in it).
OBJECT_URLS = {
    "producer_group_detail": (
        ProducerGroup,
        "accounts/test_permissions.py",
        'o["group"].get_absolute_url()',
    ),
    "product_detail": (Product, "accounts/test_permissions.py", 'o["product"].get_absolute_url()'),
    "rubric_detail": (Rubric, "rating/test_permissions.py", 'o["rubric"].get_absolute_url()'),
    "round_detail": (
        AssessmentRound,
        "rating/test_permissions.py",
        'o["round"].get_absolute_url()',
    ),
    "fair_booth_detail": (Booth, "fairs/test_permissions.py", 'o["booth"].get_absolute_url()'),
    "fair_sale_receipt": (Sale, "fairs/test_permissions.py", 'o["sale"].get_absolute_url()'),
}

PUBLIC = {
    # The public catalog: open to everyone by design, and it shows published records only
    # (tests/catalog/test_views.py).
    "catalog_home",
    "catalog_search",
    "catalog_browse",
    "catalog_area",
    "catalog_product",
    "catalog_group",
    "catalog_fair",
    # Suggestions under the catalog's search box: published records only, as the search.
    "catalog_suggest",
    # The JSON API's own routes: its root and its description, open by design; and the view
    # of the "search" operation, which the API matrix (tests/api/test_permission_matrix.py)
    # names by its operation id and checks against the OpenAPI description.
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:search_endpoint",
    "api:suggest_endpoint",
    # The counter's service worker: a script that holds no one's data, fetched by the browser
    # for anyone, and it must be, to be replaced after a logout (tests/fairs/test_counter.py).
    "counter_service_worker",
    # Django's language switch, and logging in and out: for anyone.
    "set_language",
    "login",
    "logout",
    # A forgotten password: for anyone, answering the same whatever the address
    # (tests/accounts/test_password_reset.py).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

QUOTED = re.compile(r"""["']([A-Za-z0-9_:.-]+)["']""")


def _url_patterns(resolver, namespace=""):
    """(full name or None, pattern) of every URL pattern, outside the administration site."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), pattern


def _quoted_in_other_matrices():
    names = set()
    for path in TESTS.glob("**/test_*permission*.py"):
        if path.resolve() != Path(__file__).resolve():
            names |= set(QUOTED.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_url_is_in_a_permission_matrix():
    in_matrix = _quoted_in_other_matrices() | {name for _l, name, *_rest in PAGES + ACTIONS}
    patterns = list(_url_patterns(get_resolver()))
    names = {name for name, _pattern in patterns if name}
    missing = sorted(
        name
        for name in names
        if name not in in_matrix
        # An API route is named in the API matrix by its operation's name.
        and name.rpartition(":")[2] not in in_matrix
        and name not in OBJECT_URLS
        and name not in PUBLIC
    )
    assert missing == [], f"URLs in no permission matrix: {missing}"
    # No stale entries: each listed name is a URL of the project.
    assert set(OBJECT_URLS) <= names
    assert names >= PUBLIC
    # A URL without a name would escape the check.
    unnamed = [p for name, p in patterns if name is None]
    assert unnamed == []


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_object_urls_are_reached_by_a_matrix_through_get_absolute_url(name):
    model, matrix, call = OBJECT_URLS[name]
    assert f'"{name}"' in inspect.getsource(model.get_absolute_url)
    assert call in (TESTS / matrix).read_text(encoding="utf-8")


class Objects:
    """What the URLs are about, made when first asked for; "own" ones belong to `user`."""

    def __init__(self, user, group, other_group, product, other_product):
        self.user = user
        self.group = group
        self.other_group = other_group
        self.product = product
        self.other_product = other_product

    def _is(self, role):
        return self.user is not None and self.user.role == role

    @cached_property
    def token(self):
        token, _key = api_token_create(user=self.user or UserFactory(), name="own")
        return token

    @cached_property
    def other_token(self):
        token, _key = api_token_create(user=UserFactory(), name="someone else's")
        return token

    @cached_property
    def job(self):
        return Job.objects.create(kind="import:products", owner=self.user or UserFactory())

    @cached_property
    def other_job(self):
        return Job.objects.create(kind="import:products", owner=UserFactory())

    @cached_property
    def export_job(self):
        return export_job_start(kind="products", file_format="csv", user=self.user or UserFactory())

    @cached_property
    def other_export_job(self):
        return export_job_start(kind="products", file_format="csv", user=UserFactory())

    @cached_property
    def certification(self):
        return self.product.certifications.create(kind="organic", number="OG-1")

    @cached_property
    def other_certification(self):
        return self.other_product.certifications.create(kind="organic", number="OG-2")

    @cached_property
    def fair(self):
        return FairFactory()

    @cached_property
    def booth(self):
        booth = BoothFactory(fair=self.fair)
        booth.producer_groups.add(self.group)
        if self._is(Role.CASHIER):
            booth.cashiers.add(self.user)
        return booth

    @cached_property
    def other_booth(self):
        return BoothFactory(fair=self.fair, cashiers=[UserFactory(role=Role.CASHIER)])

    @cached_property
    def exhibit(self):
        return ExhibitFactory(booth=self.booth, product=self.product)

    @cached_property
    def other_exhibit(self):
        return ExhibitFactory(booth=self.other_booth, product=self.other_product)

    def _round(self, name, assessors):
        return round_create(
            name=name,
            date=dt.date(2018, 1, 1),
            rubric=Rubric.objects.get(code="ocop-vn", is_active=True),
            user=UserFactory(),
            assessors=assessors,
            products=[self.product],
        )

    @cached_property
    def round(self):
        return self._round("Own round", [self.user] if self._is(Role.ASSESSOR) else [])

    @cached_property
    def other_round(self):
        return self._round("Other round", [UserFactory(role=Role.ASSESSOR)])

    @cached_property
    def spare_assessor(self):
        return UserFactory(role=Role.ASSESSOR)

    @cached_property
    def programme(self):
        """A tiny programme that can be published in IATI."""
        programme = ProgrammeFactory(
            identifier="TH-GOV-7-OGOP", reporting_organisation__iati_identifier="TH-GOV-7"
        )
        Participation.objects.create(
            programme=programme,
            organisation=programme.reporting_organisation,
            role=OrganisationRole.FUNDING,
        )
        ProgrammeSector.objects.create(programme=programme, code="31120")
        return programme


@pytest.fixture
def signed_in(request, client, group, other_group, product, other_product):
    """The client signed in with the test's role (the producer represents `group`), and the
    objects of the test."""
    user = user_for(request.getfixturevalue("role"), group=group)
    return sign_in(client, user), Objects(user, group, other_group, product, other_product)


def _check_status(response, role, expected, label):
    assert response.status_code == expected, (role, label, response.content[:300])
    if response.status_code == 302:
        at_login = response["Location"].startswith(reverse("login"))
        assert at_login == (role == ANONYMOUS), (role, label, response["Location"])


@pytest.mark.parametrize(
    ("label", "name", "url", "expected"), PAGES, ids=[page[0] for page in PAGES]
)
@pytest.mark.parametrize("role", ROLES)
def test_page_answers_each_role_as_expected(role, label, name, url, expected, signed_in):
    client, objects = signed_in
    address = url(objects)
    assert resolve(address).url_name == name
    response = client.get(address)
    try:
        _check_status(response, role, expected[ROLES.index(role)], label)
    finally:
        response.close()


@pytest.mark.parametrize(
    ("label", "name", "url", "body", "state", "expected"),
    ACTIONS,
    ids=[action[0] for action in ACTIONS],
)
@pytest.mark.parametrize("role", ROLES)
def test_action_answers_each_role_as_expected_and_a_refusal_changes_nothing(
    role, label, name, url, body, state, expected, signed_in
):
    client, objects = signed_in
    address = url(objects)
    assert resolve(address).url_name == name
    data = body(objects)
    before = state(objects)
    if name in JSON_ENDPOINTS:
        response = client.post(address, json.dumps(data), content_type="application/json")
        assert response["Content-Type"].startswith("application/json")
    else:
        response = client.post(address, data)
    expected_status = expected[ROLES.index(role)]
    _check_status(response, role, expected_status, label)
    if isinstance(expected_status, Done):
        assert state(objects) != before, (role, label, "nothing changed")
    else:
        assert state(objects) == before, (role, label, "a refused action changed something")
