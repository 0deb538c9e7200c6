"""Request ids (core.request_ids): in the response and in every line logged for the request."""

import logging

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from ogop.core.request_ids import HEADER, RequestIdMiddleware

logger = logging.getLogger("ogop.tests.request_ids")


def _serve(request: HttpRequest) -> HttpResponse:
    logger.warning("serving %s", request.path)
    return HttpResponse("ok")


def test_the_balancers_id_is_kept_and_in_every_line_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.handler.addFilter(logging.getLogger().handlers[0].filters[0])
    request = RequestFactory().get("/p/X/", headers={HEADER: "lb-4f2a.17"})
    response = RequestIdMiddleware(_serve)(request)
    assert response[HEADER] == "lb-4f2a.17"
    assert [record.request_id for record in caplog.records] == ["lb-4f2a.17"]


@pytest.mark.parametrize("sent", [None, "", "two words", "x" * 129, "<script>", "a\nb"])
def test_a_missing_or_unplain_id_is_replaced_by_a_new_one(sent: str | None) -> None:
    headers = {HEADER: sent} if sent is not None else {}
    first = RequestIdMiddleware(_serve)(RequestFactory().get("/", headers=headers))[HEADER]
    second = RequestIdMiddleware(_serve)(RequestFactory().get("/", headers=headers))[HEADER]
    assert first != sent
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
def test_every_page_echoes_its_request_id(client: Client) -> None:
    response = client.get("/", headers={HEADER: "abc-123"})
    assert response[HEADER] == "abc-123"
