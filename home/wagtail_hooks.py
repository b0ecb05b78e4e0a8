"""Admin registration for the trust's structure."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import School


class SchoolViewSet(SnippetViewSet):
    """Schools and the central team, under Settings; edited by site administrators."""

    model = School
    icon = "home"
    menu_label = _("Schools")
    add_to_settings_menu = True
    list_display = ["name", "is_central_team"]
    search_fields = ["name"]


register_snippet(SchoolViewSet)
