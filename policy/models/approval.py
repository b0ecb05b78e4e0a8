"""The task type of the "Policy approval" workflow: the policy's own Headteacher (or the CEO) approves.

A stock ``GroupApprovalTask`` lets any member of its groups approve any page: any
Headteacher at any school could approve and publish another school's policy, or a
trust-wide one. ``PolicyApprovalTask`` resolves its approvers from the page instead
(``policy.scope.approval_refusal``): the Headteacher of the policy's school; for a
trust-wide policy the CEO (the central team's Headteacher) or a ``POLICY_TRUST_ROLES``
member; never the person who submitted the policy or wrote the revision under review;
superusers only if they hold that role themselves; and the trust's second approver when
a role holder wrote or submitted it (``policy.approvers``). Approving the last step
records the approval on the policy (``policy.review``). Every Wagtail entry point (the
dashboard, the page editor's action menu, a direct POST to the workflow action URL)
asks the task through ``get_actions``/``on_action``, so the rules hold everywhere.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from home import roles
from home.approval_tasks import ApproverTaskMixin
from home.models import TrustSettings

from ..approvers import second_approver_for
from ..cover import covered_approver, covered_school_scope
from ..scope import _is_central_team_member, approval_refusal, role_names, trust_roles

__all__ = ["PolicyApprovalTask"]


class PolicyApprovalTask(ApproverTaskMixin, Task):
    """Approval of a policy by the Headteacher of its school, or by the CEO for a trust-wide policy.

    Actions are Wagtail's usual ``approve`` (with or without a comment) and ``reject``,
    shown as "Request changes". Approving the last task publishes the revision.
    """

    approver_actions = [
        ("reject", _("Request changes"), True),
        ("approve", _("Approve"), False),
        ("approve", _("Approve with comment"), True),
    ]

    class Meta:
        verbose_name = _("policy approval by the school's Headteacher")
        verbose_name_plural = _("policy approvals by the school's Headteacher")

    @classmethod
    def get_description(cls):
        return _(
            "The Headteacher of the policy's school approves it; the CEO approves a trust-wide policy. "
            "Nobody approves a policy they wrote or submitted."
        )

    # -- who may act -------------------------------------------------------------------

    @staticmethod
    def _author_ids(obj, task_state: TaskState | None = None) -> set[int]:
        """Return the ids of who submitted ``obj`` and who wrote the revision under review."""
        ids: set[int] = set()
        workflow_state = task_state.workflow_state if task_state else obj.current_workflow_state
        if workflow_state is not None and workflow_state.requested_by_id:
            ids.add(workflow_state.requested_by_id)
        task_state = task_state or (workflow_state.current_task_state if workflow_state else None)
        if task_state is not None and task_state.revision and task_state.revision.user_id:
            ids.add(task_state.revision.user_id)
        return ids

    def refusal_reason(self, obj, user, *, task_state: TaskState | None = None) -> str | None:
        """Return why ``user`` may not approve policy ``obj`` at this task, or None if they may.

        ``obj`` may come as a plain ``Page`` (a workflow state's content object): its
        specific ``PolicyPage`` decides the school.
        """
        if not hasattr(obj, "school_id") and hasattr(obj, "specific"):
            obj = obj.specific
        school_id = getattr(obj, "school_id", None)
        author_ids = self._author_ids(obj, task_state)
        refusal = approval_refusal(user=user, school_id=school_id, author_ids=author_ids)
        if refusal is None or not (user.is_authenticated and user.is_active) or user.pk in author_ids:
            return refusal
        second = second_approver_for(school_id=school_id, author_ids=author_ids)
        if second is not None and second.pk == user.pk:
            return None
        if covered_approver(user=user, school_id=school_id, author_ids=author_ids) is not None:
            return None
        return refusal

    def acting_for(self, obj, user, *, task_state: TaskState | None = None):
        """Return the absent Headteacher ``user`` decides for as their cover, or None when ``user`` decides as themself.

        Used to record the approval "on behalf of" them (``policy.review.record_approval``).
        """
        if not hasattr(obj, "school_id") and hasattr(obj, "specific"):
            obj = obj.specific
        school_id = getattr(obj, "school_id", None)
        author_ids = self._author_ids(obj, task_state)
        if approval_refusal(user=user, school_id=school_id, author_ids=author_ids) is None:
            return None
        second = second_approver_for(school_id=school_id, author_ids=author_ids)
        if second is not None and second.pk == user.pk:
            return None
        return covered_approver(user=user, school_id=school_id, author_ids=author_ids)

    def locked_for_user(self, obj, user) -> bool:
        # Only the approver may make last corrections while the policy waits for them.
        return not self.user_can_act(obj, user)

    def user_can_lock(self, obj, user) -> bool:
        return self.user_can_act(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approve or reject ``task_state`` after checking ``user`` again against the page it is for.

        Returns the URL that tells ``user`` what happens next (``policy.decisions``), where
        Wagtail's workflow action view goes afterwards (the editor ignores it). Raises
        ``PermissionDenied`` when ``user`` may not decide this policy, whatever URL the
        POST came to; nothing changes then.
        """
        page = task_state.workflow_state.content_object
        if self.refusal_reason(page, user, task_state=task_state) is not None:
            raise PermissionDenied
        on_behalf_of = self.acting_for(page, user, task_state=task_state)
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "approve":
            from policy.review import record_approval_if_published

            record_approval_if_published(task_state=task_state, user=user, on_behalf_of=on_behalf_of)
        return reverse("policy_decision_done", args=[task_state.pk])

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Return the in-progress task states of this task that ``user`` may decide (one query).

        Same rules as ``refusal_reason``: policies of the Headteacher's own school, and
        trust-wide ones for the CEO or a ``POLICY_TRUST_ROLES`` member; never what
        ``user`` submitted or wrote. A cover today (``policy.cover``) adds the covered
        Headteacher's school (and trust-wide policies for the CEO's cover), each waiting
        policy then checked against ``refusal_reason`` (never on behalf of its author).
        """
        from .policies import PolicyPage

        if not (user.is_authenticated and user.is_active):
            return TaskState.objects.none()
        names = role_names(user)
        scope = Q(pk__in=[])
        if roles.HEADTEACHERS in names and user.school_id:
            scope |= Q(school_id=user.school_id)
        if (roles.HEADTEACHERS in names and _is_central_team_member(user)) or names & set(trust_roles()):
            scope |= Q(school__isnull=True)
        page_ids = PolicyPage.objects.filter(scope).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        states = (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=page_ids)
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
        )
        covered_schools, covers_trust = covered_school_scope(user)
        is_second = TrustSettings.load().policy_second_approver_id == user.pk
        if not (is_second or covered_schools):
            return states
        # The second approver and covers: the few waiting policies concerned, checked one by one.
        waiting = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state", "revision"
        )
        if not is_second:
            cover_scope = Q(school_id__in=covered_schools) | (Q(school__isnull=True) if covers_trust else Q(pk__in=[]))
            covered_ids = PolicyPage.objects.filter(cover_scope).annotate(pk_text=Cast("pk", CharField()))
            waiting = waiting.filter(workflow_state__object_id__in=covered_ids.values("pk_text"))
        theirs = [
            state.pk
            for state in waiting
            if self.refusal_reason(state.workflow_state.content_object, user, task_state=state) is None
        ]
        return states | self.task_states.filter(pk__in=theirs)
