"""The review page reads as a decision page: the request at a glance, the decision, then the full request.

Issue 28: an approver opening the email on a phone sees the reference, school, platform and
account, purpose, audience and who runs the site, the policy checks it passed, then the
statement and both buttons; the full answers and documents follow.
"""

import pytest
from django.urls import reverse

from forms_app.models import SocialMediaSiteRequest
from forms_app.rules import RULES
from forms_app.workflow.decision_page import rule_summary

pytestmark = pytest.mark.django_db


def review_page(client, user, site_request) -> str:
    client.force_login(user)
    url = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])
    return client.get(url).content.decode()


def test_the_request_at_a_glance_comes_before_the_decision_and_the_decision_before_the_answers(
    client, submitted, ict_manager
):
    html = review_page(client, ict_manager, submitted)

    glance = html[html.index('id="at-a-glance"') : html.index('id="approve"')]
    for shown in (submitted.reference, submitted.school.name, submitted.account_name, submitted.aims):
        assert shown in glance
    for person in submitted.site_people.all():
        assert person.user.display_name() in glance
    assert f"Passed all {len(RULES)} policy checks" in glance
    assert "the site must have at least 2 approved moderators" in glance
    assert html.index('id="approve"') < html.index('id="request-changes"') < html.index("The full request")


def test_a_request_changes_error_opens_its_form_and_keeps_the_approve_form(client, submitted, ict_manager):
    client.force_login(ict_manager)
    url = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[submitted.pk])
    page = client.get(url)
    response = client.post(
        url,
        {
            "action": "request_changes",
            "task_state": page.context["task_state"].pk,
            "digest": page.context["answers_digest"],
            "changes-reason": "   ",
        },
    )

    html = response.content.decode()
    assert 'id="request-changes" open' in html
    assert "Give a reason so the author knows what to change." in html
    assert 'name="approve-attested"' in html


def test_each_check_is_named_by_the_clause_it_enforces():
    summaries = [rule_summary(rule) for rule in RULES]
    assert "Appendix B and A.5.4: the site must have at least 2 approved administrators." in summaries
    assert all(summary and "\n" not in summary for summary in summaries)


def test_a_check_that_fails_today_is_named_not_counted_as_passed(client, submitted, ict_manager):
    # The go-live date went by while the request waited for its ICT Manager.
    import datetime

    from django.utils import timezone

    SocialMediaSiteRequest.objects.filter(pk=submitted.pk).update(
        go_live_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = review_page(client, ict_manager, submitted)

    glance = html[html.index('id="at-a-glance"') : html.index('id="approve"')]
    assert "Not passed now:" in glance
    assert "A.1.6: a clear plan from the outset, so the go-live date cannot already have passed." in glance
    assert f"Passed {len(RULES) - 1} other policy checks" in glance
    assert f"Passed all {len(RULES)} policy checks" not in glance


def test_the_dashboards_request_changes_link_opens_that_form_without_javascript(client, submitted, ict_manager):
    client.force_login(ict_manager)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    review_url = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[submitted.pk])
    links = [href.split('"', 1)[0] for href in dashboard.split('href="')[1:] if href.startswith(review_url)]

    # The server opens the form the link names, so the page works with scripts off.
    changes_link = next(href for href in links if href.endswith("#request-changes"))
    assert 'id="request-changes" open' in client.get(changes_link).content.decode()
    # "Review and approve" lands with that form closed, so Approve comes first.
    approve_link = next(href for href in links if href.endswith("#approve"))
    assert 'id="request-changes" open' not in client.get(approve_link).content.decode()
