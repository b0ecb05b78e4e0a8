"""Admin registration; each concern lives in its own module and is registered here."""

from wagtail.snippets.models import register_snippet

from . import register  # noqa: F401  (registers the register's admin)
from .viewsets import SocialMediaViewSetGroup

register_snippet(SocialMediaViewSetGroup)
