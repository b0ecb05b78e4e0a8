"""Who builds approval forms in the admin, and how publishing one is governed.

Rule (issue 29, "publishing a form is governed"): Trust administrators (and site
administrators) build approval forms; a form reaches staff only once a *second* person
approves it through the page workflow "Approval form publishing" (created by migration
``0021_approval_form_publishing``; its step is a ``FormPublishingTask`` since ``0023``).
With Wagtail's own page permissions and moderation:

- Trust administrators may add pages under the staff home (``grant_form_building``), and
  only approval form pages: the page editor refuses any other type they try to add or copy
  there unless another of their roles allows it (``refuse_other_page_types``);
- each approval form page has the publishing workflow and lets Trust administrators edit
  it (``govern_form``), applied when a form is created or copied in the admin and by the
  demo and ``setup_trust`` commands; no other page's permissions or workflow change;
- a form is published by approving its "Approval form publishing" step: a Trust
  administrator other than the one who submitted it or made the changes waiting for
  approval, or a site administrator (in the demo the CEO builds and submits, and the site
  administrator approves). The four-eyes rule is the task's (``forms_app.models.publishing``):
  the dashboard and the page editor offer the submitter no *Approve*, and an approval they
  post anyway, to the workflow action view or the editor, is refused with the reason
  (``FormWorkflowActionView``, ``refuse_own_approval``). Wagtail publishes an approved page
  as its approver, who must hold "publish" on it; so Trust administrators hold it on each
  form, and the page editor offers them no direct *Publish* on an approval form with a
  workflow, and refuses one posted anyway, alone or in bulk (``only_publish_by_approval``…).
  Site administrators publish as they always may. Each publish that changes the questions
  records a new version (``forms_app.built_forms.services``).
"""

from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from home import roles
from home.models import StaffHomePage

from ..models import ApprovalFormPage

__all__ = [
    "BUILDERS",
    "PUBLISHING_WORKFLOW",
    "ApprovalFormPageViewSet",
    "FormWorkflowActionView",
    "approval_refusal",
    "govern_copied_form",
    "govern_form",
    "govern_new_form",
    "grant_form_building",
    "hide_direct_publish",
    "only_publish_by_approval",
    "refuse_bulk_publishing",
    "refuse_other_page_types",
    "refuse_copying_other_page_types",
    "refuse_own_approval",
]

BUILDERS = roles.TRUST_ADMINISTRATORS
PUBLISHING_WORKFLOW = "Approval form publishing"
# On the staff home: add pages (their type checked by ``refuse_other_page_types``).
STAFF_HOME_PERMISSIONS = ("add_page",)
# On each approval form page (a leaf, so on nothing else): edit it, lock it while editing, and
# publish it, which only approving its publishing step does (see the module docstring).
FORM_PERMISSIONS = ("change_page", "publish_page", "lock_page", "unlock_page")


def _grant(page: Page, codenames: tuple[str, ...]) -> None:
    group = Group.objects.filter(name=BUILDERS).first()
    if group is None:
        return
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def grant_form_building(staff_home: Page) -> None:
    """Let Trust administrators add pages under ``staff_home`` (approval forms only: see the module).

    Adds what is missing, removes nothing. Page permissions need the page, so the demo
    command and ``setup_trust`` call this rather than a migration.
    """
    _grant(staff_home, STAFF_HOME_PERMISSIONS)


def govern_form(page: ApprovalFormPage) -> None:
    """Give ``page`` the "Approval form publishing" workflow and let Trust administrators edit it.

    Idempotent; a page with another workflow chosen in the admin keeps it. Does nothing to
    the workflow if migration 0021's workflow was deleted.
    """
    workflow = Workflow.objects.filter(name=PUBLISHING_WORKFLOW).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    _grant(page, FORM_PERMISSIONS)


def may_add_any_page_type(user, parent_page: Page) -> bool:
    """Whether ``user`` may add pages of any type below ``parent_page`` through a grant other than the builders'.

    Superusers may; others when one of their groups has "add" on ``parent_page`` or an
    ancestor, the Trust administrators' grant on the staff home not counted. One query.
    """
    if user.is_superuser:
        return True
    steplen = Page.steplen
    paths = [parent_page.path[:end] for end in range(steplen, len(parent_page.path) + 1, steplen)]
    return (
        GroupPagePermission.objects.filter(group__user=user, permission__codename="add_page", page__path__in=paths)
        .exclude(group__name=BUILDERS, page__in=StaffHomePage.objects.all())
        .exists()
    )


def _refuse(request, page_type_name: str, back_to: Page):
    messages.error(
        request,
        _("Trust administrators add approval forms here; a %(page_type)s is added by a site administrator.")
        % {"page_type": page_type_name},
    )
    return redirect("wagtailadmin_explore", back_to.pk)


