"""Production's logging: a server error or failed task is mailed to ADMINS once, through the outbox, with no secret."""

import pytest
from django.conf import settings
from django.core import mail
from django.tasks import task
from django.test import Client
from django.urls import include, path
from django.utils.log import configure_logging

from core.mail.models import OutgoingEmail
from intranet.settings.env import error_logging

pytestmark = pytest.mark.django_db

SECRETS = {
    "SECRET_KEY": "the-secret-key-nobody-may-read",
    "MFA_SECRET_KEY": "the-mfa-key-nobody-may-read",
    "CACHE_PASSWORD": "the-redis-password",
    "SESSION": "the-session-cookie-value",
    "FORM_PASSWORD": "the-typed-password",
    "LOCAL": "a-local-variable-secret",
}


def broken_view(request):
    token = SECRETS["LOCAL"]  # noqa: F841 - a local variable a full report would print
    raise ZeroDivisionError("the calculation failed")


urlpatterns = [path("broken/", broken_view), path("", include("intranet.urls"))]


@task
def broken_task():
    raise ValueError("the nightly job failed")


@pytest.fixture
def production_logging(settings):
    settings.ADMINS = ["IT Team <it@example.org>"]
    settings.SECRET_KEY = SECRETS["SECRET_KEY"]
    settings.MFA_SECRET_KEY = SECRETS["MFA_SECRET_KEY"]
    settings.CACHES = {
        **settings.CACHES,
        "unused": {"BACKEND": "django.core.cache.backends.dummy.DummyCache", "LOCATION": SECRETS["CACHE_PASSWORD"]},
    }
    configure_logging("logging.config.dictConfig", error_logging())
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def assert_no_secret(email: OutgoingEmail) -> None:
    text = f"{email.subject}\n{email.body_text}\n{email.body_html}"
    assert not [name for name, secret in SECRETS.items() if secret in text]


@pytest.mark.urls(__name__)
def test_a_server_error_is_mailed_to_the_admins_once_through_the_outbox_without_secrets(production_logging):
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = SECRETS["SESSION"]

    response = client.post("/broken/", {"password": SECRETS["FORM_PASSWORD"]})

    assert response.status_code == 500
    email = OutgoingEmail.objects.get()
    assert email.to == ["IT Team <it@example.org>"]
    assert "Internal Server Error: /broken/" in email.subject
    assert_no_secret(email)
    assert "POST /broken/" in email.body_text
    assert "ZeroDivisionError: the calculation failed" in email.body_text
    assert email.status == OutgoingEmail.Status.SENT  # delivered by the worker's task
    assert [m.to for m in mail.outbox] == [["IT Team <it@example.org>"]]


def test_a_failed_task_is_mailed_to_the_admins_through_the_outbox(production_logging):
    broken_task.enqueue()

    email = OutgoingEmail.objects.get()
    assert email.to == ["IT Team <it@example.org>"]
    assert "broken_task" in email.subject
    assert "ValueError: the nightly job failed" in email.body_text
    assert_no_secret(email)


def test_without_admins_an_error_is_only_logged(production_logging, settings):
    settings.ADMINS = []

    broken_task.enqueue()

    assert not OutgoingEmail.objects.exists()
