"""Signal receivers: publishing a policy decides whether staff are asked to acknowledge it again."""

from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="policy_acknowledgement_version")
def on_policy_published(sender, instance, revision, **kwargs):
    """Move the version staff acknowledge on, when this publication asks (``update_acknowledgement_version``)."""
    from .acknowledgements import update_acknowledgement_version
    from .models import PolicyPage

    if isinstance(instance, PolicyPage) and revision is not None:
        update_acknowledgement_version(page=instance, revision=revision)
