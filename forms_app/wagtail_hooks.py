"""Admin registration; each concern lives in its own module and is registered here."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import register  # noqa: F401  (registers the register's admin)
from .dashboard import replace_moderation_panel
from .viewsets import SocialMediaViewSetGroup

register_snippet(SocialMediaViewSetGroup)
hooks.register("construct_homepage_panels", replace_moderation_panel)
