"""Single sign-on providers, read from the environment so that no trust needs a code change.

Each provider is switched on by setting its client id; a provider whose client id is unset
is not offered. See "Signing in" in README.md for registering the app with each provider.

| Provider | Variables |
|---|---|
| Microsoft Entra ID | ``SSO_MICROSOFT_CLIENT_ID``, ``SSO_MICROSOFT_CLIENT_SECRET``, ``SSO_MICROSOFT_TENANT`` |
| Google Workspace | ``SSO_GOOGLE_CLIENT_ID``, ``SSO_GOOGLE_CLIENT_SECRET``, optional ``SSO_GOOGLE_DOMAIN`` |
| OpenID Connect | ``SSO_OIDC_CLIENT_ID``, ``SSO_OIDC_CLIENT_SECRET``, ``SSO_OIDC_ISSUER``, opt. ``SSO_OIDC_NAME`` |
"""

from django.core.exceptions import ImproperlyConfigured

from .env import env_str

# Entra's shared tenants accept accounts from any organisation (or personal accounts): the
# email address they report is not proven to belong to one of our schools.
_SHARED_ENTRA_TENANTS = {"common", "organizations", "consumers"}


def _client(prefix: str) -> tuple[str, str] | None:
    """Return ``(client_id, secret)`` for ``SSO_<prefix>_*``, or None when the provider is off."""
    client_id = env_str(f"SSO_{prefix}_CLIENT_ID", "")
    if not client_id:
        return None
    return client_id, env_str(f"SSO_{prefix}_CLIENT_SECRET")


def sso_providers_from_env() -> dict:
    """Return django-allauth's ``SOCIALACCOUNT_PROVIDERS`` for the providers configured here.

    Returns ``{provider_id: {"APPS": [...], ...}}`` with only the configured providers.
    Raises ``ImproperlyConfigured`` (naming the variable) when a provider's client id is set
    but its secret, tenant or issuer is missing, or when the Microsoft tenant is a shared one
    ("common", "organizations", "consumers"): only a trust's own tenant vouches for the
    email addresses it reports.
    """
    providers: dict = {}

    microsoft = _client("MICROSOFT")
    if microsoft:
        tenant = env_str("SSO_MICROSOFT_TENANT")
        if tenant.lower() in _SHARED_ENTRA_TENANTS:
            raise ImproperlyConfigured(
                "SSO_MICROSOFT_TENANT must be the trust's own tenant id (a GUID or domain), "
                f"not the shared tenant {tenant!r}."
            )
        providers["microsoft"] = {
            "APPS": [
                {
                    "client_id": microsoft[0],
                    "secret": microsoft[1],
                    # A single-tenant app: the tenant's administrators own the addresses
                    # (Entra verifies each domain added to a tenant).
                    "settings": {"tenant": tenant, "verified_email": True},
                }
            ],
            "SCOPE": ["User.Read", "openid", "email", "profile"],
        }

    google = _client("GOOGLE")
    if google:
        app: dict = {"client_id": google[0], "secret": google[1]}
        domain = env_str("SSO_GOOGLE_DOMAIN", "")
        providers["google"] = {
            "APPS": [app],
            "SCOPE": ["openid", "email", "profile"],
            # ``hd`` only preselects the Workspace domain on Google's page; who may sign in
            # is still decided by the schools' email domains.
            "AUTH_PARAMS": {"hd": domain} if domain else {},
        }

    oidc = _client("OIDC")
    if oidc:
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": "oidc",
                    "name": env_str("SSO_OIDC_NAME", "your organisation's account"),
                    "client_id": oidc[0],
                    "secret": oidc[1],
                    "settings": {"server_url": env_str("SSO_OIDC_ISSUER")},
                }
            ],
            "SCOPE": ["openid", "email", "profile"],
        }
    return providers


def sso_role_groups_from_env() -> dict[str, str]:
    """Return ``SSO_ROLE_GROUPS`` as ``{idp_group: role}``; empty (the default) gives no roles.

    The variable reads ``idp-group=Role name;other-group=Other role``. Role names are
    checked against ``home.roles`` at sign-in, not here (settings load before apps).
    """
    raw = env_str("SSO_ROLE_GROUPS", "")
    mapping: dict[str, str] = {}
    for item in raw.split(";"):
        if not item.strip():
            continue
        group, sep, role = item.partition("=")
        if not sep or not group.strip() or not role.strip():
            raise ImproperlyConfigured(
                f"SSO_ROLE_GROUPS has {item.strip()!r}; write each mapping as idp-group=Role name, separated by ';'."
            )
        mapping[group.strip()] = role.strip()
    return mapping
