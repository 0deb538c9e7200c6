"""The read replica's router (core.routing): which database each read and write goes to."""

from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from ogop.core.routing import (
    PRIMARY,
    REPLICA,
    STICKY_COOKIE,
    PrimaryReplicaRouter,
    ReplicaReadsMiddleware,
    on_primary,
    request_reads,
)
from ogop.products.models import Product

router = PrimaryReplicaRouter()


def test_writes_go_to_the_primary() -> None:
    with request_reads(replica=True):
        assert router.db_for_write(Product) == PRIMARY


def test_a_safe_request_reads_from_the_replica() -> None:
    with request_reads(replica=True):
        assert router.db_for_read(Product) == REPLICA


def test_reads_outside_a_request_go_to_the_primary() -> None:
    # Commands, workers and the shell read what they are about to change.
    assert router.db_for_read(Product) == PRIMARY


def test_reads_after_a_write_in_the_same_request_go_to_the_primary() -> None:
    with request_reads(replica=True):
        router.db_for_write(Product)
        assert router.db_for_read(Product) == PRIMARY


def test_a_result_kept_for_everyone_is_computed_on_the_primary() -> None:
    with request_reads(replica=True):
        with on_primary():
            assert router.db_for_read(Product) == PRIMARY
        assert router.db_for_read(Product) == REPLICA


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there() -> None:
    with request_reads(replica=True), transaction.atomic():
        assert router.db_for_read(Product) == PRIMARY


def test_only_the_primary_is_migrated() -> None:
    assert router.allow_migrate(PRIMARY, "products") is True
    assert router.allow_migrate(REPLICA, "products") is False


def _reads_of(request: HttpRequest) -> tuple[str, HttpResponse]:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Product))
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(view)(request)
    return seen[0], response


def test_a_visitors_page_reads_the_replica_and_sets_no_cookie(settings: Any) -> None:
    database, response = _reads_of(RequestFactory().get("/"))
    assert database == REPLICA
    assert STICKY_COOKIE not in response.cookies


def test_a_change_keeps_the_persons_next_reads_on_the_primary_for_a_while(settings: Any) -> None:
    settings.OGOP_REPLICA_STICKY_SECONDS = 15
    database, response = _reads_of(RequestFactory().post("/products/X/edit/"))
    assert database == PRIMARY
    assert response.cookies[STICKY_COOKIE]["max-age"] == 15
    factory = RequestFactory()
    factory.cookies[STICKY_COOKIE] = "1"
    after, _response = _reads_of(factory.get("/p/X/"))
    assert after == PRIMARY
