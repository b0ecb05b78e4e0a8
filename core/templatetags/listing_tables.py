"""``{% listing_table %}``: one markup for the admin's own listing tables (dashboard panels, report summaries).

Each table keeps only what is its own, its headings and a row template; the shell (Wagtail's
``listing`` classes, the caption, ``<th scope="col">`` headings) is written once, in
``includes/admin_listing_table.html``.
"""

from django import template
from django.utils.safestring import SafeString

register = template.Library()

SHELL_TEMPLATE = "includes/admin_listing_table.html"
OPTIONS = {"caption", "caption_id", "dashboard"}


@register.simple_tag(takes_context=True)
def listing_table(context, rows, row_template: str, *headings, **options) -> SafeString:
    """Render an admin listing table of ``rows``, one ``row_template`` (a ``<tr>``, given ``row``) per item.

    ``headings`` are the column headings, in order. ``options``: ``caption``, read by screen
    readers only; ``caption_id``, to describe the table by its caption (``aria-describedby``);
    ``dashboard=True``, for the compact dashboard-panel style. The row template sees the
    caller's context too (URL names, today's date). Returns the table's HTML; raises
    ``TemplateSyntaxError`` for an unknown option.
    """
    unknown = options.keys() - OPTIONS
    if unknown:
        raise template.TemplateSyntaxError(f"listing_table has no option {', '.join(sorted(unknown))}")
    shell = context.template.engine.get_template(SHELL_TEMPLATE)
    # Options left out are blanked, so a caller's own ``caption`` variable cannot leak into the table.
    options = dict.fromkeys(OPTIONS, "") | options
    with context.push(rows=rows, row_template=row_template, headings=headings, **options):
        return shell.render(context)
