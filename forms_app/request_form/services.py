"""Writes of the staff's request form: a new draft, a step's answers, the declaration and submission.

The approval workflow itself (submit, withdraw, decisions) lives in
``forms_app.workflow.services``; these functions prepare what it is handed.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.models import User
from policy.models import PolicyPage

from ..models import SitePerson, SocialMediaSiteRequest
from ..workflow.services import submit_request

__all__ = ["NoSchoolError", "create_draft", "save_draft", "declare_and_submit"]


class NoSchoolError(Exception):
    """The user's account belongs to no school, so they cannot request a site; the message says who can help."""


def create_draft(*, user: User) -> SocialMediaSiteRequest:
    """Create and return an empty draft request by ``user`` for ``user``'s own school.

    The school decides who approves (Appendix B: the school's ICT Manager and
    Headteacher). Logged as ``wagtail.create``. Raises ``NoSchoolError`` when the
    account belongs to no school.
    """
    if user.school_id is None:
        raise NoSchoolError(_("Your account is not linked to a school, so you cannot request a site. Ask IT services."))
    site_request = SocialMediaSiteRequest(author=user, school_id=user.school_id)
    site_request.full_clean(exclude=["reference"])
    with transaction.atomic():
        site_request.save()
        log(instance=site_request, action="wagtail.create", user=user)
    return site_request


def save_draft(*, site_request: SocialMediaSiteRequest, people: list[SitePerson] | None) -> SocialMediaSiteRequest:
    """Save the answers set on ``site_request`` (unsaved changes) and, unless ``people`` is None, replace
    its administrators and moderators with ``people`` (unsaved ``SitePerson`` rows, in order).

    Returns the saved request. One transaction, so a draft is never left half saved.
    """
    with transaction.atomic():
        site_request.save()
        if people is not None:
            site_request.site_people.all().delete()
            for order, person in enumerate(people):
                person.request = site_request
                person.sort_order = order
            SitePerson.objects.bulk_create(people)
    return site_request


def declare_and_submit(
    *, site_request: SocialMediaSiteRequest, user: User, policy: PolicyPage | None
) -> SocialMediaSiteRequest:
    """Record the author's declaration against ``policy`` and submit the request for approval.

    Appendix B's declaration: "I have read the Social Media Policy". The policy page and
    its ``version`` at this moment are stored with the request (the approval record shows
    the policy in force then), then ``submit_request`` starts the workflow, all in one
    transaction. The caller must have run the policy rules. Raises what ``submit_request``
    raises (``PermissionDenied``, ``RequestActionError``); nothing is saved then.
    """
    with transaction.atomic():
        site_request.declaration = True
        site_request.policy_page = policy
        site_request.policy_version = str(getattr(policy, "version", "") or "")[:40]
        site_request.save(update_fields=["declaration", "policy_page", "policy_version", "updated_at"])
        return submit_request(site_request=site_request, user=user)
