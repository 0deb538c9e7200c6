"""A short run of the load and fault test (`make loadtest` runs the long one): browsers and
cashiers against the production server, which is killed and restarted mid-burst; every
acknowledged sale is stored once, and nothing else."""

import os
from pathlib import Path

import pytest
from bench.loadtest import prepare, run_load, verdict

from tests.factories import ProductFactory
from tests.served import served_database
from tests.shipped import shipped_data_after_module, shipped_data_before_transactional_test

# The server runs in other processes: it must see committed data.
pytestmark = pytest.mark.django_db(transaction=True)
_shipped_data = shipped_data_before_transactional_test
_shipped_data_after_module = shipped_data_after_module


def test_no_acknowledged_sale_is_lost_or_doubled_when_the_server_is_killed(
    tmp_path: Path,
) -> None:
    for index in range(4):
        ProductFactory(code=f"LOAD-{index}", price="120.00")
    tills, products = prepare(cashiers=2)
    db_url = served_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "OGOP_DATA_DIR": str(tmp_path),
        "OGOP_HTTPS": "0",
        "DEBUG": "0",
    }
    report = run_load(
        counters=tills,
        products=products,
        env=env,
        db_url=db_url,
        browsers=3,
        seconds=8,
        kill=True,
    )
    assert report["restart_s"] is not None
    assert verdict(report) == []
    assert report["sales_acknowledged"] > 0
    assert report["acknowledged_but_missing"] == 0
    assert report["sales_stored_twice"] == 0
    assert (
        report["sales_stored"] == report["sales_acknowledged"] + report["sales_never_acknowledged"]
    )
