"""State changes of a social media site request. Views call these; they never change status directly.

Each function runs in one transaction, locks the request row and re-checks its status
before acting, so two clicks (or two people) at once cannot both succeed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import RequestStatus
from .models import SocialMediaSiteRequest
from .signals import request_submitted, request_withdrawn

SUBMITTABLE = (RequestStatus.DRAFT, RequestStatus.CHANGES_REQUESTED)
WITHDRAWABLE = (
    RequestStatus.DRAFT,
    RequestStatus.AWAITING_ICT,
    RequestStatus.AWAITING_HEAD,
    RequestStatus.CHANGES_REQUESTED,
)


class RequestActionError(Exception):
    """The action cannot be done in the request's current state; the message says why, for the user."""


def _lock(request: SocialMediaSiteRequest) -> SocialMediaSiteRequest:
    return SocialMediaSiteRequest.objects.select_for_update().get(pk=request.pk)


def submit_request(*, request: SocialMediaSiteRequest, user) -> SocialMediaSiteRequest:
    """Submit a complete draft (or resubmit after "Request changes") for approval.

    Takes the request and the signed-in author; returns the locked, updated request.
    Saves a revision of the answers and starts the "Social media site approval" workflow
    at its first task (the ICT Manager: Appendix B, A.3.6 "forward it to the school's
    ICT Manager"). The caller must have validated the answers first.

    Raises ``PermissionDenied`` if ``user`` is not the author, and
    ``RequestActionError`` if the request is not a draft or awaiting changes (for
    example it was submitted a moment ago in another tab).
    """
    with transaction.atomic():
        locked = _lock(request)
        if locked.author_id != user.pk:
            raise PermissionDenied
        if locked.status not in SUBMITTABLE:
            raise RequestActionError(_("This request has already been submitted."))
        locked.status = RequestStatus.AWAITING_ICT
        if locked.submitted_at is None:
            locked.submitted_at = timezone.now()
        locked.save()
        locked.save_revision(user=user, log_action=True)
        workflow = locked.get_workflow()
        if workflow is not None:
            workflow.start(locked, user)
        request_submitted.send(sender=SocialMediaSiteRequest, instance=locked, user=user)
    return locked


def withdraw_request(*, request: SocialMediaSiteRequest, user) -> SocialMediaSiteRequest:
    """Withdraw a draft or a pending request at the author's wish; returns the updated request.

    A pending request's workflow is cancelled, so approvers no longer see it. Raises
    ``PermissionDenied`` if ``user`` is not the author and ``RequestActionError`` if the
    request is already approved or withdrawn.
    """
    with transaction.atomic():
        locked = _lock(request)
        if locked.author_id != user.pk:
            raise PermissionDenied
        if locked.status not in WITHDRAWABLE:
            raise RequestActionError(_("This request can no longer be withdrawn."))
        workflow_state = locked.current_workflow_state
        if workflow_state is not None:
            workflow_state.cancel(user=user)
        locked.status = RequestStatus.WITHDRAWN
        locked.save()
        request_withdrawn.send(sender=SocialMediaSiteRequest, instance=locked, user=user)
    return locked
