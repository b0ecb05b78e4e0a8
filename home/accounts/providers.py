"""Single sign-on pages of providers that are not configured answer "not found", not a server error.

allauth mounts ``/accounts/microsoft/…`` and ``/accounts/google/…`` whenever the provider
app is installed, and raises ``SocialApp.DoesNotExist`` (HTTP 500) when a trust has not
set that provider's variables (``intranet.settings.sso``).
"""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from django.http import Http404
from django.utils.module_loading import import_string

__all__ = ["only_when_configured"]


def only_when_configured(provider_id: str, view_path: str):
    """Return a view that runs allauth's ``view_path`` only when ``provider_id`` has an app.

    ``provider_id`` is allauth's ("microsoft", "google"); ``view_path`` the dotted path of
    its view (e.g. ``"allauth.socialaccount.providers.google.views.oauth2_login"``). The
    configuration is read at each request, so tests and settings changes need no reload.
    Raises ``Http404`` when the provider is not configured.
    """

    def view(request, *args, **kwargs):
        if not get_adapter(request).list_apps(request, provider=provider_id):
            raise Http404("This sign-in provider is not configured.")
        return import_string(view_path)(request, *args, **kwargs)

    view.__name__ = f"{provider_id}_only_when_configured"
    return view