def refuse_other_page_types(request, parent_page: Page, page_class: type[Page]):
    """``before_create_page`` hook: someone who may add pages here only as a form builder adds approval forms only.

    Returns a redirect to the parent's listing with a message, or None to let Wagtail go on.
    """
    if issubclass(page_class, ApprovalFormPage) or may_add_any_page_type(request.user, parent_page):
        return None
    return _refuse(request, str(page_class.get_verbose_name()), parent_page)


def refuse_copying_other_page_types(request, page: Page):
    """``before_copy_page`` hook: the builders' grant copies approval forms only (a copy is a new page)."""
    if request.user.is_superuser or isinstance(page.specific_deferred, ApprovalFormPage):
        return None
    parent = page.get_parent()
    if may_add_any_page_type(request.user, parent):
        return None
    return _refuse(request, str(page.specific_class.get_verbose_name()), parent)


def govern_new_form(request, page: Page) -> None:
    """``after_create_page`` hook: a new approval form is governed (``govern_form``) from its first draft."""
    if isinstance(page, ApprovalFormPage):
        govern_form(page)


def govern_copied_form(request, page: Page, new_page: Page) -> None:
    """``after_copy_page`` hook: a copy of an approval form is governed like the original."""
    new_page = new_page.specific
    if isinstance(new_page, ApprovalFormPage):
        govern_form(new_page)


def publishes_by_approval(page: Page, user) -> bool:
    """Whether ``user`` may publish ``page`` only by approving its workflow: an approval form with a workflow,
    and someone other than a site administrator."""
    if user.is_superuser or not isinstance(page.specific_deferred, ApprovalFormPage):
        return False
    return page.get_workflow() is not None


def hide_direct_publish(menu_items: list, request, context: dict) -> None:
    """``construct_page_action_menu`` hook: no *Publish* on a governed approval form; *Submit to …* stays."""
    page = context.get("page")
    if page is not None and page.pk and publishes_by_approval(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def only_publish_by_approval(request, page: Page):
    """``before_edit_page`` hook: a *Publish* posted for a governed approval form is refused with a message."""
    if request.method != "POST" or not request.POST.get("action-publish"):
        return None
    if not publishes_by_approval(page, request.user):
        return None
    messages.error(
        request,
        _("An approval form is published when a second person approves it: submit it to “%(workflow)s”.")
        % {"workflow": page.get_workflow().name},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_bulk_publishing(request, action_type: str, objects, action):
    """``before_bulk_action`` hook: governed approval forms are not published in bulk from a listing either."""
    if action_type != "publish" or not any(publishes_by_approval(page, request.user) for page in objects):
        return None
    messages.error(request, _("Approval forms are published when a second person approves each one."))
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")


def approval_refusal(page: Page, user, task_state=None) -> str | None:
    """Why ``user`` may not approve ``page``'s current (or ``task_state``'s) workflow step, or None.

    Only steps that give a reason (``FormPublishingTask.approval_refusal``) answer; for
    any other step, Wagtail's own checks decide, so this returns None.
    """
    task_state = task_state or page.current_workflow_task_state
    if task_state is None:
        return None
    refusal = getattr(task_state.task.specific, "approval_refusal", None)
    return refusal(page, user, task_state=task_state) if refusal else None


class FormWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action view (the dashboard's and editor's *Approve*) for approval forms.

    An approval the step refuses (``approval_refusal``: the submitter, say) is not taken:
    the person is sent back, to the edit view or the ``next`` page, with the reason as a
    message, instead of Wagtail's "Sorry, you do not have permission". Nothing changes.
    """

    def dispatch(self, request, *args, **kwargs):
        if self.action_name == "approve" and self.object.workflow_in_progress:
            reason = approval_refusal(self.object, request.user, self.task_state)
            if reason is not None:
                messages.error(request, reason)
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(request, {"step": "success", "redirect": self.redirect_url})
                return redirect(self.redirect_url)
        return super().dispatch(request, *args, **kwargs)


class ApprovalFormPageViewSet(PageViewSet):
    """The admin's views of approval form pages: Wagtail's, with ``FormWorkflowActionView`` for workflow actions."""

    model = ApprovalFormPage
    workflow_action_view_class = FormWorkflowActionView


def refuse_own_approval(request, page: Page):
    """``before_edit_page`` hook: an *Approve* posted from the editor that the step refuses is refused with its reason.

    Wagtail's editor would otherwise quietly save a draft instead. Returns a redirect to the
    edit view, or None to let Wagtail go on.
    """
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    reason = approval_refusal(page, request.user)
    if reason is None:
        return None
    messages.error(request, reason)
    return redirect("wagtailadmin_pages:edit", page.pk)
