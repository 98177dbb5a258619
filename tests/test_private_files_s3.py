"""Private files in an S3-compatible object store (STORAGES["private"] on django-storages), against
a real S3 server on loopback (moto's server mode, at the network boundary): evidence uploaded
through the app is an object in the bucket and downloads through the app; an import previewed by
one server is confirmed by another (a fresh connection to the store); the backup copies the
bucket's files and a restore puts them back; /healthz tells when the store does not answer."""

import io
import json
import os

import boto3
import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from moto.server import ThreadedMotoServer

from labourplan.reports.models import MonthlyReport
from labourplan.reports.services import open_report
from tests.conftest import PASSWORD, PDF_BYTES
from tests.reports.test_excel import DISBURSED, VALUE, filled

pytestmark = pytest.mark.django_db

BUCKET = "labourplan-private"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="labourplan",
        aws_secret_access_key="labourplan-secret",
    )


def s3_storage(endpoint, bucket=BUCKET):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": "us-east-1",
            "access_key": "labourplan",
            "secret_key": "labourplan-secret",
            "location": "private",
            "addressing_style": "path",
            "default_acl": None,
            "file_overwrite": False,
        },
    }


@pytest.fixture(autouse=True)
def bucket(settings, s3_server):
    """An empty bucket, and the settings pointing the private files at it (as settings.py does
    when PRIVATE_FILES_S3_BUCKET is set)."""
    client = s3_client(s3_server)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "private": s3_storage(s3_server)}
    yield client
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def body(client, key) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def another_server():
    """What a second application server has: its own connection to the store."""
    storages._storages = {}


def test_settings_choose_the_object_store_from_the_environment():
    import subprocess
    import sys

    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['private']))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "labourplan.settings"}
    found = {}
    for bucket in ("", "ministry-files"):
        done = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**env, "PRIVATE_FILES_S3_BUCKET": bucket, "PRIVATE_FILES_S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        found[bucket] = json.loads(done.stdout.strip().splitlines()[-1])
    assert found[""] == {"BACKEND": "labourplan.lib.uploads.SharedFolderStorage"}
    assert found["ministry-files"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["ministry-files"]["OPTIONS"]["bucket_name"] == "ministry-files"
    assert found["ministry-files"]["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"


@time_machine.travel("2026-11-24 10:00 +0700", tick=False)
def test_evidence_goes_to_the_bucket_and_downloads_through_the_app(client, settings, bucket, reporting_plan, cm_editor):
    report = open_report(plan=reporting_plan, month_index=2, by=cm_editor)
    client.force_login(cm_editor)
    photo = SimpleUploadedFile("ตรวจตลาด.png", PNG, content_type="image/png")
    client.post(f"/reports/{report.pk}/evidence/", {"file": photo, "caption": "ภาพการตรวจตลาดสด"})
    evidence = report.evidence.get()

    key = f"private/{evidence.file.name}"
    assert key in keys(bucket) and body(bucket, key) == PNG
    assert "ตรวจตลาด" in evidence.file.name  # the Thai name kept, vowels and tone marks included
    assert not (settings.MEDIA_ROOT / "private").exists()  # nothing on this server's disk

    another_server()
    response = client.get(f"/reports/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_an_import_previewed_on_one_server_is_confirmed_on_another(client, settings, bucket, reporting_plan, cm_editor):
    report = open_report(plan=reporting_plan, month_index=1, by=cm_editor)
    client.login(username=cm_editor.username, password=PASSWORD)
    exported = client.get(reverse("report_export_xlsx", args=[report.pk])).content
    data = filled(exported, {DISBURSED: {VALUE: "๑๒,๕๐๐"}})

    response = client.post(reverse("report_import", args=[report.pk]), {"file": SimpleUploadedFile("r.xlsx", data)})
    assert response.status_code == 302
    waiting = [k for k in keys(bucket) if k.startswith(f"private/imports/{cm_editor.pk}/")]
    assert len(waiting) == 1 and body(bucket, waiting[0]) == data
    assert not (settings.MEDIA_ROOT / "private").exists()

    another_server()
    preview = client.get(response.url)
    assert preview.status_code == 200
    fingerprint = preview.context["imported"].fingerprint
    another_server()
    confirm = client.post(response.url, {"fingerprint": fingerprint, "confirm": "1"})
    assert confirm.status_code == 302 and confirm["Location"] == f"/reports/{report.pk}/"
    assert str(MonthlyReport.objects.get(pk=report.pk).disbursed) == "12500.00"
    assert not [k for k in keys(bucket) if k.startswith("private/imports/")]  # gone once confirmed


def test_the_backup_copies_the_buckets_files_and_the_restore_puts_them_back(tmp_path, bucket, approved_cm_plan):
    approval = approved_cm_plan.current_version.approval_document.name
    before = {key: body(bucket, key) for key in keys(bucket)}
    assert before == {f"private/{approval}": PDF_BYTES}

    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    assert (tmp_path / "backup" / "media" / "private" / approval).read_bytes() == PDF_BYTES
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["media_files"] == 1

    bucket.delete_object(Bucket=BUCKET, Key=f"private/{approval}")
    bucket.put_object(Bucket=BUCKET, Key="private/stray.pdf", Body=b"not in the backup")
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE within the test's transaction
    call_command("restore", tmp_path / "backup", "--yes", stdout=io.StringIO())

    assert {key: body(bucket, key) for key in keys(bucket)} == before


def test_healthz_checks_the_object_store(client, settings, s3_server):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok", "files": "ok"}
    settings.STORAGES = {**settings.STORAGES, "private": s3_storage(s3_server, bucket="no-such-bucket")}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["files"] == "unreachable"
