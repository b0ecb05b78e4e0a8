"""StreamField blocks for policy documents.

A policy body is a sequence of numbered sections and appendices. Clause numbers
(``5.1``, ``A.3.6``) are kept as the document gives them, because staff quote them
("see clause A.5.4"); a section's anchor is built from its number and heading so the
table of contents and links into a section stay stable across revisions.
"""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import CalloutBlock

INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
TEXT_FEATURES = INLINE_FEATURES + ["ol", "ul"]


class ClauseBlock(blocks.StructBlock):
    """One numbered clause, such as "5.1 You must not ...", with its number kept as written."""

    number = blocks.CharBlock(
        required=False,
        max_length=20,
        help_text=_("The clause number exactly as the policy gives it, such as 5.1 or A.3.6."),
    )
    text = blocks.RichTextBlock(features=TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "blocks/policy_clause.html"
        preview_value = {"number": "4.2", "text": "<p>Staff must not share their passwords.</p>"}


class ListItemBlock(blocks.StructBlock):
    """One bullet point, optionally with bullet points of its own beneath it."""

    text = blocks.RichTextBlock(features=INLINE_FEATURES)
    sub_items = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES), required=False, default=[])

    class Meta:
        icon = "list-ul"
        preview_value = {"text": "<p>Staff</p>", "sub_items": ["<p>Read this policy.</p>"]}


class PolicyListBlock(blocks.StructBlock):
    """A bulleted or numbered list, such as the points a business case must cover."""

    style = blocks.ChoiceBlock(
        choices=[("bulleted", _("Bullet points")), ("numbered", _("Numbered"))],
        default="bulleted",
    )
    items = blocks.ListBlock(ListItemBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/policy_list.html"
        preview_value = {
            "style": "bulleted",
            "items": [{"text": "<p>The aim of the account</p>", "sub_items": []}],
        }


class PolicyTableBlock(blocks.StructBlock):
    """A table, such as roles and responsibilities, with an optional caption."""

    caption = blocks.CharBlock(required=False, max_length=200)
    table = TableBlock(table_options={"contextMenu": True})

    class Meta:
        icon = "table"
        template = "blocks/policy_table.html"
        preview_value = {
            "caption": "Roles and responsibilities",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [["Role", "Responsibility"], ["Headteacher", "Approves new accounts"]],
            },
        }


class DefinitionBlock(blocks.StructBlock):
    """A term the policy defines and what it means."""

    term = blocks.CharBlock(max_length=200)
    definition = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "openquote"
        preview_value = {"term": "Moderator", "definition": "<p>A person who reviews posts and comments.</p>"}


class DefinitionsBlock(blocks.StructBlock):
    """A list of defined terms, shown as a description list."""

    items = blocks.ListBlock(DefinitionBlock())

    class Meta:
        icon = "openquote"
        template = "blocks/policy_definitions.html"
        preview_value = {
            "items": [{"term": "Moderator", "definition": "<p>A person who reviews posts and comments.</p>"}]
        }


class DocumentDownloadBlock(blocks.StructBlock):
    """A link to download a document, such as a form or the signed original."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text=_("Leave blank to use the document's own title.")
    )
    description = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "blocks/policy_document.html"
        preview_value = {"title": "Social media site request form", "description": "Word document to print."}


class SubheadingBlock(blocks.StructBlock):
    """A heading inside a section, for a group of clauses or paragraphs."""

    text = blocks.CharBlock(max_length=250)

    class Meta:
        icon = "title"
        template = "blocks/policy_subheading.html"
        preview_value = {"text": "Personal accounts"}


class SectionContentBlock(blocks.StreamBlock):
    """What a section holds: clauses, paragraphs, lists, tables, definitions, callouts, downloads."""

    subheading = SubheadingBlock()
    clause = ClauseBlock()
    paragraph = blocks.RichTextBlock(features=TEXT_FEATURES, icon="pilcrow", template="blocks/policy_paragraph.html")
    list = PolicyListBlock()
    table = PolicyTableBlock()
    definitions = DefinitionsBlock()
    callout = CalloutBlock()
    document = DocumentDownloadBlock()


def section_label(number: str | None, heading: str | None) -> str:
    """Return a section's label from its ``number`` and ``heading``: "5.0 Principles", or whichever is given."""
    return " ".join(part for part in (number, heading) if part)


def section_base_anchor(label: str) -> str:
    """Return the anchor made from a section's ``label``, such as ``section-5-0-principles``."""
    return "section-" + (slugify(label.replace(".", "-")) or "untitled")


class SectionValue(blocks.StructValue):
    """A section's value, with the anchor and label the table of contents links to."""

    def label(self) -> str:
        """Return "5.0 Principles" or just the heading when the section has no number."""
        return section_label(self.get("number"), self.get("heading"))

    def base_anchor(self) -> str:
        """Return the anchor made from the number and heading, such as ``section-5-0-principles``."""
        return section_base_anchor(self.label())

    def anchor(self) -> str:
        """Return the section's ``id``: ``base_anchor()``, made unique on its page by ``PolicyPage.sections()``."""
        return getattr(self, "unique_anchor", None) or self.base_anchor()


class PolicySectionBlock(blocks.StructBlock):
    """A numbered section with a heading and its clauses; listed in the table of contents."""

    number = blocks.CharBlock(
        required=False, max_length=20, help_text=_("As the policy numbers it, such as 5 or 5.0. Optional.")
    )
    heading = blocks.CharBlock(max_length=250)
    content = SectionContentBlock(required=False)

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/policy_section.html"
        value_class = SectionValue
        preview_value = {
            "number": "5",
            "heading": "Personal use of social media",
            "content": [("clause", {"number": "5.1", "text": "<p>Keep your accounts private.</p>"})],
        }


class AppendixContentBlock(SectionContentBlock):
    """What an appendix holds: anything a section holds, and sections of its own."""

    section = PolicySectionBlock()


class PolicyAppendixBlock(blocks.StructBlock):
    """An appendix ("Appendix A: Requirements for creating sites"), after the main sections."""

    number = blocks.CharBlock(
        required=False, max_length=40, help_text=_("How the policy labels it, such as Appendix A.")
    )
    heading = blocks.CharBlock(required=False, max_length=250)
    content = AppendixContentBlock(required=False)

    class Meta:
        icon = "folder-open-inverse"
        template = "blocks/policy_appendix.html"
        value_class = SectionValue
        preview_value = {
            "number": "Appendix A",
            "heading": "Checklist before you post",
            "content": [("paragraph", "<p>Check these points before you post.</p>")],
        }


class PolicyBodyBlock(blocks.StreamBlock):
    """A policy's body: an opening (text, clauses, lists, tables), numbered sections, then appendices."""

    paragraph = blocks.RichTextBlock(features=TEXT_FEATURES, icon="pilcrow", template="blocks/policy_paragraph.html")
    clause = ClauseBlock()
    list = PolicyListBlock()
    table = PolicyTableBlock()
    callout = CalloutBlock()
    section = PolicySectionBlock()
    appendix = PolicyAppendixBlock()
