"""``manage.py run_scheduler``: enqueue the periodic jobs on their schedules, once per trust."""

import importlib

from crontask import scheduler
from crontask.conf import get_settings
from crontask.management.commands.crontask import Command as CrontaskCommand

from core.scheduling.lease import DatabaseLease, LeaseLost

LEASE_NAME = "scheduler"


class Command(CrontaskCommand):
    """django-crontask's scheduler, holding the database lease instead of a Redis lock.

    Every server may run it beside its task worker. The first to take the ``scheduler``
    lease (``core.scheduling.lease``) enqueues the jobs of ``intranet.tasks`` (and the
    scheduler's one-minute heartbeat); the others wait and take over within
    ``CRONTASK["LOCK_TIMEOUT"]`` seconds of it stopping. Runs until stopped (SIGTERM, SIGINT);
    exits when another process holds the lease it had, so a supervisor restarts it as a
    waiting scheduler.
    """

    help = "Enqueue the periodic jobs (intranet.tasks) on their schedules; one scheduler per trust runs them."

    def handle(self, *args, **options):
        if not options["no_task_loading"]:
            self.load_tasks(options)
        if not options["no_heartbeat"]:
            importlib.import_module("crontask.tasks")
        conf = get_settings()
        lease = DatabaseLease(LEASE_NAME, ttl=conf.LOCK_TIMEOUT, poll=conf.LOCK_REFRESH_INTERVAL)
        self.stdout.write(f"Waiting for the {LEASE_NAME} lease ({lease.holder})…")
        self.stdout.flush()
        lease.acquire()
        self.stdout.write(f"Holding the {LEASE_NAME} lease.")
        try:
            self.launch_scheduler(lease, scheduler)
        except LeaseLost as exc:
            self.stderr.write(str(exc))
        finally:
            lease.release()
