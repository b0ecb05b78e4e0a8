"""StreamField blocks shared by every page type (policies and guidance add their own)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading (h2 or h3) whose text also becomes its anchor."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        help_text=_("Use 'Section heading' for main sections and 'Sub-heading' inside them."),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Who this page is for", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key message, such as an action the reader must take."""

    style = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Important")), ("success", _("Good practice"))],
        default="info",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        preview_value = {"style": "info", "title": "Remember", "text": "<p>Ask before you post.</p>"}


class BaseStreamBlock(blocks.StreamBlock):
    """Headings, paragraphs and callouts: the body of simple content pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    callout = CalloutBlock()
