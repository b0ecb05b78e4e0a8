"""Ending an amendment without approving it: the author (or the school's ICT Manager) abandons it.

Issue 25: a change after approval is an amendment, a new round of approval, while the site
stays in the register under its last approved record. Abandoning it puts the request back
as that record left it: its answers, people and documents as last approved, its status
"Approved". Starting and submitting an amendment are in ``services.py``.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from home import roles
from home.models import User

from ..constants import ApprovalStep, DecisionOutcome, RequestStatus
from ..models import (
    FROZEN_FIELDS,
    RegisterEntryPerson,
    RequestAttachment,
    SitePerson,
    SocialMediaApprovalTask,
    SocialMediaSiteRequest,
)
from ..models.requests import answers_may_change, same_answer
from . import notifications
from .errors import RequestActionError
from .locks import lock_request, lock_workflow_state

__all__ = ["abandon_amendment", "carry_register_people", "may_abandon_amendment"]


def _last_final_approval(site_request: SocialMediaSiteRequest):
    return (
        site_request.decisions.filter(step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def _may_abandon(site_request: SocialMediaSiteRequest, user: User) -> bool:
    """Whether ``user`` is the author or an ICT Manager of the request's school (no query once roles are cached)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if site_request.author_id == user.pk:
        return True
    return user.school_id == site_request.school_id and roles.ICT_MANAGERS in roles.role_names(user)


def may_abandon_amendment(*, site_request: SocialMediaSiteRequest, user: User) -> bool:
    """True if ``user`` may abandon an amendment of ``site_request`` now (for showing the button).

    An amendment is under way (being written, awaiting the ICT Manager or the Headteacher)
    or was sent back for changes after an earlier final approval; ``user`` is its author or
    an ICT Manager of its school. At most one query.
    """
    if not _may_abandon(site_request, user):
        return False
    if site_request.status in RequestStatus.amendment():
        return True
    return site_request.status == RequestStatus.CHANGES_REQUESTED and _last_final_approval(site_request) is not None


def carry_register_people(site_request: SocialMediaSiteRequest) -> bool:
    """Name on ``site_request`` the administrators and moderators its register entry has now; True if they changed.

    For ``start_amendment``. The register's Transfer action (and a leaver's hand-over) changes
    who runs a site at once, in the register only: the sealed answers keep the people both
    approvers signed off. An amendment is how such a change reaches the answers, so it
    starts with the register's people, shown to both approvers as a change, and its approval
    (which updates the register from the answers) cannot bring back someone transferred
    away. An external person keeps the email address named on the request. Two queries
    when nothing differs. A request on a form built in the admin has no register entry nor
    site people: nothing to carry, no query.
    """
    if site_request.is_built_form:
        return False
    entry_people = list(RegisterEntryPerson.objects.filter(entry__request=site_request).order_by("role", "sort_order"))
    if not entry_people:
        return False
    named = list(site_request.site_people.all())
    if sorted(tuple(p.seat().values()) for p in named) == sorted(tuple(p.seat().values()) for p in entry_people):
        return False
    emails = {(p.role, p.name): p.email for p in named if not p.user_id}
    site_request.site_people.all().delete()
    SitePerson.objects.bulk_create(
        SitePerson(request=site_request, email=emails.get((p.role, p.name), "") if not p.user_id else "", **p.seat())
        for p in entry_people
    )
    return True


def _restore_last_approved(locked: SocialMediaSiteRequest, *, decided_at) -> list[str]:
    """Put back the answers, people and documents of ``locked``'s live revision; return the documents removed.

    The live revision is the one published at the last final approval (``_publish_approved``),
    so it holds exactly what was approved. Documents uploaded after that approval belonged to
    the amendment and are deleted (their files after commit).
    """
    approved = locked.live_revision.as_object()
    for name in FROZEN_FIELDS:
        value = getattr(approved, name)
        # A revision keeps times to the millisecond: a stored time that is the same answer stays.
        if not same_answer(getattr(locked, name), value):
            setattr(locked, name, value)
    locked.site_people.all().delete()
    SitePerson.objects.bulk_create(
        SitePerson(request=locked, email=person.email, **person.seat()) for person in approved.site_people.all()
    )
    added = list(RequestAttachment.objects.filter(request=locked, uploaded_at__gt=decided_at))
    for attachment in added:
        attachment.delete()
        transaction.on_commit(lambda a=attachment: a.file.storage.delete(a.file.name))
    return [attachment.original_name for attachment in added]


def abandon_amendment(*, site_request: SocialMediaSiteRequest, user: User) -> SocialMediaSiteRequest:
    """Abandon the amendment under way of ``site_request``; return the request, approved again as last approved.

    Issue 25: until an amendment is approved the site stands under its last approved
    record; abandoning the amendment keeps it so. In one transaction: the amendment's
    Wagtail workflow is cancelled through its API (``WorkflowState.cancel``, logged by
    Wagtail); the answers, administrators and moderators of the last final approval (the
    live revision) are restored and documents added since are removed, so the request's
    answers digest is again the one both approvers of that round signed; the status is
    "Approved". Logged as ``forms_app.request.abandon_amendment``. The approvers whose step
    was waiting (the school's ICT Managers or its Headteacher, with their cover) are
    emailed through the outbox; nobody is when the amendment was still being written.

    Raises ``PermissionDenied`` unless ``user`` is the author or an ICT Manager of the
    request's school, and ``RequestActionError`` when no amendment is under way (for
    example it was approved or abandoned a moment ago).
    """
    with transaction.atomic():
        locked = lock_request(site_request)
        if not _may_abandon(locked, user):
            raise PermissionDenied
        final = _last_final_approval(locked)
        under_way = locked.status in RequestStatus.amendment() or locked.status == RequestStatus.CHANGES_REQUESTED
        if not under_way or final is None or locked.live_revision_id is None:
            raise RequestActionError(_("There is no amendment of this request to abandon."))
        previous_status = locked.status
        workflow_state = lock_workflow_state(locked)
        waiting_step = None
        if workflow_state is not None:
            if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and workflow_state.current_task_state_id:
                task_id = workflow_state.current_task_state.task_id
                tasks = SocialMediaApprovalTask.objects.select_related("approver_group")
                waiting_step = tasks.filter(pk=task_id).first()
            workflow_state.cancel(user=user)
        with answers_may_change():
            removed = _restore_last_approved(locked, decided_at=final.decided_at)
            locked.status = RequestStatus.APPROVED
            locked.awaiting_step_name = ""
            locked.has_unpublished_changes = False
            locked.save()
        log(
            instance=locked,
            action="forms_app.request.abandon_amendment",
            user=user,
            data={"reference": locked.reference, "status": previous_status, "documents_removed": removed},
        )
        if waiting_step is not None:
            notifications.notify_amendment_abandoned(site_request=locked, step=waiting_step, by=user)
    return locked
