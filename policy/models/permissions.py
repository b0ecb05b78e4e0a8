"""Who may change a policy in the admin: Wagtail's page permissions narrowed to the policy's school.

Separate from the policy page model so that the rule for the admin (``policy.scope``) is read
in one place, apart from the page's content and review fields.
"""

from wagtail.models import PagePermissionTester

from policy.scope import in_policy_scope

__all__ = ["PolicyPagePermissionTester"]


class PolicyPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, narrowed to the policy's school (``policy.scope.in_policy_scope``).

    Group page permissions are granted on a whole policy index, which holds every
    school's policies. Whatever page a Headteacher or Policy editor reaches a policy from
    (explorer, search, bulk actions, a typed URL), they may edit, publish, unpublish,
    delete, move, copy or lock it only if it is their own school's, or trust-wide and they
    act for the trust. Every Wagtail admin view asks ``page.permissions_for_user``.
    """

    def _in_scope(self) -> bool:
        return in_policy_scope(self.user, self.page.school_id)

    def can_edit(self):
        return self._in_scope() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._in_scope() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._in_scope() and super().can_unpublish()

    def can_publish(self):
        return (self._in_scope() and super().can_publish()) or self._decides_waiting_approval()

    def _decides_waiting_approval(self) -> bool:
        """Whether the user may decide the policy approval step this policy waits at.

        Approving the last step publishes as the approver, and Wagtail checks that they may
        publish: the trust's second approver (``policy.approvers``) holds no page permission on
        another school's policies, so the step they may decide is what lets them publish.
        """
        # The workflow's current step, also while its approval is finishing (the step is then
        # approved already and the revision being published).
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Page, WorkflowState

        from .approval import PolicyApprovalTask

        workflow_state = (
            WorkflowState.objects.filter(
                base_content_type=ContentType.objects.get_for_model(Page), object_id=str(self.page.pk)
            )
            .order_by("-created_at", "-pk")
            .first()
            if self.page.pk
            else None
        )
        if workflow_state is None or workflow_state.status not in (
            WorkflowState.STATUS_IN_PROGRESS,
            WorkflowState.STATUS_APPROVED,
        ):
            return False
        state = workflow_state.current_task_state
        task = state.task.specific if state is not None else None
        if not isinstance(task, PolicyApprovalTask) or not self.user.is_authenticated:
            return False
        if workflow_state.status == WorkflowState.STATUS_APPROVED:
            # The page may be a copy built from a revision: read its latest revision from the table.
            latest = type(self.page).objects.filter(pk=self.page.pk).values_list("latest_revision_id", flat=True)
            if state.revision_id not in list(latest):
                return False  # only the revision they approved, while it is being published
        return task.refusal_reason(self.page, self.user, task_state=state) is None

    def can_submit_for_moderation(self):
        return self._in_scope() and super().can_submit_for_moderation()

    def can_lock(self):
        return self._in_scope() and super().can_lock()

    def can_unlock(self):
        return self.user_has_lock() or (self._in_scope() and super().can_unlock())

    def can_view_revisions(self):
        return self._in_scope() and super().can_view_revisions()
