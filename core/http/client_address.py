"""The address a request really came from, when the site runs behind trusted reverse proxies.

In production TLS ends at a proxy (nginx, a load balancer), so ``REMOTE_ADDR`` is the
proxy's address for everyone. Sign-in throttling keyed on it would let anyone lock out a
named Headteacher for everyone. Each trusted proxy appends the address it received the
request from to ``X-Forwarded-For``; the client's address is therefore the entry
``TRUSTED_PROXY_COUNT`` places from the right. Entries further left were written by the
client and are never trusted.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip


def client_ip_address(request: HttpRequest) -> str | None:
    """Return the client's IP address (text, IPv4 or IPv6) for ``request``, or None if it has none.

    ``settings.TRUSTED_PROXY_COUNT`` (environment variable of the same name) is the number
    of reverse proxies in front of the application that append to ``X-Forwarded-For``:
    0 (the default) means none, and ``X-Forwarded-For`` is ignored entirely, so a client
    cannot choose its own address; 1 is one nginx or load balancer, and so on. When the
    header is missing or has fewer entries than it should (a request that did not come
    through the proxies), ``REMOTE_ADDR`` is used. The parsing is django-ipware's; it is
    asked for the hop ``count - 1`` proxies from the right of the chain, non-strictly, so
    that extra entries a client put in front are skipped rather than making the header be
    ignored.
    """
    remote_address = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_address
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote_address
