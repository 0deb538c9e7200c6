"""The API contract is committed: docs/api/openapi.json must match what the code serves."""

import json
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_served_openapi_matches_the_committed_contract(client, db):
    served = client.get("/api/v1/openapi.json").json()
    committed = json.loads(SNAPSHOT.read_text("utf-8"))
    assert served == committed, (
        "The API changed: run `make openapi` and commit docs/api/openapi.json."
    )
