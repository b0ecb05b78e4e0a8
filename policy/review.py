"""Approval completes a review: the policy then says who approved it, when, and when it is next due.

Approving a policy at its last workflow step publishes the revision under review
(Wagtail's workflow). Before this, "Last reviewed", "Approved by" and "Date approved" kept
whatever the editor had typed, so a policy approved today could still show "Due soon".
``record_approval`` writes them onto the published revision and the live page in one
transaction, so the next edit (which starts from the latest revision) keeps them.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from .models import PolicyPage
from .models.review_dates import add_months

__all__ = ["record_approval", "record_approval_if_published"]


@transaction.atomic
def record_approval(*, page: PolicyPage, user, today: datetime.date | None = None, on_behalf_of=None) -> PolicyPage:
    """Record on live policy ``page`` that ``user`` approved it on ``today`` (default: today in London).

    Sets ``last_reviewed`` and ``date_approved`` to ``today``, ``approved_by`` to the
    approver's name ("X on behalf of Y (cover)" when ``user`` covered the absent
    Headteacher ``on_behalf_of``), and ``next_review_due`` to ``today`` plus the policy's review cycle,
    both on the page row and inside its live revision. Returns the page as saved.
    Does nothing to a page that is not live.
    """
    today = today or timezone.localdate()
    page = PolicyPage.objects.select_for_update().get(pk=page.pk)
    if not page.live or page.live_revision is None:
        return page
    values = {
        "last_reviewed": today,
        "date_approved": today,
        "approved_by": _approver_name(user, on_behalf_of)[:150],
        "next_review_due": add_months(today, page.review_cycle_months) if page.review_cycle_months else None,
    }
    PolicyPage.objects.filter(pk=page.pk).update(**values)
    revision = page.live_revision
    content = dict(revision.content)
    content.update(
        {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in values.items()}
    )
    revision.content = content
    revision.save(update_fields=["content"])
    page.refresh_from_db()
    return page


def _approver_name(user, on_behalf_of) -> str:
    if on_behalf_of is None:
        return user.display_name()
    return _("%(cover)s on behalf of %(approver)s (cover)") % {
        "cover": user.display_name(),
        "approver": on_behalf_of.display_name(),
    }


def record_approval_if_published(*, task_state: TaskState, user, on_behalf_of=None) -> PolicyPage | None:
    """After ``user`` approved ``task_state``: if that finished the workflow and published its revision, record it.

    Returns the page as recorded, or None when more steps remain (or the page is not a policy).
    """
    workflow_state = task_state.workflow_state
    workflow_state.refresh_from_db()
    if workflow_state.status != WorkflowState.STATUS_APPROVED:
        return None
    page = PolicyPage.objects.filter(pk=workflow_state.object_id).first()
    if page is None or page.live_revision_id != task_state.revision_id:
        return None
    return record_approval(page=page, user=user, on_behalf_of=on_behalf_of)
