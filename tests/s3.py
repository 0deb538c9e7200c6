"""An S3-compatible endpoint for tests: moto's server (from PyPI, the test extras), in a thread
of the test process; no S3 server is packaged for these machines."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from ogop.settings import object_storage

ACCESS_KEY = "ogop-test-key"
SECRET_KEY = "ogop-test-secret"
REGION = "us-east-1"


@dataclass(frozen=True)
class Endpoint:
    url: str

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self) -> str:
        """A bucket of its own for one test."""
        name = f"ogop-{uuid.uuid4().hex[:20]}"
        self.client().create_bucket(Bucket=name)
        return name

    def environment(self, bucket: str) -> dict[str, str]:
        """The OGOP_S3_* variables that keep uploads in `bucket` (settings.object_storage)."""
        return {
            "OGOP_S3_BUCKET": bucket,
            "OGOP_S3_ENDPOINT_URL": self.url,
            "OGOP_S3_REGION": REGION,
            "OGOP_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "OGOP_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def keys(self, bucket: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listed.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return bytes(self.client().get_object(Bucket=bucket, Key=key)["Body"].read())


@contextmanager
def s3_endpoint() -> Iterator[Endpoint]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield Endpoint(url=f"http://{host}:{port}")
    finally:
        server.stop()


@pytest.fixture(scope="module", name="endpoint")
def endpoint_fixture() -> Iterator[Endpoint]:
    """The endpoint, for a module's tests: name it (and `bucket_fixture`) in the module."""
    with s3_endpoint() as started:
        yield started


@pytest.fixture(name="bucket")
def bucket_fixture(endpoint: Endpoint, settings: Any) -> str:
    """A new bucket, where the platform keeps uploads for the test."""
    name = endpoint.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(endpoint.environment(name))}
    return name
