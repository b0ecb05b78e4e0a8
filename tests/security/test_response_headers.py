"""Headers every response carries: no caching for signed-in people, a Permissions-Policy."""

import pytest
from django.urls import reverse

from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_cache_of_signed_in_pages_is_no_store(client, staff_home, staff_user):
    """Previously signed-in pages stayed in a shared computer's browser cache after sign-out."""
    request = complete_request(author=staff_user, account_name="Riverside PE Instagram")
    client.force_login(staff_user)
    for url in (
        staff_home.url,
        reverse("forms_app:my_requests"),
        reverse("forms_app:detail", args=[request.public_id]),
        reverse("search") + "?q=policy",
        reverse("wagtailadmin_home"),
    ):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert {"no-store", "private"} <= cache_directives(response), url


def test_anonymous_public_pages_are_not_no_store(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)
    response = client.get(reverse("search") + "?q=policy")
    assert "no-store" not in cache_directives(response)


def test_permissions_policy_switches_off_unused_features(client, home_page):
    """Previously no Permissions-Policy header; the camera, microphone and so on were not switched off."""
    for url in (home_page.url, reverse("login"), reverse("wagtailadmin_login")):
        header = client.get(url).headers["Permissions-Policy"]
        features = dict(part.strip().split("=", 1) for part in header.split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (url, feature)
        # Passkeys will be offered for sign-in: the site itself may use WebAuthn.
        assert features["publickey-credentials-get"] == "(self)"
        assert features["publickey-credentials-create"] == "(self)"
