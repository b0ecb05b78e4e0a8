"""The request's Wagtail ``Site`` from the shared cache, before anything asks for it."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

from .generations import cached_until_site_changes


class CachedSiteMiddleware:
    """Give each request its Wagtail ``Site`` from the shared cache, before anything asks for it.

    Wagtail finds a request's site (``Site.find_for_request``: the host name and port
    against every site, the default site as the fall-back) with a query whose SQL takes
    longer to build than to run, and every page, menu and setting asks for it. The site a
    host name and port resolve to is kept with ``cached_until_site_changes``, so a change to
    any ``Site`` is seen at once, and handed to Wagtail where ``find_for_request`` looks
    first: ``request._wagtail_site``, as its docstring says. A host name that is not in
    ``ALLOWED_HOSTS`` is refused here with a 400, as ``CommonMiddleware`` would. Does
    nothing when ``settings.SHARED_SITE_CACHE`` is false.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a shared cache Wagtail finds the site itself, and only when asked: the
        # search page, the request form and the admin never load the home page.
        if settings.SHARED_SITE_CACHE:
            hostname = split_domain_port(request.get_host())[0]
            request._wagtail_site = cached_until_site_changes(
                f"wagtail-site:{hostname}:{request.get_port()}", lambda: self.find_site(request)
            )
        return self.get_response(request)

    @staticmethod
    def find_site(request: HttpRequest) -> Site | None:
        """Return Wagtail's site for ``request`` (None when none matches), its root page loaded as its specific page.

        Wagtail routes every page from the site's root page, as its specific page: kept with
        the site, that is two queries fewer for every page served.
        """
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - loaded to be kept with the site
        return site
