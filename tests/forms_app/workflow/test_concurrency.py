"""Two workflow actions on one request at the same moment: exactly one wins, the other changes nothing.

Threads are released together by a barrier, each on its own database connection, at
least 20 times per pair of actions. Needs PostgreSQL's row locks (``select_for_update``);
on SQLite, whose transactions are serialised whole (``IMMEDIATE``), it is skipped. The
CI script runs the suite on PostgreSQL and fails if it cannot, so under ``CI=true`` this
test always runs.
"""

import functools
import threading

import pytest
from django.db import connection
from wagtail.models import TaskState, WorkflowState

from forms_app.constants import RequestStatus
from forms_app.models import ApprovalDecision, SchoolLogEntry
from forms_app.signals import request_approved
from forms_app.workflow.services import (
    RequestActionError,
    approve_task,
    request_changes,
    withdraw_request,
)
from tests.forms_app.factories import submitted_request

ITERATIONS = 20

pytestmark = [
    pytest.mark.postgres(reason="Needs PostgreSQL row locks (SQLite serialises whole transactions)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*actions) -> list[str]:
    """Run ``actions`` in threads released together; return ``"ok"`` or the error message of each."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            action()
            results[index] = "ok"
        except RequestActionError as error:
            results[index] = str(error)
        except Exception as error:  # noqa: BLE001  (reported as a failed outcome below)
            results[index] = f"unexpected {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def log_count(request, action: str) -> int:
    return SchoolLogEntry.objects.for_instance(request).filter(action=action).count()


def one_winner(results) -> None:
    assert sorted(r == "ok" for r in results) == [False, True], results
    loser = next(r for r in results if r != "ok")
    assert "someone has already acted" in loser or "no longer" in loser, loser


def races_on_submitted_requests(author, *actions):
    """Race ``actions`` on each of ``ITERATIONS`` newly submitted requests by ``author``; check one wins.

    Each action is called with the request's task state awaiting the ICT Manager. Yields
    ``(request, results)``: the request reloaded after the race and ``race``'s results.
    """
    for _ in range(ITERATIONS):
        request = submitted_request(author=author)
        task_state = request.current_workflow_task_state
        results = race(*(functools.partial(action, task_state) for action in actions))
        one_winner(results)
        request.refresh_from_db()
        yield request, results


def test_approve_against_approve(author, ict_manager, second_ict_manager):
    for request, _ in races_on_submitted_requests(
        author,
        lambda task_state: approve_task(task_state=task_state, user=ict_manager, attested=True),
        lambda task_state: approve_task(task_state=task_state, user=second_ict_manager, attested=True),
    ):
        assert request.status == RequestStatus.AWAITING_HEAD
        state = WorkflowState.objects.for_instance(request).get()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_IN_PROGRESS).count() == 1
        assert ApprovalDecision.objects.filter(request=request).count() == 1
        assert log_count(request, "wagtail.workflow.approve") == 1


def test_approve_against_request_changes(author, ict_manager, second_ict_manager):
    for request, results in races_on_submitted_requests(
        author,
        lambda task_state: approve_task(task_state=task_state, user=ict_manager, attested=True),
        lambda task_state: request_changes(task_state=task_state, user=second_ict_manager, reason="Add moderators"),
    ):
        state = WorkflowState.objects.for_instance(request).get()
        approvals, rejections = (
            log_count(request, "wagtail.workflow.approve"),
            log_count(request, "wagtail.workflow.reject"),
        )
        if results[0] == "ok":
            assert (request.status, state.status) == (RequestStatus.AWAITING_HEAD, WorkflowState.STATUS_IN_PROGRESS)
            assert (approvals, rejections) == (1, 0)
        else:
            assert (request.status, state.status) == (
                RequestStatus.CHANGES_REQUESTED,
                WorkflowState.STATUS_NEEDS_CHANGES,
            )
            assert (approvals, rejections) == (0, 1)
        assert ApprovalDecision.objects.filter(request=request).count() == 1


def test_final_approval_against_withdrawal(author, ict_manager, headteacher):
    approvals_sent = []

    def on_approved(sender, instance, user, **kwargs):
        approvals_sent.append(instance.pk)

    request_approved.connect(on_approved, weak=False)
    try:
        for _ in range(ITERATIONS):
            request = submitted_request(author=author)
            approve_task(site_request=request, user=ict_manager, attested=True)
            task_state = request.current_workflow_task_state
            results = race(
                lambda ts=task_state: approve_task(task_state=ts, user=headteacher, attested=True),
                lambda r=request: withdraw_request(site_request=r, user=author),
            )
            one_winner(results)
            request.refresh_from_db()
            state = WorkflowState.objects.for_instance(request).get()
            if results[0] == "ok":
                assert (request.status, state.status) == (RequestStatus.APPROVED, WorkflowState.STATUS_APPROVED)
                assert approvals_sent.count(request.pk) == 1
                assert log_count(request, "wagtail.workflow.cancel") == 0
            else:
                assert (request.status, state.status) == (RequestStatus.WITHDRAWN, WorkflowState.STATUS_CANCELLED)
                assert approvals_sent.count(request.pk) == 0
                assert log_count(request, "wagtail.workflow.cancel") == 1
            assert log_count(request, "wagtail.workflow.approve") == 1 + (results[0] == "ok")
            assert ApprovalDecision.objects.filter(request=request).count() == 1 + (results[0] == "ok")
    finally:
        request_approved.disconnect(on_approved)
