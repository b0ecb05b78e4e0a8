"""The Wagtail admin's sidebar, built once per person and kept until their access or the site changes.

Every admin page carries the sidebar's menu as JSON (Wagtail's ``{% sidebar_props %}``).
Building it asks every menu item, submenu and search area whether to show itself to the
person: for someone with many roles (a trust's CEO is a Headteacher and a Trust
administrator) that was about a third of a register page's time, to produce the same 5 KB
on every page they open.

``cached_sidebar_props`` keeps Wagtail's own output in the default cache, per person and
language, and hands it back until one of these changes:

- the site (``intranet.page_cache.cached_until_site_changes``: a page published, moved or
  deleted moves the explorer's start page; a privacy change, a site);
- anybody's access (``clear_sidebars``): a user saved (roles, active, superuser, name;
  not the time of their last sign-in) or their profile (avatar, language), their groups
  or permissions, a group's permissions, a group or a permission, and the page and
  collection permissions of groups.

Entries also expire after ``SIDEBAR_SECONDS``, which bounds how long a new release's
menu items take to appear. ``install`` puts it in place of Wagtail's tag at start-up.
"""

import logging

from django.conf import settings
from django.utils.translation import get_language

from .page_cache import cached_until_site_changes, current_generation, new_generation

logger = logging.getLogger(__name__)

ACCESS_GENERATION_KEY = "admin-sidebar:access-generation"
SIDEBAR_SECONDS = 10 * 60


def clear_sidebars(sender=None, update_fields=None, **kwargs) -> None:
    """Make every kept sidebar out of date. A signal receiver; a save of only ``last_login`` changes no access."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    try:
        new_generation(ACCESS_GENERATION_KEY)
    except Exception:
        logger.exception("The cache could not be reached to clear the admin sidebars.")


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
        try:
            generation = current_generation(ACCESS_GENERATION_KEY)
        except Exception:
            logger.exception("The cache could not be read; the admin sidebar is built afresh.")
            return wagtail_sidebar_props(context)
        key = f"admin-sidebar:{user.pk}:{get_language()}:{generation}"
        return cached_until_site_changes(key, lambda: wagtail_sidebar_props(context), timeout=SIDEBAR_SECONDS)

    return sidebar_props


def install() -> None:
    """Put ``cached_sidebar_props`` in place of Wagtail's ``{% sidebar_props %}`` and connect ``clear_sidebars``.

    Called once from ``IntranetConfig.ready``, before any template is compiled.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import GroupCollectionPermission, GroupPagePermission
    from wagtail.users.models import UserProfile

    from home.models import User

    wagtail_tag = wagtailadmin_tags.sidebar_props
    wagtailadmin_tags.register.simple_tag(cached_sidebar_props(wagtail_tag), takes_context=True, name="sidebar_props")

    for model in (User, UserProfile, Group, Permission, GroupPagePermission, GroupCollectionPermission):
        post_save.connect(clear_sidebars, sender=model, dispatch_uid=f"admin-sidebar.{model.__name__}.saved")
        post_delete.connect(clear_sidebars, sender=model, dispatch_uid=f"admin-sidebar.{model.__name__}.deleted")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(clear_sidebars, sender=through, dispatch_uid=f"admin-sidebar.{through.__name__}")
