"""Wagtail hooks of the project as a whole.

Marking the pages the public page cache may keep; the outbox report; the dashboard's site
summary kept in the cache (``core.caching.site_summary``).
"""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .caching.page_cache import mark_public_page
from .caching.site_summary import keep_site_summary
from .mail.admin import OutgoingEmailViewSet, SuperusersReadOnlyPolicy
from .mail.models import OutgoingEmail

hooks.register("before_serve_page", mark_public_page)
# Last, after every app has added its items.
hooks.register("construct_homepage_summary_items", keep_site_summary, order=1000)

# The policy first: a viewset creates a fallback policy for its model when it is built.
register_permission_policy(OutgoingEmail, SuperusersReadOnlyPolicy(OutgoingEmail), exact_class=True)
hooks.register("register_admin_viewset", OutgoingEmailViewSet)
