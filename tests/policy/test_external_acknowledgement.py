"""Acknowledgement by someone without an account, through a single-use, expiring link bound to them.

Under frozen time: the link works once, expires after 14 days, and what it records counts
only for its own person and purpose (the social media request it was sent for).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from policy.acknowledgements import (
    AcknowledgementError,
    acknowledge_by_link,
    externally_acknowledged,
    issue_external_link,
)
from policy.models import ExternalAcknowledgement, PolicyPage

from .factories import make_policy

pytestmark = pytest.mark.django_db

ISSUED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))
PURPOSE = "SMR-2026-0042"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(ISSUED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def policy(policy_index):
    return make_policy(
        policy_index,
        title="Social Media Policy",
        slug="social-media",
        version="2.0",
        summary="How school accounts are run.",
        requires_acknowledgement=True,
    )


@pytest.fixture
def link(policy):
    return issue_external_link(name="Alex Volunteer", email="alex@example.org", policy=policy, purpose=PURPOSE)


def url(token: str) -> str:
    return reverse("acknowledge:external", args=[token])


def test_only_the_token_hash_is_stored(link):
    record, token = link
    assert token not in record.token_hash and len(record.token_hash) == 64
    assert record.expires_at == ISSUED + datetime.timedelta(days=14)
    assert record.revision_id == PolicyPage.objects.get(pk=record.policy_id).live_revision_id


def test_the_link_works_once(link):
    record, token = link
    used = acknowledge_by_link(token=token)
    assert used.pk == record.pk and used.used_at == ISSUED
    with pytest.raises(AcknowledgementError, match="already been used"):
        acknowledge_by_link(token=token)


def test_the_link_expires_after_14_days(link, frozen):
    _record, token = link
    frozen.shift(datetime.timedelta(days=14))
    with pytest.raises(AcknowledgementError, match="expired"):
        acknowledge_by_link(token=token)
    assert not ExternalAcknowledgement.objects.filter(used_at__isnull=False).exists()


def test_the_link_still_works_just_before_it_expires(link, frozen):
    _record, token = link
    frozen.shift(datetime.timedelta(days=14) - datetime.timedelta(seconds=1))
    assert acknowledge_by_link(token=token).used_at is not None


def test_an_acknowledgement_counts_only_for_its_person_and_purpose(link, policy):
    _record, token = link
    acknowledge_by_link(token=token)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert externally_acknowledged(email="ALEX@example.org ", purpose=PURPOSE, policy=policy)
    assert not externally_acknowledged(email="sam@example.org", purpose=PURPOSE, policy=policy)
    assert not externally_acknowledged(email="alex@example.org", purpose="SMR-2026-0043", policy=policy)


def test_a_new_major_version_needs_a_new_link(link, policy):
    _record, token = link
    acknowledge_by_link(token=token)
    page = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    page.needs_reacknowledgement = True
    page.save_revision().publish()
    assert not externally_acknowledged(
        email="alex@example.org", purpose=PURPOSE, policy=PolicyPage.objects.get(pk=policy.pk)
    )


def test_unknown_or_tampered_tokens_do_nothing(link):
    _record, token = link
    for wrong in ("", "x" * 300, token[:-1] + ("A" if token[-1] != "A" else "B")):
        with pytest.raises(AcknowledgementError, match="not valid"):
            acknowledge_by_link(token=wrong)


def test_an_unpublished_policy_gets_no_link(policy_index):
    draft = make_policy(policy_index, title="Draft", slug="draft", publish=False, requires_acknowledgement=True)
    with pytest.raises(AcknowledgementError):
        issue_external_link(name="A", email="a@example.org", policy=draft, purpose=PURPOSE)


# -- the public page ----------------------------------------------------------------------------


def test_public_page_shows_the_policy_and_records_once(client, link):
    record, token = link
    page = client.get(url(token))
    assert page.status_code == 200
    assert "Alex Volunteer" in page.text and "How school accounts are run." in page.text
    assert "I have read and understood the Social Media Policy" in page.text
    assert page["Referrer-Policy"] == "same-origin"

    unticked = client.post(url(token), {})
    assert unticked.status_code == 200
    assert "There is a problem" in unticked.text
    assert "Tick the box to confirm you have read and understood the policy." in unticked.text
    assert not ExternalAcknowledgement.objects.get(pk=record.pk).is_used

    done = client.post(url(token), {"confirm": "on"})
    assert done.status_code == 200 and "Thank you, Alex Volunteer" in done.text
    assert ExternalAcknowledgement.objects.get(pk=record.pk).used_at == ISSUED

    again = client.post(url(token), {"confirm": "on"})
    assert again.status_code == 410 and "works only once" in again.text


def test_public_page_for_expired_and_unknown_links(client, link, frozen):
    _record, token = link
    assert client.get(url("not-a-real-token")).status_code == 404
    frozen.shift(datetime.timedelta(days=15))
    response = client.get(url(token))
    assert response.status_code == 410 and "expired" in response.text
