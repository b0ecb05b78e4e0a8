"""The task type of the "Approval form publishing" workflow: a second person approves a form.

A stock ``GroupApprovalTask`` lets the person who submitted a page approve it: one Trust
administrator could publish a form, which asks staff questions in the trust's name, that
nobody else ever saw. ``FormPublishingTask`` keeps the stock task's group (Trust
administrators) and adds the four-eyes rule the rest of the intranet keeps (policies:
``policy.models.approval``; requests: ``forms_app.models.tasks``): nobody approves a form
they submitted (the workflow state's ``requested_by``) or whose revision under approval
they made (the latest revision's author, which Wagtail publishes on approval:
``wagtail.workflows.publish_workflow_state``). Site administrators (superusers) are exempt:
Wagtail lets them act on every task and they may publish a form directly anyway.

Every Wagtail door asks the task: the dashboard's "Awaiting your review"
(``get_task_states_user_can_moderate``), the page editor's action menu (``get_actions``),
and a posted approval (``on_action``, after the workflow action view's own check, which
``forms_app.built_forms.admin`` answers with this task's reason).

*Request changes* stays open to the submitter: it publishes nothing and only sends the
form back to its draft, as cancelling the workflow would; the rule is about what reaches
staff.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Page, TaskState

__all__ = ["FormPublishingTask"]


class FormPublishingTask(GroupApprovalTask):
    """Approval of a form's publication by a member of the task's groups other than its submitter or last editor.

    Actions are the stock task's: ``reject`` ("Request changes", open to the submitter too)
    and ``approve`` (with or without a comment), which is neither offered to nor accepted
    from the person who submitted the form or made its latest revision, unless a superuser.
    """

    class Meta:
        verbose_name = _("form publishing approval by a second person")
        verbose_name_plural = _("form publishing approvals by a second person")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; nobody approves a form they submitted or last changed, "
            "unless a site administrator."
        )

    @staticmethod
    def _author_ids(obj, task_state: TaskState | None = None) -> set[int]:
        """Return the ids of who submitted ``obj`` to its workflow and who made its latest revision."""
        ids: set[int] = set()
        workflow_state = task_state.workflow_state if task_state else obj.current_workflow_state
        if workflow_state is not None and workflow_state.requested_by_id:
            ids.add(workflow_state.requested_by_id)
        latest = obj.get_latest_revision()
        if latest is not None and latest.user_id:
            ids.add(latest.user_id)
        return ids

    def approval_refusal(self, obj, user, *, task_state: TaskState | None = None) -> str | None:
        """Return why ``user`` may not approve publishing ``obj`` at this task, or None if they may.

        Takes the page (any class: only its workflow state and revisions are read) and the user.
        Superusers may; otherwise ``user`` must be in one of the task's groups and be neither
        the submitter nor the author of the latest revision (the four-eyes rule, see the module).
        """
        if user.is_superuser:
            return None
        if not (user.is_active and self._user_in_groups(user)):
            groups = ", ".join(sorted(self.groups.values_list("name", flat=True)))
            return _("Only %(groups)s approve publishing a form.") % {"groups": groups}
        if user.pk in self._author_ids(obj, task_state):
            return _(
                "You submitted this form or made the changes waiting for approval, so another person approves "
                "publishing it."
            )
        return None

    def get_actions(self, obj, user):
        """The stock task's actions for ``user`` on ``obj``, less *Approve* when ``approval_refusal`` refuses it."""
        actions = super().get_actions(obj, user)
        if actions and self.approval_refusal(obj, user) is not None:
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject ``task_state``, checking ``user`` again for an approval.

        Raises ``PermissionDenied`` (nothing changes) when ``approval_refusal`` refuses
        ``user`` an approval, whichever door it came through.
        """
        if action_name == "approve":
            page = task_state.workflow_state.content_object
            if self.approval_refusal(page, user, task_state=task_state) is not None:
                raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Return the in-progress states of this task ``user`` may approve: none they submitted or last changed.

        Superusers get them all, as with the stock task. One query, with a subquery.
        """
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        last_changed = Page.objects.filter(latest_revision__user=user).annotate(pk_text=Cast("pk", CharField()))
        return states.exclude(workflow_state__requested_by=user).exclude(
            workflow_state__object_id__in=last_changed.values("pk_text")
        )
