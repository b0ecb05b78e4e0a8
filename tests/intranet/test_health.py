"""/health/ for monitors and load balancers: what it checks, what it never shows, and liveness without a database."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intranet.settings.env import shared_caches
from tests.ports import free_port

# Committed data: the checks run in the view's own threads, with their own database connections.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = {
    "Database(alias='default')",
    "MigrationsApplied(alias='default')",
    "Cache(alias='default')",
    "Storage(alias='default')",
    "Storage(alias='sealed_records')",
    "TaskWorkerHeartbeat()",
    "SigningCertificate()",
}


@pytest.fixture
def signing(settings, tmp_path):
    """The trust's signing certificate: a self-signed one, valid for ten years from today."""
    from forms_app.register.signing_certificates import write_self_signed_certificate

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    write_self_signed_certificate(key_path=key, cert_path=cert, common_name="Test trust approval records")
    settings.RECORD_SIGNING_PKCS12 = ""
    settings.RECORD_SIGNING_KEY, settings.RECORD_SIGNING_CERT = str(key), str(cert)


@pytest.fixture
def heartbeat(transactional_db):
    """The task worker ran the scheduler's heartbeat a minute ago."""
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path="crontask.tasks.heartbeat",
        status="SUCCESSFUL",
        args_kwargs={"args": [], "kwargs": {}},
        enqueued_at=now - datetime.timedelta(minutes=1),
        started_at=now - datetime.timedelta(minutes=1),
        finished_at=now - datetime.timedelta(minutes=1),
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=None,
    )


def health(client, path="/health/"):
    response = client.get(path, HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_everything_healthy_answers_200_listing_every_check(client, heartbeat, signing):
    status, report = health(client)
    assert report == dict.fromkeys(CHECKS, "OK")
    assert status == 200


def test_a_stopped_worker_and_a_missing_certificate_are_reported_without_secrets(client, settings):
    settings.RECORD_SIGNING_PKCS12 = "/etc/intranet/secret-seal.p12"
    settings.RECORD_SIGNING_PASSPHRASE = "hunter2-passphrase"
    status, report = health(client)
    assert status == 500
    assert report["TaskWorkerHeartbeat()"].startswith("Unavailable: No task worker")
    assert "signing certificate" in report["SigningCertificate()"]
    body = str(report)
    for secret in ("secret-seal", "hunter2", settings.SECRET_KEY, str(settings.DATABASES["default"]["NAME"])):
        assert secret not in body


def test_an_old_heartbeat_and_a_certificate_expiring_within_30_days_fail(client, heartbeat, signing):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3650 - 20)):
        status, report = health(client)
    assert status == 500
    assert "No heartbeat from the task worker" in report["TaskWorkerHeartbeat()"]
    assert "expires on" in report["SigningCertificate()"]


def test_with_redis_down_health_reports_the_cache_down_and_ready_stays_up(client, settings, heartbeat, signing):
    port = free_port()
    settings.CACHES = shared_caches(f"redis://127.0.0.1:{port}/0")
    status, report = health(client)
    assert status == 500
    assert report["Cache(alias='default')"] != "OK"
    assert str(port) not in str(report)
    assert {name for name, result in report.items() if result != "OK"} == {"Cache(alias='default')"}

    status, report = health(client, "/health/ready/")
    assert (status, report) == (200, {"Database(alias='default')": "OK", "MigrationsApplied(alias='default')": "OK"})


def test_liveness_answers_without_the_database_or_a_known_host(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/health/live/", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.content == b"OK\n"
    assert len(queries) == 0
