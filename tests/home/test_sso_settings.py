"""Single sign-on is configured from the environment, with a clear error for a half-set provider."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from intranet.settings.sso import sso_providers_from_env, sso_role_groups_from_env


def test_no_variables_no_providers(monkeypatch):
    for name in ("SSO_MICROSOFT_CLIENT_ID", "SSO_GOOGLE_CLIENT_ID", "SSO_OIDC_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    assert sso_providers_from_env() == {}


def test_each_provider_from_its_variables(monkeypatch):
    monkeypatch.setenv("SSO_MICROSOFT_CLIENT_ID", "ms-id")
    monkeypatch.setenv("SSO_MICROSOFT_CLIENT_SECRET", "ms-secret")
    monkeypatch.setenv("SSO_MICROSOFT_TENANT", "00000000-1111-2222-3333-444444444444")
    monkeypatch.setenv("SSO_GOOGLE_CLIENT_ID", "g-id")
    monkeypatch.setenv("SSO_GOOGLE_CLIENT_SECRET", "g-secret")
    monkeypatch.setenv("SSO_GOOGLE_DOMAIN", "northbrook.example.org")
    monkeypatch.setenv("SSO_OIDC_CLIENT_ID", "o-id")
    monkeypatch.setenv("SSO_OIDC_CLIENT_SECRET", "o-secret")
    monkeypatch.setenv("SSO_OIDC_ISSUER", "https://idp.example.org/realms/trust")
    monkeypatch.setenv("SSO_OIDC_NAME", "Trust account")
    providers = sso_providers_from_env()
    assert providers["microsoft"]["APPS"][0]["settings"]["tenant"] == "00000000-1111-2222-3333-444444444444"
    assert providers["google"]["AUTH_PARAMS"] == {"hd": "northbrook.example.org"}
    oidc = providers["openid_connect"]["APPS"][0]
    assert (oidc["provider_id"], oidc["name"]) == ("oidc", "Trust account")
    assert oidc["settings"]["server_url"] == "https://idp.example.org/realms/trust"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SSO_GOOGLE_CLIENT_ID": "g-id"}, "SSO_GOOGLE_CLIENT_SECRET"),
        ({"SSO_OIDC_CLIENT_ID": "o", "SSO_OIDC_CLIENT_SECRET": "s"}, "SSO_OIDC_ISSUER"),
        ({"SSO_MICROSOFT_CLIENT_ID": "m", "SSO_MICROSOFT_CLIENT_SECRET": "s"}, "SSO_MICROSOFT_TENANT"),
        (
            {"SSO_MICROSOFT_CLIENT_ID": "m", "SSO_MICROSOFT_CLIENT_SECRET": "s", "SSO_MICROSOFT_TENANT": "common"},
            "own tenant",
        ),
    ],
)
def test_a_half_configured_provider_stops_start_up_naming_the_variable(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        sso_providers_from_env()


def test_role_mapping(monkeypatch):
    monkeypatch.setenv("SSO_ROLE_GROUPS", "sg-ict=ICT Managers; sg-heads=Headteachers")
    assert sso_role_groups_from_env() == {"sg-ict": "ICT Managers", "sg-heads": "Headteachers"}
    monkeypatch.setenv("SSO_ROLE_GROUPS", "just-a-group")
    with pytest.raises(ImproperlyConfigured, match="idp-group=Role name"):
        sso_role_groups_from_env()
