"""Who may do what to a social media site request in the Wagtail admin, beyond model permissions.

Registered with Wagtail's permission policy registry (``FormsAppConfig.ready``), so the
snippet views, the bulk actions and Wagtail's actions all ask the same question.
"""

from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

from .models import SocialMediaSiteRequest

__all__ = ["SiteRequestPermissionPolicy", "deletion_refusal"]


def deletion_refusal(site_request: SocialMediaSiteRequest) -> str | None:
    """Return why ``site_request`` must not be deleted, or None if it may be.

    Appendix B: each approval is signed with the approver's name and date; a request
    that carries a signed decision, or has a register entry, is part of the trust's
    record of official accounts. Two small queries.
    """
    if site_request.decisions.exists() or hasattr(site_request, "register_entry"):
        return _(
            "Request %(reference)s cannot be deleted: it carries a signed decision and is kept as the trust's "
            "record. Its author can withdraw it, or close its entry in the register of sites."
        ) % {"reference": site_request.reference}
    return None


class SiteRequestPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody deletes a request that carries a signed decision."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if action == "delete" and deletion_refusal(instance) is not None:
            return False
        return super().user_has_permission_for_instance(user, action, instance)
