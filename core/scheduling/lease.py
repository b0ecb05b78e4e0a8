"""A lease in the database: one process of many holds a named job, others wait to take over.

The periodic jobs must run once per trust however many servers run a scheduler beside their
task worker. Each scheduler asks for the ``"scheduler"`` lease; the one that gets it renews it
every few seconds and enqueues the jobs, the others wait and take over within ``ttl`` of the
holder stopping (a crash, a reboot, a server taken out). The lease lives in the shared database
so it needs no Redis, and works on SQLite (``make run``) and PostgreSQL alike: taking it is one
``UPDATE ... WHERE`` that only one process can win.
"""

import logging
import os
import socket
import time
from datetime import UTC, datetime, timedelta

from crontask.utils import LockError, LockNotOwnedError
from django.db import IntegrityError, OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.models import Lease

logger = logging.getLogger(__name__)

_NEVER = datetime(2000, 1, 1, tzinfo=UTC)


class LeaseLost(LockNotOwnedError):
    """Raised by ``DatabaseLease.extend`` when another process holds the lease now."""


class DatabaseLease:
    """The lease ``name`` in ``core.models.Lease``, for this process.

    Takes ``ttl`` (seconds the lease lasts without renewal) and ``poll`` (seconds between
    attempts while another process holds it). Usable where django-crontask expects its
    Redis lock: ``extend`` raises ``LockError`` when the lease is lost, which stops that
    scheduler.
    """

    def __init__(self, name: str, *, ttl: float = 10, poll: float = 2):
        self.name = name
        self.ttl = ttl
        self.poll = poll
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.renewed_at: datetime | None = None

    def try_acquire(self) -> bool:
        """Take or renew the lease if it is free, expired or already ours; return whether we hold it.

        A locked SQLite database or a lost connection counts as "not now" (False), never an error.
        """
        return self._attempt() == "held"

    def _attempt(self) -> str:
        """One try at the lease: ``"held"`` (ours now), ``"taken"`` (another's) or ``"unreachable"``."""
        if not connection.in_atomic_block:
            # A long-running process: drop a connection the database closed, as requests do.
            close_old_connections()
        now = timezone.now()
        try:
            with transaction.atomic():
                Lease.objects.get_or_create(name=self.name, defaults={"expires_at": _NEVER})
            taken = (
                Lease.objects.filter(name=self.name)
                .filter(Q(holder=self.holder) | Q(expires_at__lt=now))
                .update(holder=self.holder, expires_at=now + timedelta(seconds=self.ttl))
            )
        except (OperationalError, IntegrityError) as exc:
            logger.warning("Could not reach the %s lease: %s", self.name, exc)
            return "unreachable"
        if not taken:
            return "taken"
        self.renewed_at = now
        return "held"

    def acquire(self, *, blocking_timeout: float | None = None) -> bool:
        """Wait until this process holds the lease; return True, or False after ``blocking_timeout`` seconds."""
        deadline = None if blocking_timeout is None else time.monotonic() + blocking_timeout
        while not self.try_acquire():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(self.poll)
        return True

    def extend(self, additional_time: float | None = None, replace_ttl: bool = False) -> bool:
        """Renew the lease for another ``ttl`` seconds; return True.

        Raises ``LeaseLost`` (a ``LockError``) when another process holds it, or when the
        database has been out of reach for longer than the lease lasts, so two schedulers
        never both believe they hold it.
        """
        outcome = self._attempt()
        if outcome == "held":
            return True
        still_ours = self.renewed_at is not None and timezone.now() < self.renewed_at + timedelta(seconds=self.ttl)
        if outcome == "unreachable" and still_ours:
            return True
        raise LeaseLost(f"The {self.name} lease is held by another process now.")

    def release(self) -> None:
        """Give the lease up at once, so a waiting process takes over without waiting for it to expire."""
        try:
            Lease.objects.filter(name=self.name, holder=self.holder).update(holder="", expires_at=_NEVER)
        except OperationalError as exc:  # it expires by itself
            logger.warning("Could not release the %s lease: %s", self.name, exc)

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.release()


__all__ = ["DatabaseLease", "LeaseLost", "LockError"]
