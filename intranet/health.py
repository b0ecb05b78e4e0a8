"""Health checks for load balancers and monitors (django-health-check), and the liveness answer.

Three paths, from cheapest to fullest:
- ``/health/live/``: the process answers (``LivenessMiddleware``, before every other middleware:
  no database, no cache, no host check). For a supervisor deciding whether to restart it.
- ``/health/ready/``: this server can serve pages: the database answers and every migration
  is applied. For the load balancer: Redis being down does not take servers out, since pages
  are then built from the database (``core.caching.redis.ResilientRedisCache``).
- ``/health/``: everything a monitor should watch: the above, the cache, both file storages,
  the task worker's heartbeat and the signing certificate's expiry date.
Each answers 200 when every check passes, 500 otherwise, as JSON (``Accept: application/json``
or ``?format=json``), text or HTML. Messages name what failed, never an address, a path or a
credential.
"""

import dataclasses
import datetime

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

LIVENESS_PATH = "/health/live/"
# django-crontask's scheduler queues its heartbeat every minute; the worker runs it.
HEARTBEAT_TASK = "crontask.tasks.heartbeat"
HEARTBEAT_MAX_AGE = datetime.timedelta(minutes=5)
# A certificate expiring sooner than this is reported, so there is time to renew it.
CERTIFICATE_MIN_VALIDITY = datetime.timedelta(days=30)


class LivenessMiddleware:
    """Answers ``GET /health/live/`` with ``200 OK`` before any other middleware runs.

    First in ``MIDDLEWARE``: no database, cache, session or host-name check is involved, so a
    process that can answer at all says so, and a probe over plain HTTP is not redirected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVENESS_PATH:
            response = HttpResponse("OK\n", content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def close_thread_connection(alias: str) -> None:
    """Close this thread's connection to ``alias``: the checks run in threads of their own, which no request closes."""
    connections[alias].close()


@dataclasses.dataclass
class Database(checks.Database):
    """``SELECT 1`` on the database ``alias``; the failure names no host or user."""

    def run(self):
        try:
            super().run()
        except ServiceUnavailable as exc:
            raise ServiceUnavailable("The database cannot be reached.") from exc


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the installed code is applied to the database ``alias``.

    Fails after an upgrade whose ``manage.py migrate`` has not run yet (README, "Upgrading").
    """

    alias: str = "default"

    def run(self):
        try:
            executor = MigrationExecutor(connections[self.alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as exc:
            raise ServiceUnavailable("The database cannot be reached.") from exc
        finally:
            close_thread_connection(self.alias)
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migration(s) not applied: run manage.py migrate.")


@dataclasses.dataclass
class TaskWorkerHeartbeat(HealthCheck):
    """The scheduler's one-minute heartbeat was run by a task worker within the last five minutes.

    Fails when the worker or the scheduler has stopped: emails then wait in the queue and no
    periodic job runs (README, "Running in production").
    """

    def run(self):
        from django_tasks_db.models import DBTaskResult

        try:
            last = (
                DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK, status="SUCCESSFUL")
                .order_by("-finished_at")
                .values_list("finished_at", flat=True)
                .first()
            )
        except DatabaseError as exc:
            raise ServiceUnavailable("The database cannot be reached.") from exc
        finally:
            close_thread_connection("default")
        if last is None:
            raise ServiceUnavailable("No task worker has run the scheduler's heartbeat yet.")
        age = timezone.now() - last
        if age > HEARTBEAT_MAX_AGE:
            raise ServiceUnavailable(f"No heartbeat from the task worker for {int(age.total_seconds() // 60)} minutes.")


@dataclasses.dataclass
class SigningCertificate(HealthCheck):
    """The certificate that seals approval records can be read and is valid for 30 days more."""

    def run(self):
        from forms_app.register.records import SealingUnavailable, signing_certificate

        try:
            certificate = signing_certificate()
        except SealingUnavailable as exc:
            raise ServiceUnavailable(
                "The signing certificate is not configured or cannot be read; records are not sealed."
            ) from exc
        expires = certificate["tbs_certificate"]["validity"]["not_after"].native
        if expires - timezone.now() < CERTIFICATE_MIN_VALIDITY:
            raise ServiceUnavailable(f"The signing certificate expires on {expires:%Y-%m-%d}: renew it.")


READY_CHECKS = [Database, MigrationsApplied]
ALL_CHECKS = [
    Database,
    MigrationsApplied,
    (checks.Cache, {"alias": "default"}),
    (checks.Storage, {"alias": "default"}),
    (checks.Storage, {"alias": "sealed_records"}),
    TaskWorkerHeartbeat,
    SigningCertificate,
]

__all__ = ["ALL_CHECKS", "LIVENESS_PATH", "READY_CHECKS", "LivenessMiddleware"]
