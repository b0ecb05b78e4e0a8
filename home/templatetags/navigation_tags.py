"""Site navigation: the main menu, cached per site and audience (see ``home.navigation``)."""

from django import template
from wagtail.models import Site

from home.navigation import menu_for

register = template.Library()


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """Render the top-level menu: the home page's live children marked "show in menus".

    Anonymous visitors see public pages only, so a staff-only section never appears in
    their menu. The items come from the shared cache (``home.navigation.menu_for``): no
    query once cached, until a page is published, unpublished, moved, deleted or has its
    privacy changed.
    """
    request = context["request"]
    site = Site.find_for_request(request)
    menu = menu_for(site=site, request=request) if site is not None else None
    return {
        "request": request,
        "items": menu["items"] if menu else [],
        "site_root": {"url": menu["root_url"]} if menu else None,
    }
