"""Issue 25: the sealed record holds exactly what both approvers saw, and prints the digest of it."""

import pytest
from django.urls import reverse

from forms_app.answers import answers_digest
from forms_app.models import SchoolLogEntry, SealedRecord
from forms_app.models.requests import answers_may_change
from forms_app.register.records import SealRefused, seal_record, seal_record_after_commit, verify_pdf
from tests.factories import UserFactory

from .test_sealed_records import pdf_text

pytestmark = pytest.mark.django_db


def test_the_sealed_pdf_prints_the_digest_both_approvals_were_of(sealed, approved_request):
    digest = answers_digest(approved_request)

    assert {d.answers_digest for d in approved_request.decisions.all()} == {digest}
    assert digest in pdf_text(sealed.pdf_bytes())
    assert verify_pdf(sealed.pdf_bytes()).record == sealed


def test_a_seal_of_answers_nobody_approved_is_refused_and_reported(client, signing, entry, approved_request, school):
    # The answers change behind the workflow's back after both approvals (a bug or a direct database edit).
    with answers_may_change():
        approved_request.promotion = "Posters on every lamp post in town."
        approved_request.save()

    with pytest.raises(SealRefused, match="not those approved"):
        seal_record(site_request=approved_request)
    assert seal_record_after_commit(request_pk=approved_request.pk) is None

    assert not SealedRecord.objects.filter(request=approved_request).exists()
    refusals = SchoolLogEntry.objects.for_instance(approved_request).filter(action="forms_app.register.seal_refused")
    assert refusals.count() == 2
    assert refusals.first().data["sealed_digest"] == answers_digest(approved_request)
    client.force_login(UserFactory(username="root", school=school, is_superuser=True, is_staff=True, roles=[]))
    report = client.get(reverse("site_history"))
    assert "Sealed record refused: answers differ from those approved" in report.text
    assert approved_request.reference in report.text
