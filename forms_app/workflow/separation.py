"""Separation of duties at the final step when a school's only Headteacher covered its ICT Manager.

Appendix B asks for two signatures by two people. In a school with one ICT Manager and
one Headteacher, the Headteacher may cover the ICT Manager's step while they are away
(``ApproverCover``); they may then not give the final approval as well, and nobody else
at the school can. Rather than leave the request waiting for nobody, the final step then
passes to the **Trust administrators** (issue "No dead ends": "a Trust administrator to
cover either"), and every reader says so: the task's rules (``SocialMediaApprovalTask``),
the dashboard, the review page's timeline, the email, the reminders and the daily check.

``trust_decides_final`` is the one test; ``final_step_people`` the one list.
"""

from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from home import roles
from home.models import User
from home.selectors import final_approvers_for, ict_managers_for

from ..constants import ApprovalStep

__all__ = [
    "after_approval_by_the_only_head",
    "earlier_approver_ids",
    "group_step_people",
    "steps_nobody_can_decide",
    "final_step_people",
    "trust_administrators",
    "trust_decides_final",
    "trust_final_reason",
    "trust_final_state_ids",
]


def _ict_approvers(workflow_state: WorkflowState) -> list[User]:
    """The people who approved the ICT Manager step in ``workflow_state``'s round."""
    from ..models import SocialMediaApprovalTask

    ict_tasks = SocialMediaApprovalTask.objects.filter(role=ApprovalStep.ICT_MANAGER).values("pk")
    ids = TaskState.objects.filter(
        workflow_state=workflow_state, status=TaskState.STATUS_APPROVED, task_id__in=ict_tasks
    ).values("finished_by_id")
    return list(User.objects.filter(pk__in=ids))


def earlier_approver_ids(workflow_state: WorkflowState | None) -> set[int]:
    """The ids of the people who approved a step of ``workflow_state``'s round (none without one). One query."""
    if workflow_state is None:
        return set()
    return set(
        TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
        .exclude(finished_by=None)
        .values_list("finished_by_id", flat=True)
    )


def group_step_people(site_request, task, workflow_state: WorkflowState | None = None) -> list[User]:
    """Who may decide group step ``task`` of ``site_request`` now: its group's active members in scope, less the
    author and whoever approved an earlier step of the round (``SocialMediaApprovalTask.refusal_reason``'s rules).
    Two queries."""
    from ..models.group_steps import group_members

    excluded = {site_request.author_id} | earlier_approver_ids(workflow_state)
    return group_members(task, site_request, excluded=excluded)


def _school_final_people(site_request, excluded: set[int]) -> list[User]:
    """The school's final approvers and their cover today, less ``excluded``."""
    from .notifications import with_cover

    people = with_cover(final_approvers_for(site_request.school), step=ApprovalStep.HEADTEACHER)
    return [person for person in people if person.pk not in excluded and person.is_active]


def trust_decides_final(site_request, workflow_state: WorkflowState | None = None) -> User | None:
    """Return the Headteacher who approved ``site_request``'s ICT Manager step, when the Trust administrators must
    therefore give the final approval; else None.

    That is when someone holding the Headteacher role at the request's school approved the
    ICT Manager step of this round (as cover), and no other active Headteacher of the
    school, nor their cover today, remains who is not the author. A few queries.
    """
    workflow_state = workflow_state or site_request.current_workflow_state
    if workflow_state is None:
        return None
    heads = {head.pk for head in final_approvers_for(site_request.school)}
    ict_approvers = [person for person in _ict_approvers(workflow_state) if person.pk in heads]
    if not ict_approvers:
        return None
    excluded = {site_request.author_id} | {person.pk for person in ict_approvers}
    return None if _school_final_people(site_request, excluded) else ict_approvers[0]


def trust_administrators(*, excluded: set[int]) -> list[User]:
    """The active Trust administrators, less ``excluded``, by surname."""
    people = User.objects.filter(groups__name=roles.TRUST_ADMINISTRATORS, is_active=True).exclude(pk__in=excluded)
    return list(people.distinct().order_by("last_name", "first_name"))


def trust_final_reason(head: User) -> str:
    """The sentence that says why the Trust administrators give the final approval."""
    return _(
        "%(name)s approved the ICT Manager step as cover and is the school's only Headteacher; one person never "
        "gives both approvals, so a Trust administrator gives the final approval."
    ) % {"name": head.display_name()}


def final_step_people(site_request, workflow_state: WorkflowState | None = None) -> tuple[list[User], str]:
    """Return ``(people, reason)``: who may give ``site_request``'s final approval now, and why if not the school.

    The school's Headteachers and their cover today, less the author and whoever approved
    the ICT Manager step of this round; when ``trust_decides_final``, the Trust
    administrators instead (less the author and the ICT approver) with the reason, else
    ``reason`` is "".
    """
    workflow_state = workflow_state or site_request.current_workflow_state
    # Whoever approved an earlier step (the ICT Manager's, or a group step of a built form's chain).
    excluded = {site_request.author_id} | earlier_approver_ids(workflow_state)
    head = trust_decides_final(site_request, workflow_state)
    if head is None:
        return _school_final_people(site_request, excluded), ""
    return trust_administrators(excluded=excluded), trust_final_reason(head)


