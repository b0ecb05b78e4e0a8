"""StreamField blocks for parent e-safety guidance pages.

The policies promise "an active parent/carer education programme which supports the safe
and positive use of social media"; these blocks are the pieces of that programme the
communications team puts together on each guidance page. Each block renders with its
own template in ``templates/blocks/guidance_*.html``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import BaseStreamBlock

__all__ = [
    "AgeLimitRowBlock",
    "AgeLimitsTableBlock",
    "FaqBlock",
    "FaqItemBlock",
    "GuidanceResourceBlock",
    "GuidanceStreamBlock",
    "ReportConcernBlock",
    "ReportingServiceBlock",
    "SchoolContactBlock",
    "SmartLetterBlock",
    "SmartOnlineBlock",
]


class SmartLetterBlock(blocks.StructBlock):
    """One letter of "Be SMART online": the word it stands for and what it means for a child."""

    word = blocks.CharBlock(label=_("Word"), max_length=40)
    text = blocks.TextBlock(label=_("What it means"), max_length=400)

    class Meta:
        icon = "pilcrow"
        form_classname = "struct-block smart-letter-block"


class SmartValue(blocks.StructValue):
    """A "Be SMART online" value that can list its five letters in order."""

    LETTERS = ("s", "m", "a", "r", "t")

    def letters(self) -> list[tuple[str, blocks.StructValue]]:
        """Return ``[(letter, {"word", "text"}), ...]`` for S, M, A, R and T, in that order."""
        return [(letter.upper(), self[letter]) for letter in self.LETTERS]


class SmartOnlineBlock(blocks.StructBlock):
    """The "Be SMART online" rules: five fixed letters, each with words the editor can change."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default="Be SMART online")
    intro = blocks.TextBlock(label=_("Introduction"), required=False, max_length=400)
    s = SmartLetterBlock(
        label=_("S"),
        default={"word": "Safe", "text": "Keep your name, address, school and passwords to yourself."},
    )
    m = SmartLetterBlock(
        label=_("M"),
        default={
            "word": "Meet",
            "text": "Never meet someone you only know online unless a parent or carer is with you.",
        },
    )
    a = SmartLetterBlock(
        label=_("A"),
        default={
            "word": "Accepting",
            "text": "Think before you open messages, files or friend requests from people you do not know.",
        },
    )
    r = SmartLetterBlock(
        label=_("R"),
        default={"word": "Reliable", "text": "Not everything or everyone online tells the truth. Check with an adult."},
    )
    t = SmartLetterBlock(
        label=_("T"),
        default={
            "word": "Tell",
            "text": "Tell a trusted adult if anything online makes you feel worried, scared or uncomfortable.",
        },
    )

    class Meta:
        icon = "list-ul"
        label = _("Be SMART online")
        template = "blocks/guidance_smart_block.html"
        value_class = SmartValue
        help_text = _("The five SMART letters are fixed; change the words and explanations to suit your readers.")


class AgeLimitRowBlock(blocks.StructBlock):
    """One row of the age-limits table: a platform, its minimum age and a note for parents."""

    platform = blocks.CharBlock(label=_("Platform"), max_length=80)
    minimum_age = blocks.IntegerBlock(label=_("Minimum age"), min_value=0, max_value=21)
    notes = blocks.TextBlock(label=_("Notes"), required=False, max_length=400)

    class Meta:
        icon = "table"


class AgeLimitsTableBlock(blocks.StructBlock):
    """A table of platforms and the minimum age their own terms of service set."""

    caption = blocks.CharBlock(label=_("Table caption"), max_length=150, default="Minimum ages for popular platforms")
    rows = blocks.ListBlock(AgeLimitRowBlock(), label=_("Platforms"), min_num=1)
    source_note = blocks.TextBlock(
        label=_("Note under the table"),
        required=False,
        max_length=400,
        help_text=_("For example where the ages come from and when you last checked them."),
    )

    class Meta:
        icon = "table"
        label = _("Platform age limits")
        template = "blocks/guidance_age_limits_block.html"


class SchoolContactBlock(blocks.StructBlock):
    """Who a parent contacts at school about an online-safety worry."""

    role = blocks.CharBlock(
        label=_("Role"),
        max_length=120,
        default="Designated Safeguarding Lead",
        help_text=_("A role rather than a name, so the page stays right when staff change."),
    )
    how_to_contact = blocks.TextBlock(
        label=_("How to contact them"),
        max_length=400,
        default="Phone or visit your child's school office and ask to speak to the Designated Safeguarding Lead.",
    )
    email = blocks.EmailBlock(label=_("Email address"), required=False)
    phone = blocks.CharBlock(label=_("Phone number"), required=False, max_length=40)

    class Meta:
        icon = "user"


class ReportingServiceBlock(blocks.StructBlock):
    """A national service parents can report to, with a link."""

    name = blocks.CharBlock(label=_("Service name"), max_length=120)
    url = blocks.URLBlock(label=_("Web address"))
    description = blocks.TextBlock(label=_("What to report here"), required=False, max_length=300)

    class Meta:
        icon = "link-external"


class ReportConcernBlock(blocks.StructBlock):
    """How to report a concern: the school contact first, then national reporting services."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default="How to report a concern")
    emergency_text = blocks.CharBlock(
        label=_("Emergency message"),
        max_length=200,
        default="If a child is in immediate danger, call 999.",
    )
    school_contact = SchoolContactBlock(label=_("Contact at school"))
    services = blocks.ListBlock(ReportingServiceBlock(), label=_("National reporting services"), min_num=0)

    class Meta:
        icon = "warning"
        label = _("How to report a concern")
        template = "blocks/guidance_report_concern_block.html"


class FaqItemBlock(blocks.StructBlock):
    """One question parents ask, and its answer."""

    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"


class FaqBlock(blocks.StructBlock):
    """Frequently asked questions, each opened and closed by the reader (native details/summary)."""

    heading = blocks.CharBlock(
        label=_("Heading"), max_length=120, required=False, default="Questions parents often ask"
    )
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "blocks/guidance_faq_block.html"


class GuidanceStreamBlock(BaseStreamBlock):
    """The body of a guidance page: headings, rich text and callouts plus the guidance blocks."""

    smart = SmartOnlineBlock()
    age_limits = AgeLimitsTableBlock()
    report_concern = ReportConcernBlock()
    faq = FaqBlock()


class GuidanceResourceBlock(blocks.StructBlock):
    """A document parents can download, such as a printable checklist."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=150,
        help_text=_("Leave blank to use the document's own title."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable resource")
        template = "blocks/guidance_resource_block.html"
