"""Which of Wagtail's own dashboard panels each person gets.

Wagtail's dashboard always builds its page panels: "Awaiting your review" (pages in a
moderation workflow), "Your pages in a workflow", "Your most recent edits" and "Your
locked pages". Each costs queries and rendering on every visit, and at trust scale
"Awaiting your review" asks every active task for its reviewable states. They are about
pages only; requests have their own panel (``forms_app.workflow.panels``).
"""

from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

__all__ = ["PAGE_PANELS", "drop_page_panels_for_non_editors", "works_with_pages"]

# Wagtail's panels that list pages (and subclasses, such as the request app's moderation panel).
PAGE_PANELS = (WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel, RecentEditsPanel, LockedPagesPanel)

# Any of these on any page makes someone a page editor, approver or moderator.
PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")


def works_with_pages(user) -> bool:
    """Return whether ``user`` holds any page permission (add, edit, publish, lock), or is a superuser.

    Takes the signed-in user; returns a bool. Reads Wagtail's per-request cache of the
    user's page permissions, which the admin menu fills and reads too: no query of its own.
    """
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)


def drop_page_panels_for_non_editors(request, panels: list) -> None:
    """``construct_homepage_panels`` hook: remove Wagtail's page panels for people who hold no page permission.

    Takes the request and the dashboard's list of panels, and removes in place the panels
    in ``PAGE_PANELS`` when the signed-in user holds no page permission at all (ICT
    Managers, Trust administrators). For them these panels are always empty or only repeat
    what another page shows, yet each costs queries on every visit:

    - "Awaiting your review": every page task's approvers (Headteachers, Communications,
      Moderators) hold page permissions, so someone without any has no page to review;
      requests they may decide are in the request panel, which stays.
    - "Your pages in a workflow": they cannot submit pages, so it could only list their own
      social media requests, which *My requests* in the staff area shows with their progress.
    - "Your most recent edits" and "Your locked pages": they cannot edit or lock a page.

    Page editors, approvers and superusers keep all of Wagtail's panels.
    """
    if works_with_pages(request.user):
        return
    panels[:] = [panel for panel in panels if not isinstance(panel, PAGE_PANELS)]
