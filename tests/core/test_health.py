"""The load balancer's health check (core.health)."""

import time
from io import StringIO
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client

from ogop.core.health import HEARTBEAT_KEY, HEARTBEAT_SECONDS
from ogop.core.management.commands import worker as worker_command


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


@pytest.mark.django_db
def test_the_health_says_when_a_worker_was_last_heard_from_without_failing_for_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    caches["versions"].delete(HEARTBEAT_KEY)
    response = client.get("/healthz")
    assert response.status_code == 200  # pages are served without a worker
    assert response.json()["worker"] == {"alive": False, "seconds_ago": None}

    # The worker beats as it starts, before it looks for tasks (the backend's loop, here
    # replaced: the tests run their tasks at once, without a worker).
    seen = []
    monkeypatch.setattr(
        worker_command, "call_command", lambda *a, **k: seen.append(client.get("/healthz"))
    )
    call_command("worker", batch=True, stdout=StringIO(), stderr=StringIO())
    worker = seen[0].json()["worker"]
    assert worker["alive"] is True
    assert 0 <= worker["seconds_ago"] < HEARTBEAT_SECONDS


@pytest.mark.django_db
def test_a_worker_silent_for_three_beats_is_said_to_be_gone(client: Client) -> None:
    caches["versions"].set(HEARTBEAT_KEY, time.time() - 3 * HEARTBEAT_SECONDS - 5, timeout=None)
    worker = client.get("/healthz").json()["worker"]
    assert worker["alive"] is False
    assert worker["seconds_ago"] > 3 * HEARTBEAT_SECONDS
