"""The API against its own OpenAPI description: generated requests, bounded in number."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ogop.accounts.tokens import api_token_create
from ogop.catalog.indexing import rebuild
from ogop.wsgi import application
from tests.factories import ProducerGroupFactory, ProductFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_connection():
    """Requests here go straight to the WSGI application, whose end closes the database
    connection; the test's transaction lives on it (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_headers(db, keep_connection):
    ProducerGroupFactory.create_batch(3)
    ProductFactory.create_batch(3)
    rebuild()
    _token, key = api_token_create(user=UserFactory(role="programme_officer"), name="schema")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_gets_a_server_error_or_a_response_outside_the_schema(case, officer_headers):
    case.call_and_validate(
        headers=officer_headers, checks=[not_a_server_error, response_schema_conformance]
    )
