"""Parent e-safety guidance: a public section written and published by the communications team.

The trust's social media policies promise "an active parent/carer education programme
which supports the safe and positive use of social media. This includes information on
the website". These pages are that information. Each page records when it was last
checked; once its review interval has passed it is flagged to the communications team in
the admin (see ``policy.guidance.selectors.stale_guidance``).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.fields import optional_link
from policy.guidance.blocks import GuidanceResourceBlock, GuidanceStreamBlock

from .review_dates import add_months

__all__ = [
    "DEFAULT_REVIEW_INTERVAL_MONTHS",
    "GuidanceTopic",
    "ParentGuidanceIndexPage",
    "ParentGuidancePage",
    "ParentGuidanceRelatedPage",
]

# Guidance about apps and age limits goes out of date quickly; six months is the
# longest a page should go unchecked unless the team chooses otherwise.
DEFAULT_REVIEW_INTERVAL_MONTHS = 6


class GuidanceTopic(models.TextChoices):
    """The topics the guidance index groups pages under, in the order parents see them."""

    AGE_LIMITS = "age_limits", _("Apps, games and age limits")
    STAYING_SAFE = "staying_safe", _("Staying safe online")
    CONTACT = "contact", _("Who your child talks to online")
    WELLBEING = "wellbeing", _("Screen time and wellbeing")
    REPORTING = "reporting", _("Reporting a concern")


class ParentGuidanceIndexPage(Page):
    """The public "Parent e-safety guidance" section: lists every guidance page by topic."""

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A short welcome for parents and carers, shown above the list of topics."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policy.ParentGuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = _("parent guidance index page")

    def guidance_pages(self) -> models.QuerySet["ParentGuidancePage"]:
        """Return the live, public guidance pages in this section, by topic then title.

        StreamFields are deferred: the index shows titles and summaries only.
        """
        return (
            ParentGuidancePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("topic", "title", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        """Add ``topics``: ``[(topic label, [guidance page, ...]), ...]`` in ``GuidanceTopic`` order.

        Topics with no live pages are left out. One query for the pages.
        """
        context = super().get_context(request, *args, **kwargs)
        by_topic: dict[str, list[ParentGuidancePage]] = {}
        for guidance in self.guidance_pages():
            by_topic.setdefault(guidance.topic, []).append(guidance)
        context["topics"] = [(topic.label, by_topic[topic.value]) for topic in GuidanceTopic if topic.value in by_topic]
        return context


class ParentGuidancePage(Page):
    """One piece of e-safety guidance for parents and carers, such as a page about age limits."""

    topic = models.CharField(
        _("topic"),
        max_length=30,
        choices=GuidanceTopic.choices,
        default=GuidanceTopic.STAYING_SAFE,
        help_text=_("The heading this page is listed under on the guidance index."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences: shown on the guidance index, in search results and under the title."),
    )
    image = optional_link(
        "wagtailimages.Image", _("image"), help_text=_("Optional. Choose from the 'Parent guidance' collection.")
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required when you choose an image: describe what the image shows for parents who cannot see it."),
    )
    body = StreamField(GuidanceStreamBlock(), blank=True, verbose_name=_("body"))
    resources = StreamField(
        [("resource", GuidanceResourceBlock())],
        blank=True,
        verbose_name=_("downloadable resources"),
        help_text=_("Documents parents can download, such as a printable checklist."),
    )
    last_checked = models.DateField(
        _("last checked"),
        default=timezone.localdate,
        help_text=_("The date someone last checked this page is still correct. Readers see it on the page."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("How often this page must be checked. It is flagged in the admin when a check is due."),
    )
    # Stored, not computed in queries, so "due for a check" is one indexed filter on
    # every database (month arithmetic differs between SQLite and PostgreSQL).
    review_due = models.DateField(_("next check due"), editable=False, null=True, db_index=True)

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("resources"),
        InlinePanel("related_pages", label=_("Related pages"), heading=_("Related pages")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_checked"), FieldPanel("review_interval_months")]),
                FieldPanel("review_due", read_only=True, help_text=_("Worked out when you save.")),
            ],
            heading=_("Checking this guidance"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("get_topic_display"),
        index.AutocompleteField("summary"),
        index.FilterField("topic"),
        index.FilterField("review_due"),
    ]

    parent_page_types = ["policy.ParentGuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("parent guidance page")

    def clean(self):
        """Require alt text whenever an image is chosen (WCAG 1.1.1: non-text content).

        Raises ``ValidationError`` on ``image_alt`` so the admin shows it beside that field.
        """
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for readers who cannot see it, or remove the image.")}
            )

    def save(self, *args, **kwargs):
        """Save, keeping ``review_due`` (``last_checked`` + ``review_interval_months``) in step."""
        self.review_due = self.compute_review_due()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"last_checked", "review_interval_months"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "review_due"}
        return super().save(*args, **kwargs)

    def compute_review_due(self) -> date | None:
        """Return the date the next check is due, or None if the page has no last-checked date."""
        if self.last_checked is None:
            return None
        return add_months(self.last_checked, self.review_interval_months or DEFAULT_REVIEW_INTERVAL_MONTHS)

    def is_stale(self, *, today: date | None = None) -> bool:
        """True when the next check is due on or before ``today`` (default: today in Europe/London)."""
        due = self.compute_review_due()
        return due is not None and due <= (today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        """Add ``section`` (the guidance index, for the breadcrumb) and ``related`` (live related pages).

        A fixed number of queries whatever the size of the section.
        """
        context = super().get_context(request, *args, **kwargs)
        context["section"] = self.get_parent()
        context["related"] = [
            link.related_page
            for link in self.related_pages.filter(related_page__live=True).select_related("related_page")
        ]
        return context


class ParentGuidanceRelatedPage(Orderable):
    """A link from a guidance page to another page on the site, listed under "Related pages"."""

    page = ParentalKey(ParentGuidancePage, on_delete=models.CASCADE, related_name="related_pages")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("related_page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
        verbose_name_plural = _("related pages")
