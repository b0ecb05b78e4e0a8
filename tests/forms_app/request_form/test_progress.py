"""The request page's progress: what is done (with names and UK dates), what happens now and what is to come."""

import html as html_module
import re

import pytest
from django.urls import reverse
from time_machine import travel

from forms_app.workflow.services import approve_task, submit_request
from forms_app.workflow.timeline import timeline_for
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


def progress(client, site_request) -> list[str]:
    html = client.get(reverse("forms_app:detail", kwargs={"public_id": site_request.public_id})).content.decode()
    section = html.split('id="progress-heading"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", section, flags=re.S)
    # What a reader sees: tags dropped and entities read, so a name like O'Neill compares as typed.
    return [" ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def test_a_draft_shows_every_step_to_come_with_names(author_client, staff_user, ict_manager, headteacher):
    draft = complete_request(author=staff_user)
    assert progress(author_client, draft) == [
        f"Now : Submitted by the author ({staff_user.display_name()})",
        f"To come : Review by the ICT Manager ({ict_manager.display_name()})",
        f"To come : Review by the Head of School/Headteacher ({headteacher.display_name()})",
        "To come : Added to the register of approved sites",
    ]


def test_after_the_first_approval(author_client, staff_user, ict_manager, headteacher):
    site_request = complete_request(author=staff_user, declaration=True)
    with travel("2027-07-01 09:00Z", tick=False):
        submit_request(site_request=site_request, user=staff_user)
    with travel("2027-07-02 13:30Z", tick=False):
        approve_task(site_request=site_request, user=ict_manager, attested=True)
    site_request.refresh_from_db()
    items = progress(author_client, site_request)
    assert items[0] == f"Done : Submitted 1 July 2027, 10:00 by {staff_user.display_name()}"
    assert items[1].startswith(
        f"Done : Approved by the ICT Manager 2 July 2027, 14:30 by {ict_manager.get_full_name()}"
    )
    assert items[2] == (
        f"Now : Awaiting the Head of School/Headteacher 2 July 2027, 14:30 ({headteacher.display_name()})"
    )
    assert items[3] == "To come : Added to the register of approved sites"


def test_the_past_only_timeline_is_unchanged_for_other_pages(staff_user):
    draft = complete_request(author=staff_user)
    assert timeline_for(draft) == []
