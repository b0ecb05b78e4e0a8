"""The dashboard as a browser shows it once its deferred panels have loaded (``home.dashboard.DeferredPanel``)."""

import re

from django.urls import reverse

DEFERRED_BODY = re.compile(r'data-deferred-panel="([^"]+)"')


def deferred_body_urls(html: str) -> list[str]:
    """Return the URLs the dashboard ``html`` fetches its deferred panels' bodies from, in page order."""
    return DEFERRED_BODY.findall(html)


def dashboard_as_shown(client) -> str:
    """GET the dashboard with ``client``; return its HTML with each deferred panel's body put in its place.

    Each body is fetched as the dashboard's script fetches it; a body that does not answer
    200 fails the calling test.
    """
    html = client.get(reverse("wagtailadmin_home")).text
    for url in deferred_body_urls(html):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        html = html.replace(f'data-deferred-panel="{url}"', f'data-deferred-panel="{url}" data-loaded', 1)
        html += response.text
    return html
