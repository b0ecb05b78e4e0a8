"""The workflow task type of the two Appendix B approvals (ICT Manager, then Headteacher).

A stock ``GroupApprovalTask`` lets any member of its groups, at any school, approve any
object, the author included. ``SocialMediaApprovalTask`` instead resolves its approvers
from the request: members of the step's role *at the request's school*, never the
author, and at the Headteacher step never the person who approved the ICT Manager step.
While an approver is away, the person covering them (``ApproverCover``) may decide too.
A built form's chain may also hold group steps (``role`` ``ApprovalStep.GROUP``): decided by
the members of a chosen group at the request's school or anywhere in the trust
(``forms_app.models.group_steps``); a group has no cover, any member may decide.
Every Wagtail entry point (dashboard action, edit view, a direct POST to the workflow
action URL) asks the task through ``get_actions``/``on_action``: those doors show no
answers, so ``on_action`` refuses every decision and points to the review page, which
calls ``forms_app.workflow.services`` with the digest of what it showed (issue 25).

Superusers: being a superuser grants nothing here. A superuser approves a step only if
they also hold the step's role at the request's school, like anyone else. Appendix B
asks for a named ICT Manager and Headteacher of the school to sign; a silent
administrator override would make that signature meaningless.
"""

from contextvars import ContextVar
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState

from home import roles
from home.approval_tasks import ApproverTaskMixin

from ..constants import ApprovalStep, GroupScope, RequestStatus
from ..workflow.errors import RequestActionError
from ..workflow.forms import ApproveForm, RequestChangesForm

__all__ = ["REVIEW_PAGE_ONLY", "SocialMediaApprovalTask", "ROLE_FOR_STEP"]

REVIEW_PAGE_ONLY = _(
    "Approve or request changes on the request's review page, which shows its answers: a decision must be of "
    "the answers you were shown."
)

# The group whose members may decide each step (Appendix B: ICT Manager, then Headteacher;
# for the central team the CEO, who holds the Headteachers role there).
ROLE_FOR_STEP = {
    ApprovalStep.ICT_MANAGER: roles.ICT_MANAGERS,
    ApprovalStep.HEADTEACHER: roles.HEADTEACHERS,
}

# Set while Wagtail's own "Awaiting your review" panel is built, so that requests appear
# only in the request panel (which loads them in a fixed number of queries).
hide_from_generic_moderation_panel: ContextVar[bool] = ContextVar("hide_from_generic_moderation_panel", default=False)


