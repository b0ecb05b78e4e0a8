"""Read-only queries for the request form, the author's request page and "My requests"."""

from django.conf import settings
from django.db.models import Q, QuerySet

from home.models import User
from home.selectors import final_approvers_for, ict_managers_for, overseen_school_ids
from policy.selectors import social_media_policy_page

from ..constants import DecisionOutcome, RequestStatus
from ..models import ApprovalDecision, RequestAttachment, SocialMediaSiteRequest

__all__ = [
    "requests_for_author",
    "requests_naming_user",
    "request_for_author",
    "request_visible_to",
    "social_media_policy_page",
    "changes_requested_decision",
    "next_reviewers",
    "attachment_for_reader",
    "user_may_read_attachments",
    "stale_draft_days",
]

DEFAULT_STALE_DRAFT_DAYS = 60


def stale_draft_days() -> int:
    """Days after which an untouched draft is listed as "Not finished" and offered for deletion:
    the setting ``FORMS_APP_STALE_DRAFT_DAYS`` (default 60)."""
    return int(getattr(settings, "FORMS_APP_STALE_DRAFT_DAYS", DEFAULT_STALE_DRAFT_DAYS))


def next_reviewers(*, site_request: SocialMediaSiteRequest) -> QuerySet[User]:
    """Return who decides the step ``site_request`` now awaits: the ICT Managers of its school
    (``awaiting_ict``) or its Headteacher(s) (``awaiting_head``); empty otherwise. One query."""
    if site_request.status in RequestStatus.awaiting_ict():
        return ict_managers_for(site_request.school)
    if site_request.status in RequestStatus.awaiting_head():
        return final_approvers_for(site_request.school)
    return User.objects.none()


def requests_for_author(*, user: User) -> QuerySet[SocialMediaSiteRequest]:
    """Return the requests ``user`` wrote, most recently changed first, with their form versions (one query)."""
    return SocialMediaSiteRequest.objects.by_author(user).select_related("form_version")


def requests_naming_user(*, user: User) -> QuerySet[SocialMediaSiteRequest]:
    """Return submitted requests that name ``user`` as administrator or moderator, and that
    ``user`` did not write (one query). Drafts are left out: until submitted, they are
    only the author's notes."""
    return (
        SocialMediaSiteRequest.objects.filter(site_people__user=user)
        .exclude(author=user)
        .exclude(status=RequestStatus.DRAFT)
        .select_related("school", "author")
        .distinct()
        .order_by("-updated_at")
    )


def request_for_author(*, user: User, public_id) -> QuerySet[SocialMediaSiteRequest]:
    """Return a queryset holding the request with ``public_id`` if ``user`` wrote it, else empty.

    Loads its school and platform with it, so rules run without more queries.
    """
    return SocialMediaSiteRequest.objects.filter(public_id=public_id, author=user).select_related(
        "school", "platform", "line_manager", "author", "form_version"
    )


def request_visible_to(*, user: User, public_id) -> QuerySet[SocialMediaSiteRequest]:
    """Return a queryset holding the request with ``public_id`` if ``user`` wrote it or is named on
    it as administrator or moderator (a submitted request only), else empty.

    A member of staff sees only the requests they wrote or are named on (issue rule).
    """
    named = requests_naming_user(user=user).values("pk")
    return SocialMediaSiteRequest.objects.filter(Q(author=user) | Q(pk__in=named), public_id=public_id).select_related(
        "school", "platform", "line_manager", "author", "form_version"
    )


def changes_requested_decision(*, site_request: SocialMediaSiteRequest) -> ApprovalDecision | None:
    """Return the approver's latest "changes requested" decision while ``site_request`` awaits
    the author's changes (status ``changes_requested``), else None (one query, none otherwise).

    Its ``get_step_display()`` is the approver's role, ``approver_name`` who decided and
    ``comment`` the reason the author must act on.
    """
    if site_request.status != RequestStatus.CHANGES_REQUESTED:
        return None
    return (
        ApprovalDecision.objects.filter(request=site_request, outcome=DecisionOutcome.CHANGES_REQUESTED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def user_may_read_attachments(*, site_request: SocialMediaSiteRequest, user: User) -> bool:
    """Whether ``user`` may open the files attached to ``site_request``.

    Its author; the ICT Managers and Headteachers of its school (who review it); Trust
    administrators and superusers (the trust's oversight). Nobody else, named
    administrators and other schools' approvers included.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if site_request.author_id == user.pk:
        return True
    school_ids = overseen_school_ids(user)  # the trust's one oversight rule
    return school_ids is None or site_request.school_id in school_ids


def attachment_for_reader(*, user: User, public_id, attachment_id: int) -> RequestAttachment | None:
    """Return the attachment ``attachment_id`` of the request ``public_id`` if ``user`` may read it, else None."""
    attachment = (
        RequestAttachment.objects.filter(pk=attachment_id, request__public_id=public_id)
        .select_related("request")
        .first()
    )
    if attachment is None or not user_may_read_attachments(site_request=attachment.request, user=user):
        return None
    return attachment
