"""The load balancer's health check (core.health)."""

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client


@pytest.mark.django_db
def test_a_healthy_server_answers_200_with_each_check(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database:default", "cache:default", "cache:versions", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"
    assert default_storage.listdir("health")[1] == []  # the probe's file is removed


@pytest.mark.django_db
def test_the_balancer_may_ask_by_address_and_over_plain_http(client: Client, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["ogop.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_server_that_cannot_write_its_files_answers_503(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    # A file where the uploads' folder should be: nothing can be written under it.
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["database:default"]["ok"] is True


@pytest.mark.django_db
def test_a_server_without_its_cache_answers_503(client: Client, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache:default"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": response.json()["checks"]["cache:default"]["ms"],
    }