class SocialMediaApprovalTask(ApproverTaskMixin, Task):
    """One approval step of a social media site request, decided by the request's school.

    ``role`` says which step: the ICT Manager (first) or the Headteacher (final; the CEO
    for the central team). Actions are ``approve`` (needs the attestation ticked: form
    field ``attested``; optional ``comment``) and ``reject``, shown as "Request changes"
    (needs ``reason``).
    """

    role = models.CharField(_("approval step"), max_length=20, choices=ApprovalStep.choices)
    approver_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("group that decides"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Group approval only: whose members decide this step, e.g. Data Protection Officers."),
    )
    scope = models.CharField(
        _("where its members work"),
        max_length=10,
        choices=GroupScope.choices,
        default=GroupScope.SCHOOL,
        help_text=_(
            "Group approval only: members at the request's own school (a named group of the school), or anywhere "
            "in the trust (a Trust role)."
        ),
    )

    admin_form_fields = Task.admin_form_fields + ["role", "approver_group", "scope"]
    # A step's meaning never changes under the requests waiting at it.
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["role", "approver_group", "scope"]
    # Both open a form: approving needs the attestation ticked, requesting changes a reason.
    approver_actions = [("reject", _("Request changes"), True), ("approve", _("Approve"), True)]

    class Meta:
        verbose_name = _("social media site approval step")
        verbose_name_plural = _("social media site approval steps")
        constraints = [
            # One ICT Manager step and one Headteacher step; as many group steps as groups need.
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role="group"),
                name="forms_app_approval_task_role_unique",
                violation_error_message=_(
                    "The ICT Manager and Headteacher approval steps exist once each: add this step to a chain instead."
                ),
            )
        ]

    def clean(self):
        """Refuse a group step without its group, and an ICT Manager or Headteacher step with one.

        Raises ``ValidationError`` on ``approver_group``, shown next to the field in Settings → Workflows.
        """
        super().clean()
        if self.role == ApprovalStep.GROUP and not self.approver_group_id:
            raise ValidationError({"approver_group": _("Choose the group whose members decide this step.")})
        if self.role != ApprovalStep.GROUP and self.approver_group_id:
            raise ValidationError(
                {"approver_group": _("Only a group approval step has a group: the role decides this step.")}
            )

    @property
    def is_group_step(self) -> bool:
        return self.role == ApprovalStep.GROUP

    @property
    def group_name(self) -> str:
        """The name of the group whose members decide this step."""
        if self.is_group_step:
            return self.approver_group.name if self.approver_group_id else ""
        return ROLE_FOR_STEP[self.role]

    @property
    def step_label(self) -> str:
        """The step as people read it: a group step's own name ("Data Protection Officer"), else the role's."""
        return self.name if self.is_group_step else str(self.get_role_display())

    @classmethod
    def get_description(cls):
        return _(
            "The ICT Manager or Headteacher of the request's own school decides, or for a group approval a member "
            "of the chosen group (at the school, or anywhere in the trust); never the author."
        )

    # -- who may act -------------------------------------------------------------------

    def _holds_role(self, user) -> bool:
        return self.group_name in roles.role_names(user)

    def _covers(self, user, *, school_id: int):
        """``user``'s cover periods for an active holder of this step's role at school ``school_id`` (a queryset)."""
        from .cover import ApproverCover

        return ApproverCover.objects.filter(
            cover=user,
            step=self.role,
            approver__school_id=school_id,
            approver__is_active=True,
            approver__groups__name=self.group_name,
        )

    def covered_approver(self, obj, user):
        """Return the approver of ``obj``'s school whom ``user`` covers today at this step, or None.

        Used to record a decision "on behalf of" them. One query.
        """
        if self.is_group_step:
            return None
        cover = (
            self._covers(user, school_id=obj.school_id)
            .active_today()
            .select_related("approver")
            .order_by("starts_on", "pk")
            .first()
        )
        return cover.approver if cover else None

    def refusal_reason(self, obj, user, *, workflow_state: WorkflowState | None = None) -> str | None:
        """Return why ``user`` may not decide this step of request ``obj``, or None if they may.

        Rules (issue "Two-step sign-off"; Appendix B): an active member of the step's role
        at the request's school, or their cover today (``ApproverCover``, dates in
        Europe/London); at the final step, a Trust administrator when the school's only
        Headteacher approved the ICT Manager step (``workflow.separation``); never the
        request's author; at the Headteacher step, not the person who approved the ICT
        Manager step of the same round (a cover included). A cover period that has not
        started or has ended is refused with its dates. One query at most for the cover and
        one for the last rule (a few more for a Trust administrator at the final step);
        none for the others once the user's groups are cached.
        """
        if self.is_group_step:
            from .group_steps import group_refusal_reason

            return group_refusal_reason(self, obj, user, workflow_state=workflow_state)
        if not (user.is_authenticated and user.is_active):
            return str(_("Sign in to review requests."))
        if obj.author_id == user.pk:
            return str(_("You cannot decide on a request you wrote."))
        if (user.school_id != obj.school_id or not self._holds_role(user)) and not self._trust_decides(
            obj, user, workflow_state
        ):
            periods = list(self._covers(user, school_id=obj.school_id).values_list("starts_on", "ends_on"))
            today = timezone.localdate()
            if not any(start <= today <= end for start, end in periods):
                if periods:
                    start, end = min(periods, key=lambda period: abs((period[0] - today).days))
                    return str(
                        _("Your cover for this step runs from %(start)s to %(end)s: you can decide only during it.")
                    ) % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}
                return str(_("Only the %(role)s of the request's school can decide this step.")) % {
                    "role": self.get_role_display()
                }
        if self.role == ApprovalStep.HEADTEACHER:
            workflow_state = workflow_state or obj.current_workflow_state
            if workflow_state is not None and self.approved_earlier_step(workflow_state, user):
                from ..workflow.separation import trust_decides_final, trust_final_reason

                head = trust_decides_final(obj, workflow_state)
                if head is not None:
                    return trust_final_reason(head)
                return str(
                    _("You approved an earlier step of this request, so another person must give the final approval.")
                )
        return None

    def _trust_decides(self, obj, user, workflow_state: WorkflowState | None) -> bool:
        """Whether Trust administrator ``user`` may give ``obj``'s final approval (``workflow.separation``)."""
        if self.role != ApprovalStep.HEADTEACHER or roles.TRUST_ADMINISTRATORS not in roles.role_names(user):
            return False
        from ..workflow.separation import trust_decides_final

        return trust_decides_final(obj, workflow_state) is not None

    def approved_earlier_step(self, workflow_state: WorkflowState, user) -> bool:
        """Whether ``user`` approved another step of ``workflow_state``'s round. One query."""
        return (
            TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED, finished_by=user)
            .exclude(task_id=self.pk)
            .exists()
        )

    def locked_for_user(self, obj, user) -> bool:
        # Nobody edits an answer in the admin: approvers read and decide, the author
        # changes the request from the front-end form after "Request changes".
        return True

    def user_can_lock(self, obj, user) -> bool:
        return False

    def get_form_for_action(self, action):
        if action == "approve":
            # Wagtail's modal views call ``form_class(data)``; bind this step's attestation.
            return partial(ApproveForm, step=self.role)
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Refuse every decision made through Wagtail's own doors; raise ``RequestActionError`` saying where to go.

        Issue 25: a decision is of the answers its approver was shown. Wagtail's workflow
        action modal (and a direct POST to its URL, or an edit view's action menu) shows no
        answers and posts no digest of them, so it could record an approval of answers the
        approver never saw. Decisions are taken on the request's review page
        (``forms_app.workflow.views.ReviewRequestView``), which renders the answers from
        one snapshot and posts its digest to ``forms_app.workflow.services``. Nothing changes.
        """
        raise RequestActionError(REVIEW_PAGE_ONLY)

    @staticmethod
    def covered_school_ids(user) -> dict[str, set[int]]:
        """Return, by step (an ``ApprovalStep`` value), the schools whose approver ``user`` covers today.

        Only covers of an active approver who holds that step's role count. One query for
        every step, to pass to ``get_task_states_user_can_moderate`` as ``covered_school_ids``.
        """
        from .cover import ApproverCover

        covered: dict[str, set[int]] = {step: set() for step in ROLE_FOR_STEP}
        rows = (
            ApproverCover.objects.active_today()
            .filter(cover=user, approver__is_active=True, approver__groups__name__in=ROLE_FOR_STEP.values())
            .values_list("step", "approver__school_id", "approver__groups__name")
        )
        for step, school_id, group_name in rows:
            if ROLE_FOR_STEP.get(step) == group_name:
                covered[step].add(school_id)
        return covered

    def get_task_states_user_can_moderate(self, user, *, covered_school_ids=None, **kwargs):
        """Return the in-progress task states of this step that ``user`` may decide.

        Same rules as ``refusal_reason``: the request's school (or a school whose approver
        ``user`` covers today), never the author, and at the Headteacher step not a request
        whose ICT Manager step ``user`` approved in the same round. One small query first (the
        schools ``user`` covers), then one when the returned queryset is evaluated: it finds
        those schools' waiting requests and their workflows' current task states in
        subqueries, and reads only those task states. A caller asking every step may pass
        ``covered_school_ids`` (as ``covered_school_ids(user)`` returns it) to save the first.
        """
        from django.contrib.contenttypes.models import ContentType

        from .requests import SocialMediaSiteRequest

        if hide_from_generic_moderation_panel.get() or not user.is_authenticated or not user.is_active:
            return TaskState.objects.none()
        if self.is_group_step:
            from .group_steps import group_task_states_user_can_moderate

            return group_task_states_user_can_moderate(self, user)
        if covered_school_ids is None:
            covered_school_ids = self.covered_school_ids(user)
        school_ids = set(covered_school_ids[self.role])
        if user.school_id and self._holds_role(user):
            school_ids.add(user.school_id)
        trust_ids = []
        if self.role == ApprovalStep.HEADTEACHER and roles.TRUST_ADMINISTRATORS in roles.role_names(user):
            from ..workflow.separation import trust_final_state_ids

            trust_ids = trust_final_state_ids(self, user)
        if not school_ids:
            return self.task_states.filter(pk__in=trust_ids) if trust_ids else TaskState.objects.none()
        # WorkflowState.object_id is text. The ids of the waiting requests of these schools
        # (a school's pending work, not the whole trust's) are cast to text on the requests'
        # side, so only those few are cast and the workflow states' object_id index is used.
        request_ids = (
            SocialMediaSiteRequest.objects.filter(school_id__in=school_ids, status__in=RequestStatus.pending())
            .exclude(author_id=user.pk)
            .annotate(pk_text=Cast("pk", CharField()))
            .values("pk_text")
        )
        # An in-progress task state is its workflow's current one. Taking those keys from the
        # workflow states (a lookup by object id each) lets the database read only these few
        # task states: joined from the task's side, it reads every in-progress state of the
        # step across the trust (thousands) to keep a school's handful. Both are subqueries
        # of the one query that reads the task states, so the ids never come back to Python.
        current_ids = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(SocialMediaSiteRequest),
            object_id__in=request_ids,
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values("current_task_state_id")
        states = self.task_states.filter(pk__in=current_ids, status=TaskState.STATUS_IN_PROGRESS)
        if self.role == ApprovalStep.HEADTEACHER:
            approved_earlier = TaskState.objects.filter(
                workflow_state_id=OuterRef("workflow_state_id"),
                status=TaskState.STATUS_APPROVED,
                finished_by=user,
            ).exclude(task_id=self.pk)
            states = states.exclude(Exists(approved_earlier))
        return states | self.task_states.filter(pk__in=trust_ids) if trust_ids else states
