"""Never submit a page to a workflow step that nobody can approve.

Wagtail's default "Moderators approval" workflow sent pages to an empty Moderators group,
where they waited for no one (switched off by ``policy`` migration 0006). So that the
same cannot happen again through a workflow set up later in Settings → Workflows, the
page editor's "Submit to …" action is hidden, and a submission refused with a message,
while any group approval step of the page's workflow has no active member.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import GroupApprovalTask


def empty_steps(workflow) -> list[str]:
    """Return the names of ``workflow``'s active group approval steps whose groups have no active member."""
    if workflow is None or not workflow.active:
        return []
    steps = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, active=True).distinct()
    return [step.name for step in steps if not step.groups.filter(user__is_active=True).exists()]


def _refuse(request, workflow, steps, back_to: str):
    messages.error(
        request,
        _("“%(workflow)s” cannot be used: nobody can approve its step %(steps)s. Ask a site administrator.")
        % {"workflow": workflow.name, "steps": ", ".join(f"“{name}”" for name in steps)},
    )
    return redirect(back_to)


@hooks.register("construct_page_action_menu")
def hide_submission_to_an_empty_group(menu_items, request, context):
    page = context.get("page")
    parent = context.get("parent_page")
    workflow = page.get_workflow() if page is not None and page.pk else parent.get_workflow() if parent else None
    if empty_steps(workflow):
        menu_items[:] = [item for item in menu_items if item.name not in ("action-submit", "action-restart-workflow")]


@hooks.register("before_edit_page")
def refuse_submission_to_an_empty_group(request, page):
    if request.method != "POST" or not (
        request.POST.get("action-submit") or request.POST.get("action-restart-workflow")
    ):
        return None
    workflow = page.get_workflow()
    steps = empty_steps(workflow)
    return _refuse(request, workflow, steps, request.get_full_path()) if steps else None


@hooks.register("before_create_page")
def refuse_creating_and_submitting_to_an_empty_group(request, parent_page, page_class):
    if request.method != "POST" or not request.POST.get("action-submit"):
        return None
    workflow = parent_page.get_workflow()
    steps = empty_steps(workflow)
    return _refuse(request, workflow, steps, request.get_full_path()) if steps else None
