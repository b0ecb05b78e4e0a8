"""Signal receivers, connected in ``PolicyConfig.ready``.

Publishing a policy decides whether staff are asked to acknowledge it again; submitting one
to the scoped approval task emails its approvers.
"""

from django.db import transaction


def on_policy_published(sender, instance, revision, **kwargs):
    """Move the version staff acknowledge on, when this publication asks (``update_acknowledgement_version``)."""
    from .acknowledgements import update_acknowledgement_version
    from .models import PolicyPage

    if isinstance(instance, PolicyPage) and revision is not None:
        update_acknowledgement_version(page=instance, revision=revision)


def on_task_submitted(sender, instance, user=None, **kwargs):
    """Email the approvers of a policy submitted to a ``PolicyApprovalTask`` (after the transaction commits)."""
    from .models import PolicyApprovalTask, PolicyPage
    from .notifications import notify_policy_approvers

    if not isinstance(instance.task.specific, PolicyApprovalTask):
        return
    page = instance.workflow_state.content_object
    page = getattr(page, "specific", page)
    if isinstance(page, PolicyPage):
        transaction.on_commit(lambda: notify_policy_approvers(policy=page, submitter=user))