def trust_final_state_ids(task, user: User) -> list[int]:
    """Return the ids of ``task``'s (the final step's) waiting task states that Trust administrator ``user`` may decide.

    Those whose round's ICT Manager step a Headteacher approved (one query), then each
    checked with ``trust_decides_final``; never ``user``'s own request nor one whose ICT
    Manager step they approved.
    """
    from ..models import SocialMediaSiteRequest

    head_approved = TaskState.objects.filter(
        status=TaskState.STATUS_APPROVED, finished_by__groups__name=roles.HEADTEACHERS
    ).exclude(task_id=task.pk)
    candidates = task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__in=head_approved.values("workflow_state_id")
    ).select_related("workflow_state")
    states = list(candidates)
    requests = SocialMediaSiteRequest.objects.filter(
        pk__in=[int(state.workflow_state.object_id) for state in states]
    ).select_related("school")
    by_id = {str(site_request.pk): site_request for site_request in requests}
    found = []
    for state in states:
        site_request = by_id.get(state.workflow_state.object_id)
        if site_request is None or site_request.author_id == user.pk:
            continue
        if user.pk in {person.pk for person in _ict_approvers(state.workflow_state)}:
            continue
        if trust_decides_final(site_request, state.workflow_state) is not None:
            found.append(state.pk)
    return found


def steps_nobody_can_decide(site_request, *, submitter: User) -> list[str]:
    """Return one sentence per approval step of ``site_request`` that nobody but ``submitter`` could decide.

    Checked before submitting (issue "No dead ends": "every workflow step must have at
    least one eligible, active approver other than the submitter, else the submission is
    refused with who to ask"). The ICT Manager step needs an active ICT Manager of the
    school or their cover today; the final step an active Headteacher (the CEO for the
    central team) or their cover; and when the one person who could decide the first
    step is also the only one for the final step (a one-Head school whose Head covers its
    ICT Manager), an active Trust administrator for the final one. Each sentence says
    who to ask. Empty when every step has someone. A few queries.

    Only the steps of the request's own chain are checked (``chain_tasks`` of
    ``site_request.get_workflow()``): a form built in the admin whose chain is the
    Headteacher alone needs no ICT Manager. Appendix B's chain has both steps. A group step
    (issue 29) needs an active member of its group in its scope other than the submitter.
    """
    from ..models import chain_tasks
    from ..models.group_steps import group_members
    from .notifications import with_cover

    school = site_request.school
    excluded = {submitter.pk, site_request.author_id}
    steps = [ApprovalStep.ICT_MANAGER, ApprovalStep.HEADTEACHER]
    group_steps = []
    if site_request.is_built_form:
        # A chain switched off since is refused at submission (``submit_request``); its steps still say who decides.
        workflow = site_request.get_workflow() or site_request.form_version.approval_workflow
        tasks = chain_tasks(workflow)
        steps = [task.role for task in tasks] or steps
        group_steps = [task for task in tasks if task.is_group_step]
    has_ict_step = ApprovalStep.ICT_MANAGER in steps
    first = (
        {p.pk for p in with_cover(ict_managers_for(school), step=ApprovalStep.ICT_MANAGER) if p.pk not in excluded}
        if has_ict_step
        else set()
    )
    final = {p.pk for p in _school_final_people(site_request, excluded)}
    found = []
    for task in group_steps:
        if not group_members(task, site_request, excluded=excluded):
            where = school.name if task.scope == "school" else _("the trust")
            found.append(
                _(
                    "Nobody can decide the “%(step)s” step: %(group)s has no active member in %(where)s other than "
                    "you. Ask a site administrator to add someone to the %(group)s group."
                )
                % {"step": task.name, "group": task.approver_group.name, "where": where}
            )
    if has_ict_step and not first:
        found.append(
            _(
                "Nobody can decide the ICT Manager step: %(school)s has no active ICT Manager other than you, and "
                "nobody covers one. Ask a site administrator to give someone the ICT Managers role, or the ICT "
                "Manager to record cover (Social media → Approver cover)."
            )
            % {"school": school.name}
        )
    if not final:
        found.append(
            _(
                "Nobody can give the final approval: %(school)s has no active %(title)s other than you, and nobody "
                "covers one. Ask a site administrator to give someone the role, or the %(title)s to record cover "
                "(Social media → Approver cover)."
            )
            % {"school": school.name, "title": school.final_approver_title}
        )
    elif has_ict_step and first and first == final and not trust_administrators(excluded=excluded):
        found.append(
            _(
                "Nobody can give the final approval: the one person who can decide the ICT Manager step is also the "
                "only %(title)s of %(school)s, one person never gives both approvals, and there is no active Trust "
                "administrator to give it instead. Ask a site administrator to give someone the Trust "
                "administrators role."
            )
            % {"school": school.name, "title": school.final_approver_title}
        )
    return found


def after_approval_by_the_only_head(*, decision, excluded: set[int]) -> str:
    """The message after ``decision`` (an ICT Manager step approval) when a Trust administrator must give the final
    approval (``trust_decides_final``), naming them and why; "" otherwise. ``excluded``: author and approver ids."""
    site_request = decision.request
    head = trust_decides_final(site_request, decision.task_state.workflow_state if decision.task_state_id else None)
    if head is None:
        return ""
    label = _("Trust administrator")
    names = [f"{user.display_name()} ({label})" for user in trust_administrators(excluded=excluded)]
    return _(
        "Approved. %(ref)s now goes to %(names)s for final sign-off: %(reason)s You will be emailed when it is decided."
    ) % {
        "ref": site_request.reference,
        "names": _(" or ").join(names) or _("the Trust administrators (none is set up: ask a site administrator)"),
        "reason": trust_final_reason(head),
    }
