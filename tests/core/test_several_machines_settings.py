"""The settings of several machines, read from the environment (settings.py's block)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SHOW = """
import json
from ogop import settings as s
print(json.dumps({
    "caches": {alias: [c["BACKEND"], c.get("LOCATION"), c.get("KEY_PREFIX"), c.get("TIMEOUT")]
               for alias, c in s.CACHES.items()},
    "databases": {alias: [d["NAME"], d["DISABLE_SERVER_SIDE_CURSORS"]]
                  for alias, d in s.DATABASES.items()},
    "routers": getattr(s, "DATABASE_ROUTERS", []),
    "options": {alias: d.get("OPTIONS", {}).get("options") for alias, d in s.DATABASES.items()},
    "middleware": s.MIDDLEWARE,
}))
"""


def settings_with(tmp_path: Path, **env: str) -> Any:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OGOP_") and k not in {"DATABASE_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**base, "OGOP_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout)


def test_the_file_cache_is_the_default(tmp_path: Path) -> None:
    found = settings_with(tmp_path)
    assert found["caches"]["default"][0].endswith("FileBasedCache")
    assert found["caches"]["versions"][0].endswith("FileBasedCache")


def test_a_cache_url_shares_redis_under_the_site_name(tmp_path: Path) -> None:
    found = settings_with(
        tmp_path, OGOP_CACHE_URL="redis://cache.internal:6379/2", OGOP_SITE_NAME="bhutan"
    )
    redis = "django.core.cache.backends.redis.RedisCache"
    assert found["caches"] == {
        "default": [redis, "redis://cache.internal:6379/2", "bhutan", 600],
        "versions": [redis, "redis://cache.internal:6379/2", "bhutan:versions", None],
    }


def test_a_cache_url_that_is_not_redis_is_refused_with_what_to_set(tmp_path: Path) -> None:
    found = settings_with(tmp_path, OGOP_CACHE_URL="memcached://cache:11211")
    assert "OGOP_CACHE_URL must be a Redis address such as redis://" in found
    assert "'memcached://cache:11211'" in found


def test_a_replica_url_adds_the_replica_and_its_router(tmp_path: Path) -> None:
    found = settings_with(
        tmp_path,
        DATABASE_URL="postgres://ogop@primary.internal/ogop",
        OGOP_REPLICA_DATABASE_URL="postgres://ogop@replica.internal/ogop",
    )
    assert set(found["databases"]) == {"default", "replica"}
    assert found["routers"] == ["ogop.core.routing.PrimaryReplicaRouter"]
    middleware = found["middleware"]
    assert middleware.index("ogop.core.routing.ReplicaReadsMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_without_a_replica_there_is_no_router(tmp_path: Path) -> None:
    found = settings_with(tmp_path)
    assert set(found["databases"]) == {"default"}
    assert found["routers"] == []
    assert "ogop.core.routing.ReplicaReadsMiddleware" not in found["middleware"]


def test_server_side_cursors_can_be_turned_off_for_pgbouncer(tmp_path: Path) -> None:
    found = settings_with(
        tmp_path,
        DATABASE_URL="postgres://ogop@pgbouncer.internal:6432/ogop",
        OGOP_DISABLE_SERVER_SIDE_CURSORS="1",
    )
    assert found["databases"]["default"] == ["ogop", True]
    assert settings_with(tmp_path)["databases"]["default"][1] is False


def test_the_request_id_and_health_check_come_first(tmp_path: Path) -> None:
    assert settings_with(tmp_path)["middleware"][:2] == [
        "ogop.core.request_ids.RequestIdMiddleware",
        "ogop.core.health.HealthMiddleware",
    ]


def test_postgresql_connections_turn_the_jit_compiler_off(tmp_path: Path) -> None:
    """It spent seconds compiling the computed indicators' queries to save milliseconds."""
    url = "postgres://ogop@db.internal:5432/ogop"
    assert settings_with(tmp_path, DATABASE_URL=url)["options"] == {"default": "-c jit=off"}
    assert settings_with(tmp_path, DATABASE_URL=url, OGOP_POSTGRES_JIT="1")["options"] == {
        "default": None
    }
    assert settings_with(tmp_path)["options"] == {"default": None}  # SQLite
