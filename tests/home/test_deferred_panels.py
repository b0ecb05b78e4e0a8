"""Dashboard panels that only inform come as a heading and a link to their report, their body fetched later.

The page stays usable without JavaScript (the link), the script is a file of the site's
own origin (the admin's content security policy allows no inline script), and the body
is given only to people whose dashboard has the panel.
"""

import re

import pytest
from django.urls import reverse

from tests.dashboard import dashboard_as_shown, deferred_body_urls

pytestmark = pytest.mark.django_db

ACKNOWLEDGEMENTS = reverse("dashboard_panel_body", args=["policy_acknowledgements"])
REVIEWS = reverse("dashboard_panel_body", args=["policies_due_for_review"])


def test_the_headteachers_dashboard_links_each_deferred_panel_to_its_report(client, headteacher):
    client.force_login(headteacher)
    html = client.get(reverse("wagtailadmin_home")).text
    assert deferred_body_urls(html) == [REVIEWS, ACKNOWLEDGEMENTS]
    assert f'href="{reverse("policy_reviews")}"' in html
    assert f'href="{reverse("policy_acknowledgements")}"' in html
    assert "Policies due for review" in html and "Policy acknowledgements" in html
    # The bodies are not rendered with the page.
    assert "No policies are overdue" not in html and "No published policy asks staff" not in html


def test_the_script_that_fetches_the_bodies_is_a_file_not_an_inline_script(client, headteacher):
    client.force_login(headteacher)
    html = client.get(reverse("wagtailadmin_home")).text
    assert re.search(r'<script src="[^"]*js/dashboard-panels(\.[0-9a-f]+)?\.js"', html)
    assert "fetch(" not in html


def test_a_body_is_the_panel_as_the_dashboard_would_have_shown_it(client, headteacher):
    client.force_login(headteacher)
    body = client.get(REVIEWS)
    assert body.status_code == 200
    assert 'id="policies-due-for-review' in body.text and "data-deferred-panel" not in body.text
    assert "Policies due for review" in dashboard_as_shown(client)


def test_a_body_is_refused_to_whoever_does_not_have_the_panel(client, ict_manager):
    client.force_login(ict_manager)
    assert client.get(REVIEWS).status_code == 404  # ICT Managers do not manage policies
    assert client.get(reverse("dashboard_panel_body", args=["no_such_panel"])).status_code == 404


def test_a_body_is_refused_to_anonymous_visitors(client):
    response = client.get(REVIEWS)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url
