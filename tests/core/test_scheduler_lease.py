"""One scheduler per trust: the database lease is held by one process at a time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.scheduling.lease import DatabaseLease, LeaseLost

pytestmark = pytest.mark.django_db


def lease(holder: str, ttl: float = 10) -> DatabaseLease:
    held = DatabaseLease("scheduler", ttl=ttl, poll=0.01)
    held.holder = holder
    return held


def test_a_second_scheduler_waits_while_the_first_holds_the_lease():
    first, second = lease("server-a:1"), lease("server-b:1")
    assert first.try_acquire()
    assert not second.try_acquire()
    assert not second.acquire(blocking_timeout=0.05)
    assert first.extend()


def test_the_waiting_scheduler_takes_over_when_the_first_stops_or_stops_renewing():
    first, second = lease("server-a:1"), lease("server-b:1")
    with first:
        assert not second.try_acquire()
    assert second.try_acquire(), "a released lease is free at once"

    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(seconds=11)
        patch.setattr(timezone, "now", lambda: later)
        assert first.try_acquire(), "an expired lease is taken over"
        with pytest.raises(LeaseLost):
            second.extend()
