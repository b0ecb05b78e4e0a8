"""Wagtail admin for requests and platforms (snippets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Platform, SocialMediaSiteRequest


class SocialMediaSiteRequestViewSet(SnippetViewSet):
    """Requests in the admin, where approvers review and moderate them."""

    model = SocialMediaSiteRequest
    icon = "form"
    menu_label = _("Requests")
    list_display = ["reference", "school", "status", "updated_at"]
    list_filter = ["status", "school"]


class PlatformViewSet(SnippetViewSet):
    """Platforms and their minimum ages, edited by site administrators."""

    model = Platform
    icon = "globe"
    menu_label = _("Platforms")
    list_display = ["name", "minimum_age", "is_third_party"]


class SocialMediaViewSetGroup(SnippetViewSetGroup):
    items = (SocialMediaSiteRequestViewSet, PlatformViewSet)
    menu_icon = "group"
    menu_label = _("Social media")
    menu_name = "social-media"
