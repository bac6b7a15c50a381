"""moto's standalone S3 server (`moto[server]`: the S3 HTTP protocol, signatures and all) on
127.0.0.1 and a free port, for the whole test session, and a fresh bucket per user. boto3 finds
it through the same environment a production deployment sets (AWS_ENDPOINT_URL_S3 and the
credentials), so the app's code path is the one it takes against S3, MinIO, Garage or R2; a
gunicorn the tests start inherits that environment."""
from __future__ import annotations

import os
import uuid

import pytest

from tests.gunicorn_server import free_port

ENV = {"AWS_ACCESS_KEY_ID": "newsreader-test", "AWS_SECRET_ACCESS_KEY": "newsreader-test-secret",
       "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """The endpoint URL of a running moto server, set in os.environ for boto3 (and children)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL_S3"]}
    os.environ.update(ENV, AWS_ENDPOINT_URL_S3=endpoint)
    try:
        yield endpoint
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


def client():
    import boto3

    return boto3.session.Session().client("s3")


def new_bucket() -> str:
    name = f"newsreader-{uuid.uuid4().hex[:12]}"
    client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_bucket(s3_endpoint) -> str:
    return new_bucket()
