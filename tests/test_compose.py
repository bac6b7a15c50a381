"""deploy/compose.yaml cannot drift from the code: Compose's own validator (docker-compose, a
Debian package; no Docker engine needed) accepts it and resolves its anchors and secrets, every
NEWSREADER_* setting it sets is one the service reads, its commands parse, and the settings build
an S3 store on the bucket it creates with the MinIO credentials it gives (boto3 resolves the
endpoint from the same environment names)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

import service.cli
from service.config import from_env
from service.storage.stores import open_audio_store
from tests.conftest import ROOT

COMPOSE = ROOT / "deploy" / "compose.yaml"
SECRETS = {"POSTGRES_PASSWORD": "pg-secret", "MINIO_ROOT_PASSWORD": "minio-secret",
           "NEWSREADER_SECRET_KEY": "form-key", "NEWSREADER_API_TOKEN": "api-token"}


def compose_config(path=COMPOSE, **env) -> subprocess.CompletedProcess:
    assert shutil.which("docker-compose"), "docker-compose is missing: bash .ci/install"
    return subprocess.run(["docker-compose", "-f", str(path), "config"], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **env}, timeout=60)


@pytest.fixture(scope="module")
def resolved() -> dict:
    done = compose_config(**SECRETS)
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)["services"]


def test_compose_validates_it_and_wants_every_secret(tmp_path):
    for missing in SECRETS:
        done = compose_config(**{k: v for k, v in SECRETS.items() if k != missing})
        assert done.returncode != 0 and f"set {missing}" in done.stderr
    broken = tmp_path / "compose.yaml"  # the negative control: a misspelt key is refused
    web_env = "    environment:\n      <<: *newsreader-env\n      NEWSREADER_HOST"
    broken.write_text(COMPOSE.read_text().replace(web_env, web_env.replace("environment", "enviroment"), 1))
    assert broken.read_text() != COMPOSE.read_text()
    assert compose_config(broken, **SECRETS).returncode != 0


def test_the_services_are_all_there(resolved):
    assert {"web", "worker", "postgres", "redis", "minio", "minio-bucket"} <= set(resolved)
    assert resolved["web"]["image"] == resolved["worker"]["image"]
    shared = {k: v for k, v in resolved["web"]["environment"].items() if k in resolved["worker"]["environment"]}
    assert shared == resolved["worker"]["environment"]  # one set of settings for both


def test_every_setting_is_one_the_service_reads(resolved):
    source = "".join((ROOT / "service" / name).read_text() for name in ("config.py", "cli.py"))
    read = set(re.findall(r'"(NEWSREADER_[A-Z0-9_]+)"', source))
    used = {k for s in resolved.values() for k in s.get("environment", {}) if k.startswith("NEWSREADER_")}
    assert used - read == set()


def test_the_commands_parse(resolved, monkeypatch):
    seen = []
    monkeypatch.setattr(service.cli, "serve", lambda args: seen.append(args) or 0)  # not exec gunicorn
    web = resolved["web"]["command"]
    assert web[0] == "newsreader" and service.cli.main(web[1:]) == 0 and seen[0].workers == 4
    assert resolved["worker"]["command"][:2] == ["newsreader", "worker"]


def test_the_settings_make_an_s3_store_on_minio(resolved, monkeypatch, tmp_path):
    env = dict(resolved["web"]["environment"], NEWSREADER_AUDIO_CACHE=str(tmp_path / "locks"))
    for name in list(os.environ):
        if name.startswith(("AWS_", "NEWSREADER_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    store = open_audio_store(from_env())
    made = re.search(r"mc mb --ignore-existing local/([a-z0-9.-]+)", " ".join(resolved["minio-bucket"]["entrypoint"]))
    assert store.kind == "s3" and store.bucket == made.group(1) and store.prefix == "audio/"
    s3 = store._s3()
    assert s3.meta.endpoint_url == "http://minio:9000" and s3.meta.region_name == "us-east-1"
    minio = resolved["minio"]["environment"]
    credentials = s3._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key) == (minio["MINIO_ROOT_USER"], minio["MINIO_ROOT_PASSWORD"])
    assert "minio:9000" in " ".join(resolved["minio-bucket"]["entrypoint"])


def test_the_database_and_queue_urls_name_their_services(resolved):
    pg = resolved["postgres"]["environment"]
    assert resolved["web"]["environment"]["NEWSREADER_DATABASE_URL"] == (
        f"postgresql://{pg['POSTGRES_USER']}:{pg['POSTGRES_PASSWORD']}@postgres:5432/{pg['POSTGRES_DB']}")
    for name in ("NEWSREADER_QUEUE_URL", "NEWSREADER_RATELIMIT_STORAGE"):
        assert resolved["web"]["environment"][name].startswith("redis://redis:6379/")
