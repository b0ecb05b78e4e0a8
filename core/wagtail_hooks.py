"""Wagtail hooks of the project as a whole: marking the pages the public page cache may keep; the outbox report."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .caching.page_cache import mark_public_page
from .mail.admin import OutgoingEmailViewSet, SuperusersReadOnlyPolicy
from .mail.models import OutgoingEmail

hooks.register("before_serve_page", mark_public_page)

# The policy first: a viewset creates a fallback policy for its model when it is built.
register_permission_policy(OutgoingEmail, SuperusersReadOnlyPolicy(OutgoingEmail), exact_class=True)
hooks.register("register_admin_viewset", OutgoingEmailViewSet)
