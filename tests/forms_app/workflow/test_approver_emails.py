"""What approvers and named people read: a short summary, never a safeguarding answer; everyone told at the end."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core.mail.models import OutgoingEmail
from forms_app.models import SocialMediaSiteRequest
from forms_app.workflow.services import approve_task, submit_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.factories import CONSENT_PLAN, SECURITY_MEASURES, complete_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(school):
    admins = [UserFactory(username=f"admin{n}", school=school) for n in range(2)]
    moderators = [UserFactory(username=f"mod{n}", school=school) for n in range(2)]
    return admins, moderators


@pytest.fixture
def site_request(author, named, ict_manager, headteacher):
    admins, moderators = named
    draft = complete_request(
        author=author, administrators=admins, moderators=moderators, declaration=True, account_name="Riverside Y6"
    )
    return submit_request(site_request=draft, user=author)


def every_part(message) -> list[str]:
    return [message.body, *(content for content, _ in message.alternatives)]


def test_the_approvers_email_carries_a_summary_but_no_safeguarding_answer(site_request, ict_manager):
    (message,) = [m for m in mail.outbox if ict_manager.email in m.to]
    for part in every_part(message):
        assert site_request.reference in part
        assert "Riverside Y6" in part
        assert "Facebook" in part
        assert "Staff" in part  # an audience group, by its label
        assert site_request.go_live_date.strftime("%-d %B %Y") in part
        assert site_request.closure_date.strftime("%-d %B %Y") in part
        assert CONSENT_PLAN not in part
        assert SECURITY_MEASURES not in part
    assert message.alternatives, "every email has an HTML part as well as the plain text"


def test_each_approvers_email_links_straight_to_the_decision(site_request, ict_manager, headteacher):
    review = reverse(SocialMediaSiteRequest.snippet_viewset.get_url_name("review"), args=[site_request.pk])
    (to_ict,) = [m for m in mail.outbox if ict_manager.email in m.to]
    mail.outbox.clear()
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    (to_head,) = [m for m in mail.outbox if headteacher.email in m.to]
    for message in (to_ict, to_head):
        assert f"{review}#approve" in message.body


def test_the_final_approval_tells_the_ict_approver_and_every_named_person(
    site_request, ict_manager, headteacher, named
):
    approve_task(site_request=site_request, user=ict_manager, attested=True)
    mail.outbox.clear()
    approve_task(site_request=site_request, user=headteacher, attested=True)

    by_recipient = {address: message for message in mail.outbox for address in message.to}
    assert by_recipient[ict_manager.email].subject == f"Approved: social media site request {site_request.reference}"
    admins, moderators = named
    for person in admins:
        message = by_recipient[person.email]
        assert message.subject.startswith("You are named as Administrator")
        assert "Review and moderate the content" in message.body
    for person in moderators:
        assert by_recipient[person.email].subject.startswith("You are named as Moderator")
    assert headteacher.email not in by_recipient  # the person who decided is not told what they did
    for message in mail.outbox:
        for part in every_part(message):
            assert CONSENT_PLAN not in part
            assert SECURITY_MEASURES not in part


PAYLOAD = '<script>alert("x")</script>'


def test_the_new_emails_escape_what_people_typed(author, ict_manager, headteacher, central_team, named):
    UserFactory(username="trust-admin", school=central_team, roles=[roles.TRUST_ADMINISTRATORS])
    author.first_name = PAYLOAD
    author.save()
    admins, moderators = named
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime.datetime(2027, 6, 1, 9, tzinfo=london), tick=False):
        draft = complete_request(
            author=author, administrators=admins, moderators=moderators, declaration=True, account_name=PAYLOAD
        )
        site_request = submit_request(site_request=draft, user=author)
    with time_machine.travel(datetime.datetime(2027, 6, 14, 6, tzinfo=london), tick=False):
        call_command("approval_reminders", stdout=io.StringIO())
        approve_task(site_request=site_request, user=ict_manager, attested=True)
        approve_task(site_request=site_request, user=headteacher, attested=True)
    for message in mail.outbox:
        (html,) = [content for content, kind in message.alternatives if kind == "text/html"]
        assert PAYLOAD not in html
    new = [
        f"forms_app/emails/{name}"
        for name in ["approval_reminder", "approval_escalation", "final_approval_ict", "named_on_site"]
    ]
    emails = OutgoingEmail.objects.filter(template__in=new)
    assert sorted({email.template for email in emails}) == sorted(new)
    for email in emails:
        assert PAYLOAD not in email.body_html
        assert "&lt;script&gt;" in email.body_html  # what was typed is there, escaped
