"""Which dashboard panels each role gets: Wagtail's page panels only for those who work with pages."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from wagtail.admin.views.home import (
    HomeView,
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page

from forms_app.workflow.panels import RequestsAwaitingReviewPanel
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import submitted_request

pytestmark = pytest.mark.django_db

PAGE_PANELS = (UserObjectsInWorkflowModerationPanel, RecentEditsPanel, LockedPagesPanel)


def panel_types(user) -> set[type]:
    """The classes of the panels the dashboard builds for ``user`` (after every hook; a deferred one's own)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return {type(getattr(panel, "panel", panel)) for panel in HomeView(request=request).get_panels()}


def has_moderation_panel(types: set[type]) -> bool:
    """Whether Wagtail's "Awaiting your review" is there (as itself or the request app's subclass of it)."""
    return any(issubclass(panel, WorkflowObjectsToModeratePanel) for panel in types)


def grant_page_permission(group_name: str, codename: str = "change_page") -> None:
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=group_name),
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
    )


def test_an_ict_manager_gets_the_request_panel_and_none_of_wagtails_page_panels(ict_manager):
    types = panel_types(ict_manager)
    assert RequestsAwaitingReviewPanel in types
    assert not has_moderation_panel(types)
    assert not types & set(PAGE_PANELS)


def test_a_trust_administrator_reviews_approval_forms_but_gets_no_page_editing_panels(school):
    # Trust administrators approve the "Approval form publishing" step (forms_app migration 0021),
    # so Wagtail's "Awaiting your review" is theirs; without page permissions nothing else is.
    trust_admin = UserFactory(school=school, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])
    types = panel_types(trust_admin)
    assert has_moderation_panel(types)
    assert not types & set(PAGE_PANELS)


def test_without_the_approval_form_publishing_step_a_trust_administrator_reviews_no_page(school):
    GroupApprovalTask.objects.filter(groups__name=roles.TRUST_ADMINISTRATORS).update(active=False)
    trust_admin = UserFactory(school=school, roles=[roles.STAFF, roles.TRUST_ADMINISTRATORS])
    types = panel_types(trust_admin)
    assert not has_moderation_panel(types)
    assert not types & set(PAGE_PANELS)


def test_a_page_editor_keeps_every_wagtail_panel(school):
    grant_page_permission(roles.POLICY_EDITORS)
    editor = UserFactory(school=school, roles=[roles.STAFF, roles.POLICY_EDITORS])
    types = panel_types(editor)
    assert has_moderation_panel(types)
    assert set(PAGE_PANELS) <= types


def test_an_ict_manager_who_also_edits_pages_keeps_every_wagtail_panel(ict_manager):
    grant_page_permission(roles.ICT_MANAGERS, "publish_page")
    types = panel_types(ict_manager)
    assert RequestsAwaitingReviewPanel in types
    assert has_moderation_panel(types) and set(PAGE_PANELS) <= types


def test_a_headteacher_keeps_awaiting_review_for_the_policies_they_approve_even_without_page_permissions(headteacher):
    types = panel_types(headteacher)
    assert has_moderation_panel(types)
    assert not types & set(PAGE_PANELS)


def test_a_member_of_an_active_group_approval_tasks_group_keeps_awaiting_review(ict_manager):
    task = GroupApprovalTask.objects.create(name="ICT check", active=True)
    task.groups.set([Group.objects.get(name=roles.ICT_MANAGERS)])
    assert has_moderation_panel(panel_types(ict_manager))

    task.active = False
    task.save()
    assert not has_moderation_panel(panel_types(ict_manager))


def test_a_superuser_keeps_every_wagtail_panel(school):
    admin = UserFactory(school=school, is_superuser=True, is_staff=True, roles=[])
    types = panel_types(admin)
    assert has_moderation_panel(types) and set(PAGE_PANELS) <= types


def test_an_ict_managers_own_request_is_left_to_my_requests_not_wagtails_workflow_panel(client, ict_manager):
    """Wagtail's "Your pages and snippets in a workflow" would list it; the staff area's My requests does."""
    own = submitted_request(author=ict_manager)
    client.force_login(ict_manager)
    html = client.get("/admin/").text
    assert "Social media site requests awaiting your review" in html
    assert "Nothing is waiting for your review." in html  # never their own request
    assert "Your pages and snippets in a workflow" not in html and own.reference not in html
