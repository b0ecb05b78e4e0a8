"""Writes of the staff's request form: a new draft, a step's answers, the declaration and submission.

The approval workflow itself (submit, withdraw, decisions) lives in
``forms_app.workflow.services``; these functions prepare what it is handed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.models import User
from policy.models import PolicyPage

from ..constants import ApprovalStep, DecisionOutcome, RequestStatus
from ..models import RequestAttachment, SitePerson, SocialMediaSiteRequest
from ..workflow.services import submit_request
from .forms import answer_max_length

__all__ = [
    "NoSchoolError",
    "new_draft",
    "create_draft",
    "save_draft",
    "delete_draft",
    "declare_and_submit",
    "add_attachment",
    "remove_attachment",
]


class NoSchoolError(Exception):
    """The user's account belongs to no school, so they cannot request a site; the message says who can help."""


def new_draft(*, user: User) -> SocialMediaSiteRequest:
    """Return an unsaved, empty draft request by ``user`` for ``user``'s own school.

    Nothing is stored: the draft is created by its first answer (``save_draft``), so
    abandoned empty drafts do not pile up. The school decides who approves (Appendix B:
    the school's ICT Manager and Headteacher). Raises ``NoSchoolError`` when the account
    belongs to no school.
    """
    if user.school_id is None:
        raise NoSchoolError(_("Your account is not linked to a school, so you cannot request a site. Ask IT services."))
    site_request = SocialMediaSiteRequest(author=user, school_id=user.school_id)
    site_request.author = user
    return site_request


def create_draft(*, user: User) -> SocialMediaSiteRequest:
    """Create and return an empty draft request by ``user`` for ``user``'s own school (stored at once).

    For data set-up (demo content, tests); the form itself stores a draft only with its
    first answer. Logged as ``wagtail.create``. Raises ``NoSchoolError`` as ``new_draft``.
    """
    return save_draft(site_request=new_draft(user=user), people=None)


def save_draft(*, site_request: SocialMediaSiteRequest, people: list[SitePerson] | None) -> SocialMediaSiteRequest:
    """Save the answers set on ``site_request`` (unsaved changes) and, unless ``people`` is None, replace
    its administrators and moderators with ``people`` (unsaved ``SitePerson`` rows, in order).

    A request not stored yet is created (logged as ``wagtail.create`` by its author).
    Returns the saved request. One transaction, so a draft is never left half saved.
    Raises ``django.core.exceptions.ValidationError`` if an answer breaks its model field's
    limits (the step's form refuses those first, with a message by the question).
    """
    created = site_request.pk is None
    _check_answer_limits(site_request)
    with transaction.atomic():
        site_request.save()
        if created:
            log(instance=site_request, action="wagtail.create", user=site_request.author)
        if people is not None:
            site_request.site_people.all().delete()
            for order, person in enumerate(people):
                person.request = site_request
                person.sort_order = order
            SitePerson.objects.bulk_create(people)
    return site_request


def _check_answer_limits(site_request: SocialMediaSiteRequest) -> None:
    """Refuse, rather than store cut short, any text answer over its documented maximum length
    (``forms.answer_max_length``) or holding a NUL character (which PostgreSQL cannot store)."""
    errors = {}
    for field in SocialMediaSiteRequest._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.editable:
            continue
        value = getattr(site_request, field.attname) or ""
        limit = answer_max_length(field.name)
        if limit is not None and len(value) > limit:
            errors[field.name] = _("%(n)s characters is over the maximum of %(limit)s.") % {
                "n": len(value),
                "limit": limit,
            }
        elif "\x00" in value:
            errors[field.name] = _("It contains a NUL character, which cannot be stored.")
    if errors:
        raise ValidationError(errors)


