"""A real OpenID Connect provider on loopback for the single sign-on tests (oidc-provider-mock).

The provider runs in a thread of the test process on localhost with a port the system
picks, and is stopped with the session. Each test chooses the person's claims (email,
email_verified, amr, groups) before signing in; the provider's authorize page is where the
person "signs in" by typing their subject.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import requests

PROVIDER_ID = "oidc"
PROVIDER_NAME = "Northbrook account"
CLIENT_ID = "intranet-tests"
CLIENT_SECRET = "not-a-real-secret"


@dataclass
class OIDCProvider:
    """The running provider: its issuer URL and a way to set a person's claims."""

    url: str

    def set_person(self, sub: str, **claims) -> None:
        """Set the claims the provider will report for subject ``sub`` (e.g. email, email_verified, amr)."""
        response = requests.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=5)
        response.raise_for_status()

    def settings(self) -> dict:
        """``SOCIALACCOUNT_PROVIDERS`` for this provider, as ``intranet.settings.sso`` builds it."""
        return {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": PROVIDER_NAME,
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": self.url},
                    }
                ],
                "SCOPE": ["openid", "email", "profile"],
            }
        }


@contextmanager
def running_provider():
    """Start the provider on loopback (a free port); yield an ``OIDCProvider``; stop it afterwards."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield OIDCProvider(url=f"http://localhost:{server.server_port}")
