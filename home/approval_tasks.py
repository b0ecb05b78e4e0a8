"""What the approval task types of site requests and policies share: who may act is decided per object."""

__all__ = ["ApproverTaskMixin"]


class ApproverTaskMixin:
    """Wagtail ``Task`` behaviour for a step whose approvers are worked out from the object under review.

    Put it before ``Task`` in the bases. The task defines ``refusal_reason(obj, user)``, which
    returns why ``user`` may not decide ``obj`` at this step, or None when they may, and
    ``approver_actions``: Wagtail's ``(action name, label, needs a form)`` triples offered
    to whoever may act. Whoever may act may also open the object's edit view (locked or not,
    as the task's ``locked_for_user`` says); nobody unlocks it through the task.
    """

    approver_actions: list[tuple[str, str, bool]] = []

    def user_can_act(self, obj, user) -> bool:
        """Whether ``user`` may approve or request changes on ``obj`` at this step."""
        return self.refusal_reason(obj, user) is None

    def user_can_access_editor(self, obj, user) -> bool:
        return self.user_can_act(obj, user)

    def user_can_unlock(self, obj, user) -> bool:
        return False

    def get_actions(self, obj, user):
        """The ``approver_actions`` if ``user`` may act on ``obj``, otherwise none."""
        return list(self.approver_actions) if self.user_can_act(obj, user) else []