def delete_draft(*, site_request: SocialMediaSiteRequest, user: User) -> None:
    """Delete ``user``'s own draft ``site_request`` (never submitted) and the people named on it.

    Logged as ``wagtail.delete``. Raises ``PermissionDenied`` when ``user`` is not its author
    or it is not a draft (a submitted request keeps its history: withdraw it instead).
    """
    with transaction.atomic():
        locked = SocialMediaSiteRequest.objects.select_for_update().filter(pk=site_request.pk).first()
        if locked is None or locked.author_id != user.pk or locked.status != RequestStatus.DRAFT:
            raise PermissionDenied
        log(instance=locked, action="wagtail.delete", user=user)
        locked.site_people.all().delete()
        locked.delete()


def declare_and_submit(
    *, site_request: SocialMediaSiteRequest, user: User, policy: PolicyPage | None
) -> SocialMediaSiteRequest:
    """Record the author's declaration against ``policy`` and submit the request for approval.

    Appendix B's declaration: "I have read the Social Media Policy". The policy page and
    its ``version`` at this moment are stored with the request (the approval record shows
    the policy in force then), then ``submit_request`` starts the workflow, all in one
    transaction. The caller must have run the policy rules. Raises ``RequestActionError``
    saying who to ask when a step has nobody but ``user`` to decide it
    (``workflow.separation.steps_nobody_can_decide``), and what ``submit_request`` raises
    (``PermissionDenied``, ``RequestActionError``); nothing is saved then.
    """
    from ..workflow.errors import RequestActionError
    from ..workflow.separation import steps_nobody_can_decide

    stuck = steps_nobody_can_decide(site_request, submitter=user)
    if stuck:
        raise RequestActionError(" ".join(stuck))
    with transaction.atomic():
        site_request.declaration = True
        site_request.policy_page = policy
        site_request.policy_version = str(getattr(policy, "version", "") or "")[:40]
        site_request.save(update_fields=["declaration", "policy_page", "policy_version", "updated_at"])
        return submit_request(site_request=site_request, user=user)


def add_attachment(
    *, site_request: SocialMediaSiteRequest, user: User, uploaded, content_type: str
) -> RequestAttachment:
    """Store ``uploaded`` (a checked ``UploadedFile``; ``content_type`` found from its content) on
    ``site_request`` in the private attachments storage, and return the new ``RequestAttachment``.

    Only the author, while the request is editable. The count is checked again under a row
    lock, so two uploads at once cannot pass the limit. Logged as ``wagtail.edit`` naming the
    file. Raises ``PermissionDenied`` otherwise and
    ``ValidationError`` when the request already has the most files allowed.
    """
    from .attachments import MAX_ATTACHMENTS

    with transaction.atomic():
        locked = SocialMediaSiteRequest.objects.select_for_update().get(pk=site_request.pk)
        if locked.author_id != user.pk or locked.status not in RequestStatus.editable():
            raise PermissionDenied
        if locked.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(_("A request can have up to %(max)s files.") % {"max": MAX_ATTACHMENTS})
        attachment = RequestAttachment(
            request=locked,
            original_name=uploaded.name[:255],
            content_type=content_type,
            size=uploaded.size,
            uploaded_by=user,
        )
        attachment.file.save(uploaded.name, uploaded, save=False)
        attachment.save()
        log(instance=locked, action="wagtail.edit", user=user, data={"attachment_added": attachment.original_name})
    return attachment


def remove_attachment(*, attachment: RequestAttachment, user: User) -> None:
    """Delete ``attachment`` and its file. Only the request's author, while the request is editable,
    and never a document already approved (an amendment may only add); raises ``PermissionDenied`` otherwise."""
    site_request = attachment.request
    if site_request.author_id != user.pk or site_request.status not in RequestStatus.editable():
        raise PermissionDenied
    if site_request.decisions.filter(
        step=ApprovalStep.HEADTEACHER, outcome=DecisionOutcome.APPROVED, decided_at__gte=attachment.uploaded_at
    ).exists():
        # An amendment adds documents; those already approved stay with the approved record.
        raise PermissionDenied
    with transaction.atomic():
        log(
            instance=site_request,
            action="wagtail.edit",
            user=user,
            data={"attachment_removed": attachment.original_name},
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.storage.delete(attachment.file.name))
