"""What an approver is told after deciding a policy: what they did and what happens next.

Wagtail's own workflow views say nothing after an approval from the dashboard (the page
just reloads) and only "Page updated" from the editor. Every decision on a policy now ends
on one message naming what happens next, whichever door it came through:

- the dashboard's "Approve" / "Request changes" (Wagtail's workflow action URL):
  ``PolicyApprovalTask.on_action`` returns the URL of ``decision_done``, which shows the
  message and goes back to the dashboard;
- the page editor's workflow actions: the ``after_edit_page`` hook ``tell_the_decision``.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from .approvers import eligible_approvers
from .models import PolicyPage

__all__ = ["decision_done", "policy_decision_message", "tell_the_decision"]


def _emailed(person) -> str:
    if person is None:
        return _("nobody was emailed (the policy has no submitter)")
    if person.email:
        return _("%(name)s has been emailed") % {"name": person.display_name()}
    return _("%(name)s has no email address: tell them") % {"name": person.display_name()}


def _next_approvers(policy: PolicyPage, task_state: TaskState) -> str:
    from .models import PolicyApprovalTask

    task = task_state.task.specific
    if not isinstance(task, PolicyApprovalTask):
        return task.name
    author_ids = PolicyApprovalTask._author_ids(policy, task_state)
    names = [person.display_name() for person in eligible_approvers(school_id=policy.school_id, author_ids=author_ids)]
    return " or ".join(names) if names else _("nobody yet (ask a Trust administrator)")


def policy_decision_message(*, task_state: TaskState) -> str:
    """Return the message for the person who just decided ``task_state`` (a finished policy approval step).

    "Changes requested: …" after a rejection; "Final approval given: …" when the
    workflow finished and the policy is published (with its next review date); "Approved.
    … now goes to …" when another step follows. Names who was emailed. A few queries.
    """
    workflow_state = WorkflowState.objects.select_related("requested_by").get(pk=task_state.workflow_state_id)
    policy = PolicyPage.objects.get(pk=workflow_state.object_id)
    author = workflow_state.requested_by
    facts = {"title": policy.title, "emailed": _emailed(author)}
    if task_state.status == TaskState.STATUS_REJECTED:
        return _("Changes requested: %(emailed)s and “%(title)s” is back with them to change and submit again.") % facts
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        if policy.next_review_due:
            facts["due"] = date_format(policy.next_review_due, "j F Y")
            return (
                _(
                    "Final approval given: “%(title)s” is published, reviewed today and next due for review on "
                    "%(due)s; %(emailed)s."
                )
                % facts
            )
        return _("Final approval given: “%(title)s” is published; %(emailed)s.") % facts
    current = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and current is not None:
        facts.update(step=current.task.name, who=_next_approvers(policy, current))
        return _("Approved. “%(title)s” now goes to %(who)s for the next step (%(step)s).") % facts
    return _("Approved.")


def decision_done(request, task_state_id: int):
    """After a decision from the dashboard: tell its maker what happens next, then go back to the dashboard.

    Shows nothing to anyone but the person who made the decision.
    """
    task_state = get_object_or_404(TaskState, pk=task_state_id)
    if task_state.finished_by_id == request.user.pk and task_state.status != TaskState.STATUS_IN_PROGRESS:
        messages.success(request, policy_decision_message(task_state=task_state))
    return redirect("wagtailadmin_home")


def tell_the_decision(request, page):
    """``after_edit_page``: after a workflow action on a policy in the editor, say what happens next."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return
    if not isinstance(page, PolicyPage) and page.specific_class is not PolicyPage:
        return
    task_state = (
        TaskState.objects.filter(workflow_state__in=page.workflow_states, finished_by=request.user)
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if task_state is not None:
        messages.success(request, policy_decision_message(task_state=task_state))
