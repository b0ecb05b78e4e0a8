"""Reports > Outgoing emails: site administrators see each email's state and error; nobody else sees it."""

import pytest
from django.urls import reverse

from core.mail.models import OutgoingEmail
from forms_app.emails import send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email():
    email = send_email(
        "submitted",
        to=["ict@example.org"],
        context={"reference": "SM-2026-0042", "school": "Riverside", "author_name": "A", "url": "http://x/"},
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error="SMTPDataError: 451 try later"
    )
    return email


def test_a_superuser_sees_each_email_with_its_status_and_error(client, superuser, failed_email):
    client.force_login(superuser)

    listing = client.get(reverse("outgoing_emails:index"))
    inspect = client.get(reverse("outgoing_emails:inspect", args=[failed_email.pk]))

    assert listing.status_code == 200
    assert "SM-2026-0042" in listing.text
    assert "Failed" in listing.text
    assert "451 try later" in inspect.text
    assert client.get(reverse("outgoing_emails:edit", args=[failed_email.pk])).status_code in (302, 403)
    assert client.get(reverse("outgoing_emails:add")).status_code in (302, 403)


def test_approvers_cannot_see_the_outbox(client, headteacher, failed_email):
    client.force_login(headteacher)

    response = client.get(reverse("outgoing_emails:index"))

    assert response.status_code in (302, 403)
    assert "Outgoing emails" not in client.get("/admin/").text
