"""The social media site requests of the scale data set: every state, their workflow rows, register entries.

Separate from the other builders (``intranet/scale_data.py``) because requests alone need
as much code as all the pages and people together: each waiting request needs a revision,
a workflow state and a task state, and each approved one a register entry with its people.
"""

import datetime
from collections.abc import Callable
from itertools import cycle

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Revision, TaskState, WorkflowState

from .scale_data import BATCH, STAFF_PER_SCHOOL, Say, Sizes


def build_requests(staff: dict[int, list], *, sizes: Sizes, say: Say) -> None:
    """Requests in every state (20,000 at 50 schools); workflow rows for the waiting ones; register entries
    for the approved ones.

    ``staff`` is what ``build_schools_and_staff`` returned (each school's users, ICT Manager and
    Headteacher first). Returns nothing; ``say`` reports each kind of row written.
    """
    from forms_app.constants import ApprovalStep, RequestStatus, SiteRole
    from forms_app.models import (
        RegisterEntry,
        RegisterEntryPerson,
        RegisterStatus,
        SocialMediaApprovalTask,
        SocialMediaSiteRequest,
    )

    template = SocialMediaSiteRequest.objects.exclude(status=RequestStatus.DRAFT).order_by("pk").first()
    if template is None:
        raise CommandError("No submitted demo request to copy answers from; run load_demo_content first.")
    copied = {
        f.attname: getattr(template, f.attname)
        for f in SocialMediaSiteRequest._meta.concrete_fields
        if f.name
        not in ("id", "public_id", "reference", "school", "author", "status", "awaiting_step_name", "account_name")
    }
    # The data migration's group step (the Trust's Data Protection Officer) takes the requests waiting at one.
    group_step = SocialMediaApprovalTask.objects.filter(role=ApprovalStep.GROUP).order_by("pk").first()
    sizes = sizes
    statuses = [RequestStatus.APPROVED] * sizes.approved
    for status, count in sizes.other_states.items():
        statuses += [RequestStatus(status)] * count
    statuses += [RequestStatus.WITHDRAWN] * (sizes.requests - len(statuses))
    school_ids = cycle(sorted(staff))
    rows = []
    for number, status in enumerate(statuses):
        school_id = next(school_ids)
        author = staff[school_id][2 + number % (STAFF_PER_SCHOOL - 2)]
        rows.append(
            SocialMediaSiteRequest(
                **copied,
                school_id=school_id,
                author=author,
                status=status,
                awaiting_step_name=group_step.name if status in RequestStatus.awaiting_group() else "",
                reference=f"SM-S-{number:06d}",
                account_name=f"Club {number}",
            )
        )
    requests = SocialMediaSiteRequest.objects.bulk_create(rows, batch_size=BATCH)
    spread = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in sizes.other_states.items())
    say(f"{len(requests)} requests: {sizes.approved} approved, {spread}, the rest withdrawn")

    tasks = {task.role: task for task in SocialMediaApprovalTask.objects.exclude(role=ApprovalStep.GROUP)}
    tasks[ApprovalStep.GROUP] = group_step
    step = dict.fromkeys(RequestStatus.awaiting_ict(), ApprovalStep.ICT_MANAGER)
    step.update(dict.fromkeys(RequestStatus.awaiting_group(), ApprovalStep.GROUP))
    step.update(dict.fromkeys(RequestStatus.awaiting_head(), ApprovalStep.HEADTEACHER))
    waiting = [r for r in requests if r.status in RequestStatus.pending()]
    states = start_workflows(waiting, lambda r: tasks[step[r.status]])
    say(f"{len(states)} waiting requests with their workflow state, revision and task state")

    today = timezone.localdate()
    approved = [r for r in requests if r.status == RequestStatus.APPROVED]
    entries = RegisterEntry.objects.bulk_create(
        (
            RegisterEntry(
                request=r,
                school_id=r.school_id,
                platform_id=r.platform_id,
                platform_other_name=r.platform_other_name,
                account_name=r.account_name,
                status=RegisterStatus.CLOSED if n % 10 == 0 else RegisterStatus.LIVE,
                url="https://example.org/club",
                closure_date=today + datetime.timedelta(days=n % 400 - 30),
                approved_by=staff[r.school_id][1],
            )
            for n, r in enumerate(approved)
        ),
        batch_size=BATCH,
    )
    RegisterEntryPerson.objects.bulk_create(
        (
            RegisterEntryPerson(entry=e, role=role, user=staff[e.school_id][2 + n + (2 if role == "moderator" else 0)])
            for e in entries
            for role in (SiteRole.ADMINISTRATOR, SiteRole.MODERATOR)
            for n in range(2)
        ),
        batch_size=BATCH,
    )
    say(f"{len(entries)} register entries, each with two administrators and two moderators")


def start_workflows(requests: list, task_for: Callable) -> list[WorkflowState]:
    """Put each of ``requests`` (saved ``SocialMediaSiteRequest`` rows) in the default workflow at once.

    Writes, in bulk, a revision by the author, a workflow state and a task state at
    ``task_for(request)`` (a ``SocialMediaApprovalTask``) for each request, as Wagtail would
    have on submission, without sending anything. Returns the workflow states, in the order
    of ``requests``.
    """
    from forms_app.models import SocialMediaSiteRequest

    request_type = ContentType.objects.get_for_model(SocialMediaSiteRequest)
    workflow = SocialMediaSiteRequest.get_default_workflow()
    revisions = Revision.objects.bulk_create(
        (
            Revision(
                content_type=request_type,
                base_content_type=request_type,
                object_id=str(r.pk),
                content={},
                user_id=r.author_id,
                created_at=timezone.now(),
            )
            for r in requests
        ),
        batch_size=BATCH,
    )
    states = WorkflowState.objects.bulk_create(
        (
            WorkflowState(
                content_type=request_type,
                base_content_type=request_type,
                object_id=str(r.pk),
                workflow=workflow,
                requested_by_id=r.author_id,
            )
            for r in requests
        ),
        batch_size=BATCH,
    )
    task_state_type = ContentType.objects.get_for_model(TaskState)
    task_states = TaskState.objects.bulk_create(
        (
            TaskState(workflow_state=s, revision=rev, task=task_for(r), content_type=task_state_type)
            for s, rev, r in zip(states, revisions, requests, strict=True)
        ),
        batch_size=BATCH,
    )
    for state, task_state in zip(states, task_states, strict=True):
        state.current_task_state = task_state
    WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=BATCH)
    return states
