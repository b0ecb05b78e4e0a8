"""Signal receivers of the register of approved social media sites (connected in ``apps.py``)."""

from django.dispatch import receiver

from .models import SocialMediaSiteRequest
from .register_services import create_register_entry
from .signals import request_approved


@receiver(request_approved, sender=SocialMediaSiteRequest, dispatch_uid="forms_app.register.create_entry")
def create_register_entry_on_approval(sender, instance: SocialMediaSiteRequest, user, **kwargs) -> None:
    """Create the request's register entry at final approval (inside the approval's transaction).

    ``instance`` is the approved request and ``user`` the final approver. Idempotent:
    ``create_register_entry`` returns the existing entry if there is one.
    """
    create_register_entry(request=instance, approved_by=user)
