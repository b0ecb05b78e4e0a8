"""The author finds the approver's reason from My requests, on the request, on every step and on Check your answers."""

import pytest
from django.urls import reverse

from forms_app.request_form.steps import STEPS
from forms_app.workflow.services import request_changes
from tests.forms_app.factories import submitted_request
from tests.forms_app.request_form.helpers import step_url

pytestmark = pytest.mark.django_db

REASON = "Name two members of staff as moderators."


@pytest.fixture
def sent_back(staff_user, ict_manager):
    site_request = submitted_request(author=staff_user)
    return request_changes(site_request=site_request, user=ict_manager, reason=REASON)


def test_my_requests_links_to_the_reason(author_client, sent_back):
    html = author_client.get(reverse("forms_app:my_requests")).content.decode()
    detail = reverse("forms_app:detail", kwargs={"public_id": sent_back.public_id})
    assert f'href="{detail}#changes-requested"' in html
    assert "Changes requested — see what to change" in html


def test_the_reason_is_at_the_top_of_the_request_steps_and_check_answers(author_client, sent_back, ict_manager):
    urls = [reverse("forms_app:detail", kwargs={"public_id": sent_back.public_id})]
    urls += [step_url(sent_back, step.slug) for step in STEPS]
    urls.append(reverse("forms_app:check", kwargs={"public_id": sent_back.public_id}))
    for url in urls:
        html = author_client.get(url).content.decode()
        banner = html.index('class="notification-banner"')
        assert banner < html.index("<h1"), url
        assert REASON in html, url
        assert f"The ICT Manager, {ict_manager.get_full_name()}" in html, url


def test_no_banner_once_resubmitted_or_never_sent_back(author_client, staff_user):
    site_request = submitted_request(author=staff_user)
    html = author_client.get(reverse("forms_app:detail", kwargs={"public_id": site_request.public_id})).content
    assert b"notification-banner" not in html
