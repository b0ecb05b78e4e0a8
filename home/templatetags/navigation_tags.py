"""Site navigation: the main menu and the footer."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("tags/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    """Render the top-level menu: the home page's live children marked "show in menus".

    Anonymous visitors see public pages only, so a staff-only section never appears in
    their menu. One query for the pages.
    """
    request = context["request"]
    site = Site.find_for_request(request)
    items = Page.objects.none()
    if site is not None:
        items = site.root_page.get_children().live().in_menu()
        if not request.user.is_authenticated:
            items = items.public()
    return {"request": request, "items": list(items), "site_root": site.root_page if site else None}
