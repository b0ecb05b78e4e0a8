"""The Wagtail admin's sidebar, built once per person and kept until their access or the site changes.

Every admin page carries the sidebar's menu as JSON (Wagtail's ``{% sidebar_props %}``).
Building it asks every menu item, submenu and search area whether to show itself to the
person: for someone with many roles (a trust's CEO is a Headteacher and a Trust
administrator) that was about a third of a register page's time, to produce the same 5 KB
on every page they open.

``cached_sidebar_props`` keeps Wagtail's own output in the default cache, per person and
language, and hands it back until one of these changes:

- the site (the ``SITE`` generation: a page published, moved or deleted moves the
  explorer's start page; a privacy change, a site);
- anybody's access (the ``ACCESS`` generation, declared stale in ``install`` through
  ``core.caching.registry``): a user saved (roles, active, superuser, name; not the time of
  their last sign-in) or their profile (avatar, language), their groups or permissions, a
  group's permissions, a group or a permission, and the page and collection permissions of
  groups.

Entries also expire after ``SIDEBAR_SECONDS``, which bounds how long a new release's
menu items take to appear. ``install`` puts it in place of Wagtail's tag at start-up.
"""

from django.conf import settings
from django.utils.translation import get_language

from . import registry
from .generations import ACCESS, cached_until_site_changes

SIDEBAR_SECONDS = 10 * 60


def cached_sidebar_props(wagtail_sidebar_props):
    """Return a ``{% sidebar_props %}`` tag function that keeps ``wagtail_sidebar_props``'s output.

    The returned function takes the template context, as Wagtail's does, and returns the
    same ``<script type="application/json">`` element (a safe string). Anonymous requests
    (the admin's sign-in page), a cache that cannot be reached, and a cache each process
    keeps for itself (``settings.SHARED_SITE_CACHE`` false: a change in one process could
    not clear the others) get Wagtail's output as is.
    """

    def sidebar_props(context):
        user = context["request"].user
        if not user.is_authenticated or not settings.SHARED_SITE_CACHE:
            return wagtail_sidebar_props(context)
        key = f"admin-sidebar:{user.pk}:{get_language()}"
        return cached_until_site_changes(
            key, lambda: wagtail_sidebar_props(context), timeout=SIDEBAR_SECONDS, also=(ACCESS,)
        )

    return sidebar_props


def install() -> None:
    """Put ``cached_sidebar_props`` in place of Wagtail's ``{% sidebar_props %}``; declare what changes access.

    Called once from ``CoreConfig.ready``, before any template is compiled.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import GroupCollectionPermission, GroupPagePermission
    from wagtail.users.models import UserProfile

    wagtail_tag = wagtailadmin_tags.sidebar_props
    wagtailadmin_tags.register.simple_tag(cached_sidebar_props(wagtail_tag), takes_context=True, name="sidebar_props")

    user_model = get_user_model()
    # A sign-in writes only ``last_login``, which changes nobody's access.
    registry.stale_on_change(user_model, generation=ACCESS, ignore_fields={"last_login"})
    for model in (UserProfile, Group, Permission, GroupPagePermission, GroupCollectionPermission):
        registry.stale_on_change(model, generation=ACCESS)
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        registry.stale_on_m2m(through, generation=ACCESS)
