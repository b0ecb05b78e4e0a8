"""Signal receivers of the register of approved social media sites (connected in ``FormsAppConfig.ready``).

The workflow announces a final approval with ``request_approved``; the register, not the
workflow, decides what that means for it. This is one of the two hand-offs a reader
cannot follow by go-to-definition (the other is ``SocialMediaApprovalTask.on_action``).
"""

from functools import partial

from django.db import transaction

from home.models import User

from ..models import SocialMediaSiteRequest
from .records import seal_and_send_record
from .services import register_approval


def create_register_entry_on_approval(sender, instance: SocialMediaSiteRequest, user: User, **kwargs) -> None:
    """Create the request's register entry at final approval, or update it after an amendment (same transaction).

    ``instance`` is the approved request and ``user`` the final approver. Idempotent:
    ``register_approval`` changes nothing when the entry already holds the approved details.
    A request made on a form built in the admin is no social media site: it has no entry.
    """
    if instance.is_built_form:
        return
    register_approval(site_request=instance, approved_by=user)


def seal_record_on_approval(sender, instance: SocialMediaSiteRequest, user: User, **kwargs) -> None:
    """Seal the signed Appendix B (PDF) and email it, through the task worker, once the final approval has committed.

    Queued after commit, so a rendering or signing failure can never undo, block or slow
    the decision; a failure is logged and ``manage.py seal_records`` seals it later.
    """
    transaction.on_commit(partial(seal_and_send_record.enqueue, request_pk=instance.pk))
