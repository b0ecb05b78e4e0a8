"""``{% listing_table %}``: one markup for the admin's own listing tables (dashboard panels, report summaries).

Each table keeps only what is its own, its headings and a row template; the shell (Wagtail's
``listing`` classes, the caption, ``<th scope="col">`` headings) is written once, in
``includes/admin_listing_table.html``.
"""

from django import template
from django.utils.safestring import SafeString

register = template.Library()

SHELL_TEMPLATE = "includes/admin_listing_table.html"


@register.simple_tag(takes_context=True)
def listing_table(
    context,
    rows,
    row_template: str,
    *headings,
    caption: str = "",
    caption_id: str = "",
    dashboard: bool = False,
) -> SafeString:
    """Render an admin listing table of ``rows``, one ``row_template`` (a ``<tr>``, given ``row``) per item.

    ``headings`` are the column headings, in order. ``caption`` is read by screen readers
    only; with ``caption_id`` the table is also described by it (``aria-describedby``).
    ``dashboard`` gives the compact dashboard-panel style. The row template sees the
    caller's context too (URL names, today's date). Returns the table's HTML.
    """
    shell = context.template.engine.get_template(SHELL_TEMPLATE)
    with context.push(
        rows=rows,
        row_template=row_template,
        headings=headings,
        caption=caption,
        caption_id=caption_id,
        dashboard=dashboard,
    ):
        return shell.render(context)
