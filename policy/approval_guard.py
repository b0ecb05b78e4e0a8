"""Admin guards on the "Policy approval" step: no submission nobody can approve, no approval skipped.

- **Nobody waits for nobody**: submitting a policy (page editor's "Submit for approval",
  "Restart workflow", or creating and submitting at once) is refused, with a message
  naming the role and the setting to ask for, when a ``PolicyApprovalTask`` step of its
  workflow has no eligible approver other than the submitter (``policy.approvers``). The
  stock group steps have their own guard (``policy.workflow_guard``).
- **A Headteacher goes through approval too**: a Headteacher cannot publish their own
  school's policy directly (the "Publish" action is hidden and a POST refused; bulk
  publish too) unless Trust settings say a Headteacher's publication is the approval;
  then publishing records it as approved by them, today (``policy.review``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from home import roles
from home.models import TrustSettings

from .approvers import eligible_approvers, nobody_to_approve_message
from .models import PolicyApprovalTask, PolicyPage

__all__ = ["head_must_submit", "policy_steps_without_approver"]

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def policy_steps_without_approver(workflow, *, school_id: int | None, submitter) -> list[str]:
    """Return the names of ``workflow``'s active policy approval steps nobody but ``submitter`` could decide.

    ``school_id`` is the policy's school (None: trust-wide) as it will be submitted.
    """
    if workflow is None or not workflow.active:
        return []
    steps = PolicyApprovalTask.objects.filter(workflow_tasks__workflow=workflow, active=True).distinct()
    author_ids = {submitter.pk} if submitter is not None and submitter.pk else set()
    if not steps or eligible_approvers(school_id=school_id, author_ids=author_ids):
        return []
    return [step.name for step in steps]


def head_must_submit(user, school_id: int | None) -> bool:
    """Whether ``user`` is a Headteacher of school ``school_id`` who must submit its policies rather than publish.

    False for trust-wide policies (``school_id`` None), for anyone else, and when Trust
    settings say a Headteacher's publication is the approval.
    """
    if school_id is None or not (user.is_authenticated and user.is_active) or user.school_id != school_id:
        return False
    if not roles.has_role(user, roles.HEADTEACHERS):
        return False
    return not TrustSettings.load().head_publication_is_approval


def _posted_school_id(request, page) -> int | None:
    """The school the form posts (the editor may just have changed it), else the page's."""
    if "school" in request.POST:
        value = request.POST.get("school") or ""
        return int(value) if value.isdigit() else None
    return getattr(page, "school_id", None)


def _is_policy(page) -> bool:
    return isinstance(page, PolicyPage) or (page is not None and page.specific_class is PolicyPage)


def _refuse_empty_step(request, workflow, page):
    school_id = _posted_school_id(request, page)
    if policy_steps_without_approver(workflow, school_id=school_id, submitter=request.user):
        messages.error(request, nobody_to_approve_message(school_id=school_id))
        return redirect(request.get_full_path())
    return None


def _refuse_head_publication(request, page):
    publishing = request.method == "POST" and request.POST.get("action-publish")
    if publishing and head_must_submit(request.user, _posted_school_id(request, page)):
        messages.error(
            request,
            _(
                "A Headteacher's own school policy goes through approval like anyone else's: choose "
                "“Submit to Policy approval” instead of Publish. (Trust settings can make a Headteacher's "
                "publication count as the approval.)"
            ),
        )
        return redirect(request.get_full_path())
    return None


@hooks.register("before_edit_page")
def guard_policy_submission_and_publication(request, page):
    if request.method != "POST" or not _is_policy(page):
        return None
    if any(request.POST.get(action) for action in SUBMIT_ACTIONS):
        return _refuse_empty_step(request, page.get_workflow(), page.specific_deferred)
    return _refuse_head_publication(request, page.specific_deferred)


@hooks.register("before_create_page")
def guard_new_policy_submission_and_publication(request, parent_page, page_class):
    if request.method != "POST" or page_class is not PolicyPage:
        return None
    if request.POST.get("action-submit"):
        return _refuse_empty_step(request, parent_page.get_workflow(), None)
    return _refuse_head_publication(request, None)


@hooks.register("construct_page_action_menu")
def hide_publish_from_a_head_on_their_own_policy(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk:
        school_id = getattr(page, "school_id", None) if isinstance(page, PolicyPage) else None
        applies = isinstance(page, PolicyPage) and head_must_submit(request.user, school_id)
    else:
        # Creating: the school is chosen in the form; a Headteacher of a school writes for it.
        applies = context.get("page_class", None) is PolicyPage or isinstance(page, PolicyPage)
        applies = applies and head_must_submit(request.user, request.user.school_id)
    if applies:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_bulk_action")
def refuse_bulk_publication_by_a_head(request, action_type, objects, action_class_instance):
    if action_type != "page" or getattr(action_class_instance, "action_type", "") != "publish":
        return
    for page in objects:
        specific = page if isinstance(page, PolicyPage) else page.specific_deferred
        if isinstance(specific, PolicyPage) and head_must_submit(request.user, specific.school_id):
            raise PermissionDenied


def _record_head_publication(request, page):
    from .review import record_approval

    if request.method != "POST" or not request.POST.get("action-publish"):
        return
    specific = page if isinstance(page, PolicyPage) else page.specific_deferred
    if not isinstance(specific, PolicyPage) or not specific.school_id:
        return
    if request.user.school_id != specific.school_id or not roles.has_role(request.user, roles.HEADTEACHERS):
        return
    if TrustSettings.load().head_publication_is_approval:
        record_approval(page=specific, user=request.user)


@hooks.register("after_edit_page")
def record_a_heads_publication_as_approval(request, page):
    _record_head_publication(request, page)


@hooks.register("after_create_page")
def record_a_heads_new_publication_as_approval(request, page):
    _record_head_publication(request, page)
