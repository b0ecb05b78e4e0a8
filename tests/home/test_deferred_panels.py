"""The dearest dashboard panels come as a heading and a link, their body fetched once the page has loaded.

The page stays usable without JavaScript (the link leads to the report, or to the panel
on a page of its own), the script is a file of the site's own origin (the admin's content
security policy allows no inline script), and a body is given only to people whose
dashboard has the panel.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard import dashboard_as_shown, deferred_body_urls

pytestmark = pytest.mark.django_db


def body_url(name: str, *, fragment: bool = True) -> str:
    url = reverse("dashboard_panel_body", args=[name])
    return f"{url}?fragment" if fragment else url


def test_the_headteachers_dashboard_links_each_deferred_panel_to_a_page_that_shows_it(client, headteacher):
    client.force_login(headteacher)
    html = client.get(reverse("wagtailadmin_home")).text
    assert sorted(deferred_body_urls(html)) == sorted(
        body_url(name) for name in ("policies_due_for_review", "policy_acknowledgements")
    )
    assert f'href="{reverse("policy_reviews")}"' in html
    assert f'href="{reverse("policy_acknowledgements")}"' in html
    for heading in ("Policies due for review", "Policy acknowledgements"):
        assert heading in html
    # The bodies are not rendered with the page.
    assert "No policies are overdue" not in html and "No published policy asks staff" not in html


def test_the_script_that_fetches_the_bodies_is_a_file_not_an_inline_script(client, headteacher):
    client.force_login(headteacher)
    html = client.get(reverse("wagtailadmin_home")).text
    assert re.search(r'<script src="[^"]*js/dashboard-panels(\.[0-9a-f]+)?\.js"', html)
    assert "fetch(" not in html


def test_a_body_is_the_panel_as_the_dashboard_would_have_shown_it(client, headteacher):
    client.force_login(headteacher)
    body = client.get(body_url("policies_due_for_review"))
    assert body.status_code == 200
    assert 'id="policies-due-for-review' in body.text and "data-deferred-panel" not in body.text
    assert "<html" not in body.text
    assert "Policies due for review" in dashboard_as_shown(client)


def test_without_javascript_the_link_opens_the_panel_on_an_admin_page(client, headteacher):
    client.force_login(headteacher)
    page = client.get(body_url("policies_due_for_review", fragment=False))
    assert page.status_code == 200
    assert "<html" in page.text and "<title>Policies due for review" in page.text
    assert 'id="policies-due-for-review' in page.text


def test_a_body_is_refused_to_whoever_does_not_have_the_panel(client, ict_manager):
    client.force_login(ict_manager)
    for name in ("policies_due_for_review", "workflow_objects_to_moderate", "no_such_panel"):
        assert client.get(body_url(name)).status_code == 404, name  # ICT Managers review and manage no pages


def test_a_panel_the_dashboard_renders_at_once_is_not_served_on_its_own(client, ict_manager):
    client.force_login(ict_manager)
    assert client.get(body_url("social_media_requests_awaiting_review")).status_code == 404


def test_a_body_is_refused_to_anonymous_visitors(client):
    response = client.get(body_url("policies_due_for_review"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url


def test_a_body_is_built_without_the_rest_of_the_dashboard(client, headteacher):
    """Fetching one panel's body does not build the others (the request panel reads the task states)."""
    client.force_login(headteacher)
    client.get(body_url("policies_due_for_review"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(body_url("policies_due_for_review"))
    assert response.status_code == 200 and 'id="policies-due-for-review' in response.text
    tables = " ".join(query["sql"] for query in captured)
    assert "wagtailcore_taskstate" not in tables and "wagtailcore_task" not in tables


PAGE_EDITING_PANEL_NAMES = ("user_objects_in_workflow_moderation", "recent_edits", "locked_pages")


@pytest.fixture
def page_editor(school):
    """A policy editor with "edit" and "lock" on every page, who edited and locked one page."""
    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone
    from wagtail.models import GroupPagePermission, Page, PageLogEntry

    from home import roles
    from tests.factories import UserFactory

    root = Page.get_first_root_node()
    for codename in ("change_page", "lock_page"):
        GroupPagePermission.objects.create(
            group=Group.objects.get(name=roles.POLICY_EDITORS),
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    editor = UserFactory(school=school, roles=[roles.STAFF, roles.POLICY_EDITORS])
    page = root.add_child(instance=Page(title="Staff handbook draft 7Q", slug="staff-handbook-draft-7q"))
    PageLogEntry.objects.log_action(page, "wagtail.edit", user=editor)
    Page.objects.filter(pk=page.pk).update(locked=True, locked_by=editor, locked_at=timezone.now())
    return editor


def test_a_page_editors_own_pages_panels_come_after_the_dashboard_has_loaded(client, page_editor):
    client.force_login(page_editor)
    html = client.get(reverse("wagtailadmin_home")).text
    assert set(deferred_body_urls(html)) >= {body_url(name) for name in PAGE_EDITING_PANEL_NAMES}
    for heading in ("Your pages and snippets in a workflow", "Your most recent edits", "Your locked pages"):
        assert heading in html
    assert "Staff handbook draft 7Q" not in html  # their bodies are not rendered with the page

    shown = dashboard_as_shown(client)
    recent_edits = shown[shown.index('id="recent-edits') :]
    locked_pages = shown[shown.index('id="locked-pages') :]
    assert "Staff handbook draft 7Q" in recent_edits and "Staff handbook draft 7Q" in locked_pages
    # Wagtail's own copies went: each panel once.
    assert shown.count('id="recent-edits-section"') == 1 and shown.count('id="locked-pages-section"') == 1


def test_without_javascript_a_page_editor_opens_their_locked_pages_on_an_admin_page(client, page_editor):
    client.force_login(page_editor)
    page = client.get(body_url("locked_pages", fragment=False))
    assert page.status_code == 200
    assert "<title>Your locked pages" in page.text and "Staff handbook draft 7Q" in page.text


def test_the_page_editing_panels_bodies_are_refused_to_people_who_edit_no_page(client, ict_manager):
    client.force_login(ict_manager)
    for name in PAGE_EDITING_PANEL_NAMES:
        assert client.get(body_url(name)).status_code == 404, name
