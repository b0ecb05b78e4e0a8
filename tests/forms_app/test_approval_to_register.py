"""The whole life of a request across the form, the workflow and the register."""

import pytest
from django.urls import reverse

from forms_app.models import RegisterEntry
from forms_app.workflow.services import approve_task, submit_request
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


def test_final_approval_puts_the_site_on_the_register_and_shows_the_author_the_record(
    client, staff_user, ict_manager, headteacher, django_capture_on_commit_callbacks
):
    request = complete_request(author=staff_user, account_name="Riverside Year 5 News")
    with django_capture_on_commit_callbacks(execute=True):
        submit_request(site_request=request, user=staff_user)
        approve_task(site_request=request, user=ict_manager, attested=True, comment="Looks well planned.")
        approve_task(site_request=request, user=headteacher, attested=True)

    entry = RegisterEntry.objects.get(request=request)
    assert entry.account_name == "Riverside Year 5 News"

    client.force_login(staff_user)
    my_requests = client.get(reverse("forms_app:my_requests")).content.decode()
    assert "Approved" in my_requests
    record_url = reverse("approval_record", kwargs={"public_id": request.public_id})
    assert record_url in my_requests

    detail = client.get(reverse("forms_app:detail", kwargs={"public_id": request.public_id})).content.decode()
    assert "Looks well planned." in detail
    assert ict_manager.get_full_name() in detail
    assert headteacher.get_full_name() in detail

    record = client.get(record_url)
    assert record.status_code == 200
    assert "I approve the aims and content of the proposed site and the use of school brand and logo." in (
        record.content.decode()
    )
