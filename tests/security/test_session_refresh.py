"""A signed-in session stays alive while used, without writing the session on every request."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def session_writes(client, url="/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code in (200, 302)
    return sum(1 for q in captured.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"])


def test_the_session_is_written_only_every_few_minutes_and_the_idle_time_out_moves_on(client, home_page):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(UserFactory(username="reader"))
        client.get("/")
        key = client.cookies["sessionid"].value
        first_expiry = Session.objects.get(session_key=key).expire_date
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert session_writes(client) == 0
    with time_machine.travel(start + datetime.timedelta(minutes=100), tick=False):
        assert session_writes(client) == 1
        assert Session.objects.get(session_key=key).expire_date == first_expiry + datetime.timedelta(minutes=100)
    with time_machine.travel(start + datetime.timedelta(minutes=100 + 119), tick=False):
        assert "_auth_user_id" in client.session  # still signed in: under two hours since the last use


def test_a_visitor_without_a_session_gets_none_and_a_stale_cookie_is_not_renewed(client, home_page):
    client.get("/")
    assert "sessionid" not in client.cookies
    client.cookies["sessionid"] = "no-such-session"
    response = client.get("/")
    assert "sessionid" not in response.cookies or response.cookies["sessionid"].value == ""  # cleared, not renewed
    assert not Session.objects.exists()
