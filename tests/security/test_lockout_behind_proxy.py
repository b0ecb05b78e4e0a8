"""Sign-in throttling behind a TLS proxy counts each client's own address, never the proxy's."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.254"  # REMOTE_ADDR of every request that came through the proxy
ATTACKER = "198.51.100.66"
HEADTEACHER_AT_SCHOOL = "203.0.113.10"


def attempt(client, username, password, *, forwarded_for=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def headteacher_account(school):
    return UserFactory(username="head.riverside", school=school)


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    "attacker_forwarded_for",
    [
        ATTACKER,
        # The proxy appends the attacker's real address after whatever the attacker sent.
        f"{HEADTEACHER_AT_SCHOOL}, {ATTACKER}",
    ],
    ids=["attackers-own-address", "attacker-writes-the-schools-address"],
)
def test_lockout_behind_one_trusted_proxy_pauses_the_attacker_and_spares_the_real_user(
    client, staff_home, headteacher_account, attacker_forwarded_for
):
    """Previously behind the proxy anyone could lock a named Headteacher out every 15 minutes.

    An attacker who sends X-Forwarded-For naming the school's address is still counted at their own.
    """
    for _ in range(5):
        attempt(client, headteacher_account.username, "wrong-password", forwarded_for=attacker_forwarded_for)
    # The attacker's own address is now paused for that username ...
    assert attempt(client, headteacher_account.username, TEST_PASSWORD, forwarded_for=ATTACKER).status_code == 429
    # ... but the Headteacher, through the same proxy from the school, still signs in.
    signed_in = attempt(client, headteacher_account.username, TEST_PASSWORD, forwarded_for=HEADTEACHER_AT_SCHOOL)
    assert signed_in.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_lockout_without_trusted_proxies_ignores_a_spoofed_forwarded_for(client, staff_home, headteacher_account):
    """With no proxy configured X-Forwarded-For is the client's own text: changing it evades nothing."""
    for number in range(5):
        attempt(client, headteacher_account.username, "wrong", forwarded_for=f"192.0.2.{number}", remote=ATTACKER)
    locked = attempt(client, headteacher_account.username, TEST_PASSWORD, forwarded_for="192.0.2.200", remote=ATTACKER)
    assert locked.status_code == 429
    # And the spoofed header cannot lock out anyone else's address either.
    signed_in = attempt(
        client, headteacher_account.username, TEST_PASSWORD, forwarded_for=ATTACKER, remote=HEADTEACHER_AT_SCHOOL
    )
    assert signed_in.status_code == 302


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_lockout_behind_proxy_falls_back_to_the_connection_address(client, staff_home, headteacher_account):
    """A request that reached the app without the proxy's header is counted at its connection address."""
    for _ in range(5):
        attempt(client, headteacher_account.username, "wrong", remote=ATTACKER)
    assert attempt(client, headteacher_account.username, TEST_PASSWORD, remote=ATTACKER).status_code == 429
    assert attempt(client, headteacher_account.username, TEST_PASSWORD, remote=HEADTEACHER_AT_SCHOOL).status_code == 302
