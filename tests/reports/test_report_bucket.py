"""Report and export files in an S3-compatible bucket (REPORT_S3_BUCKET): the
worker uploads them there and keeps nothing on its disk, downloads and signed
links stream them from the bucket, the purge deletes them there. Against a
real S3-compatible server (moto's), started for these tests."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from openpyxl import load_workbook

from saas.reports import storage
from saas.reports.jobs import reports_purge_files
from saas.settings import Settings, get_settings
from tests.conftest import Api
from tests.factories import gid
from tests.reports.test_report_files import RUN, _get, _run, floor

__all__ = ["floor"]
BUCKET = "dealer-reports"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server on a free local port, with an empty bucket."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """The bucket configured for the worker (its environment) and the API (the
    app's settings below); returns a client to look into it."""
    env = {
        **CREDENTIALS,
        "REPORT_S3_BUCKET": BUCKET,
        "REPORT_S3_ENDPOINT_URL": s3_server,
        "REPORT_S3_REGION": "cn-north-1",
        "REPORT_STORAGE_DIR": str(tmp_path / "not-used"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    client = boto3.client("s3", endpoint_url=s3_server, region_name="cn-north-1")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "cn-north-1"}
    )
    yield client
    for found in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=found["Key"])
    client.delete_bucket(Bucket=BUCKET)
    for name in env:
        monkeypatch.delenv(name)
    get_settings.cache_clear()


@pytest.fixture
def settings(database: Settings, bucket: Any) -> Settings:
    return database.model_copy(
        update={
            "report_s3_bucket": BUCKET,
            "report_s3_endpoint_url": os.environ["REPORT_S3_ENDPOINT_URL"],
            "report_s3_region": "cn-north-1",
            "report_storage_dir": Path(os.environ["REPORT_STORAGE_DIR"]),
        }
    )


def _keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


async def test_files_are_kept_in_the_bucket_streamed_from_it_and_purged_there(
    api: Api,
    floor: dict,  # type: ignore[type-arg]
    bucket: Any,
    settings: Settings,
) -> None:
    boss = await api.login("boss@east.test")
    done = await _run(api, boss, kind="H_LIST", storeId=gid(floor["pudong"]))
    tenant, run_id = floor["group"].id, done["id"]
    run_no = int(done["xlsxUrl"].split("/")[-1].split(".")[0])
    assert _keys(bucket) == [f"{tenant}/{run_no}/h_list-{run_no}.{f}" for f in ("csv", "xlsx")]
    # Nothing stays on the worker's disk: not in the directory, not in its scratch.
    assert not settings.report_storage_dir.exists()
    assert not (storage.SCRATCH / str(tenant) / str(run_no)).exists()

    # Bearer downloads and signed links stream the bucket's bytes.
    stored = bucket.get_object(Bucket=BUCKET, Key=f"{tenant}/{run_no}/h_list-{run_no}.xlsx")
    content = stored["Body"].read()
    xlsx = next(f for f in done["files"] if f["format"] == "xlsx")
    assert xlsx["sha256"] == hashlib.sha256(content).hexdigest()
    response = await _get(api, done["xlsxUrl"], boss)
    assert response.status_code == 200 and response.content == content
    assert response.headers["x-content-sha256"] == xlsx["sha256"]
    assert f'filename="h_list-{run_no}.xlsx"' in response.headers["content-disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Weekly H-list"
    by_link = await _get(api, xlsx["url"])
    assert by_link.status_code == 200 and by_link.content == content
    csv = await _get(api, done["csvUrl"], boss)
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")

    # A file deleted from the bucket by hand answers 410, not an error.
    bucket.delete_object(Bucket=BUCKET, Key=f"{tenant}/{run_no}/h_list-{run_no}.csv")
    assert (await _get(api, done["csvUrl"], boss)).status_code == 410

    # The purge, a retention period later, deletes them from the bucket.
    later = datetime.now(UTC) + timedelta(days=8)
    assert await reports_purge_files({}, tenant_id=tenant, now=later.isoformat()) == {tenant: 2}
    assert _keys(bucket) == []
    assert (await api.gql(RUN, {"id": run_id}, boss))["reportRun"]["files"] == []
    gone = await _get(api, xlsx["url"])
    assert gone.status_code == 410 and "no longer kept" in gone.text
