"""Policy pages: the policy document itself, its categories and its searchable sections.

A policy belongs to one school or to the whole trust, is reviewed on a cycle
("Reviewed January 2025 — Next Review due January 2027") and may be staff-only. Staff-only
means Wagtail page privacy (sign-in required) on the policy or an ancestor, never a flag
of our own, so every channel that honours page privacy (menus, listings, search, sitemap)
keeps it from anonymous visitors. The index page that lists policies is in ``index.py``,
who may change one in ``permissions.py``, the review reminders sent in ``reminders.py``
and the review-date arithmetic in ``review_dates.py``.
"""

import datetime
from collections.abc import Iterator

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.fields import optional_link
from policy.blocks import PolicyBodyBlock, section_base_anchor, section_label
from policy.forms import PolicyPageForm

from .permissions import PolicyPagePermissionTester
from .review_dates import add_months

__all__ = [
    "PolicyCategory",
    "PolicyPage",
    "SEARCH_INDEX_MAX_CHARACTERS",
]

# How much of a policy's text goes into the search index. PostgreSQL refuses a tsvector
# over 1 MB ("string is too long for tsvector"), which a long imported policy reached; a
# quarter of a million characters (about 40,000 words, far beyond any real policy) stays
# well under it even when every word is different. The page itself keeps its full text.
SEARCH_INDEX_MAX_CHARACTERS = 250_000


def unique_anchor(base: str, seen: dict[str, int]) -> str:
    """Return ``base``, or ``base-2``, ``base-3`` … when ``seen`` (anchors so far on the page, counted) has it already.

    Counts ``base`` in ``seen``, so call it once per section, in reading order.
    """
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _raw_section_texts(block, raw: dict, seen: dict[str, int]) -> Iterator[tuple[str, str, str]]:
    """Yield ``(label, anchor, plain text)`` for one section's stored data ``raw``, then for each section inside it.

    ``block`` is the section's (or appendix's) block. Only this section's own content
    (not the sections inside it) is turned into block values, to take its searchable text.
    """
    label = section_label(raw.get("number"), raw.get("heading"))
    anchor = unique_anchor(section_base_anchor(label), seen)
    content_block = block.child_blocks["content"]
    children = raw.get("content") or []
    own = content_block.to_python([child for child in children if child["type"] != "section"])
    yield (
        label,
        anchor,
        " ".join(str(part) for child in own for part in child.block.get_searchable_content(child.value)),
    )
    for child in children:
        if child["type"] == "section":
            yield from _raw_section_texts(content_block.child_blocks["section"], child["value"] or {}, seen)


class PolicyCategory(models.TextChoices):
    """What a policy is about; the index page filters on it."""

    SAFEGUARDING = "safeguarding", _("Safeguarding and child protection")
    ONLINE_SAFETY = "online-safety", _("Online safety, ICT and social media")
    STAFF = "staff", _("Staff conduct and employment")
    BEHAVIOUR = "behaviour", _("Behaviour and attendance")
    CURRICULUM = "curriculum", _("Curriculum and learning")
    DATA_PROTECTION = "data-protection", _("Data protection")
    HEALTH_AND_SAFETY = "health-and-safety", _("Health and safety")
    GOVERNANCE = "governance", _("Governance and finance")
    OTHER = "other", _("Other")


class PolicyPage(Page):
    """One policy document: numbered sections, review dates, owner and approval details."""

    school = models.ForeignKey(
        "home.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Leave blank for a policy that applies across the whole trust."),
    )
    category = models.CharField(
        _("category"), max_length=30, choices=PolicyCategory.choices, default=PolicyCategory.OTHER
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("Two or three sentences saying what the policy covers and who it applies to."),
    )
    body = StreamField(PolicyBodyBlock(), blank=True, use_json_field=True)
    # The page template renders the body (and its contents list) inside a fragment cache:
    # routing loads the page without it, and it is read only when that cache misses.
    defer_streamfields_when_served = True
    lead_member_of_staff = models.CharField(
        _("lead member of staff"),
        max_length=150,
        blank=True,
        help_text=_(
            "A role, not a name, so the policy stays right when people change: e.g. Designated Safeguarding Lead."
        ),
    )
    approved_by = models.CharField(
        _("approved by"),
        max_length=150,
        blank=True,
        help_text=_("Who approved this version, e.g. the governing body, the board of trustees or the headteacher."),
    )
    date_approved = models.DateField(_("date approved"), null=True, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_cycle_months = models.PositiveSmallIntegerField(
        _("review cycle (months)"),
        default=24,
        help_text=_("How often the policy is reviewed. Most policies are reviewed every 12 or 24 months."),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_(
            "Worked out from the last review (or approval) date and the review cycle when left blank or "
            "when those change; type a date here to set another."
        ),
    )
    version = models.CharField(
        _("version"), max_length=20, blank=True, help_text=_("Such as 2.1. Change it whenever the policy is approved.")
    )
    related_policies = ParentalManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    requires_acknowledgement = models.BooleanField(
        _("staff must acknowledge"),
        default=False,
        help_text=_(
            "Tick when every member of staff the policy applies to must confirm they have read and understood it. "
            "They are asked on their staff home until they do."
        ),
    )
    acknowledged_by = models.JSONField(
        _("who must acknowledge"),
        default=list,
        blank=True,
        help_text=_(
            "Leave every box empty to ask all staff the policy applies to. Tick roles to ask only the staff who "
            "hold one of them, such as the staff who run a school social media account."
        ),
    )
    needs_reacknowledgement = models.BooleanField(
        _("this change needs re-acknowledgement"),
        default=False,
        help_text=_(
            "Tick when you publish (or submit) a major change that staff must read again. "
            "Leave it blank for a minor correction: nobody is asked again."
        ),
    )
    acknowledgement_revision = optional_link(
        "wagtailcore.Revision",
        _("version staff acknowledge"),
        editable=False,
        help_text=_("The published revision from which staff are asked to acknowledge the policy."),
    )
    import_source = models.CharField(
        _("imported from"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The file name this page was imported from; importing it again updates this page."),
    )

    base_form_class = PolicyPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("school"), FieldPanel("category"), FieldPanel("summary")],
            heading=_("About this policy"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("lead_member_of_staff"),
                FieldRowPanel([FieldPanel("approved_by"), FieldPanel("date_approved"), FieldPanel("version")]),
                FieldRowPanel(
                    [FieldPanel("last_reviewed"), FieldPanel("review_cycle_months"), FieldPanel("next_review_due")]
                ),
            ],
            heading=_("Approval and review"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("requires_acknowledgement"),
                FieldPanel("acknowledged_by"),
                FieldPanel("needs_reacknowledgement"),
            ],
            heading=_("Read and acknowledge"),
        ),
        FieldPanel("related_policies"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body_text_for_search_index"),
        index.SearchField("lead_member_of_staff"),
        index.FilterField("school"),
        index.FilterField("category"),
    ]

    parent_page_types = ["policy.PolicyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return self.title

    def with_content_json(self, content):
        """Return this page as a revision's ``content`` had it, with "needs re-acknowledgement" unticked.

        The tick belongs to the change it was saved with: the revision keeps it (and
        ``policy.acknowledgements.update_acknowledgement_version`` reads it there), but a
        copy made from the revision (the editor opening again, a re-import, a revert)
        starts unticked, so a later minor correction does not ask staff again.
        """
        page = super().with_content_json(content)
        page.needs_reacknowledgement = False
        return page

    def permissions_for_user(self, user):
        """Return Wagtail's page permissions for ``user``, narrowed to this policy's school (see the tester)."""
        return PolicyPagePermissionTester(user, self)

    def full_clean(self, *args, **kwargs):
        """Fill in ``next_review_due`` when left blank, then validate as Wagtail does."""
        self.derive_next_review_due()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        """Save, first deriving the next review date if it is blank (see ``derive_next_review_due``)."""
        self.derive_next_review_due()
        return super().save(*args, **kwargs)

    def derive_next_review_due(self) -> None:
        """Set a blank ``next_review_due`` to the last review (else approval) date plus the cycle.

        Leaves an entered date alone, and leaves the field blank when there is no date to
        count from.
        """
        start = self.last_reviewed or self.date_approved
        if self.next_review_due is None and start is not None and self.review_cycle_months:
            self.next_review_due = add_months(start, self.review_cycle_months)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Return whether the next review date (a calendar date) is before ``today`` (default: today in London)."""
        today = today or timezone.localdate()
        return self.next_review_due is not None and self.next_review_due < today

    @property
    def applies_to(self) -> str:
        """The school's name, or "All schools in the trust" for a trust-wide policy."""
        return self.school.name if self.school_id else str(_("All schools in the trust"))

    def sections(self):
        """Yield ``(depth, value)`` for every section and appendix in reading order.

        ``depth`` is 1 for top-level sections and appendices, 2 for sections inside an
        appendix; ``value`` is a ``SectionValue`` (``label()``, ``anchor()``, ``content``).
        Two sections with the same label (two "Signature" headings in a form) get
        anchors ``…-signature`` and ``…-signature-2``: the values are the ones the page's
        body renders, so the contents list and the headings agree.
        """
        seen: dict[str, int] = {}
        for block in self.body:
            if block.block_type not in ("section", "appendix"):
                continue
            children = [child.value for child in block.value.get("content") or [] if child.block_type == "section"]
            for depth, value in [(1, block.value)] + [(2, child) for child in children]:
                value.unique_anchor = unique_anchor(value.base_anchor(), seen)
                yield depth, value

    def table_of_contents(self) -> list[dict]:
        """Return the contents list: ``[{"label", "anchor", "children": [{"label", "anchor"}]}]``."""
        entries: list[dict] = []
        for depth, value in self.sections():
            entry = {"label": value.label(), "anchor": value.anchor(), "children": []}
            if depth == 1 or not entries:
                entries.append(entry)
            else:
                entries[-1]["children"].append(entry)
        return entries

    def body_text_for_search_index(self) -> str:
        """Return the body's text for the search index, at most ``SEARCH_INDEX_MAX_CHARACTERS`` long.

        The text is what the StreamField itself gives Wagtail search (every block's
        searchable content, in order), cut at the last space before the limit so that no
        word is indexed half-finished. Every way a page reaches the index (publishing,
        import, ``update_index``) goes through here.
        """
        parts = self._meta.get_field("body").get_searchable_content(self.body)
        text = " ".join(str(part) for part in parts if part)
        if len(text) <= SEARCH_INDEX_MAX_CHARACTERS:
            return text
        cut = text[:SEARCH_INDEX_MAX_CHARACTERS]
        return cut.rsplit(" ", 1)[0] if " " in cut else cut

    def search_sections(self) -> Iterator[tuple[str, str, str]]:
        """Yield ``(label, anchor, plain text)`` per section in reading order, for showing the section a search matched.

        The same sections, labels and anchors as ``sections()``, but read from the body's
        stored data (``raw_data``) one section at a time. Going through ``self.body`` would
        turn every section of the policy into block values at the first one touched
        (Wagtail converts all blocks of a type together). A generator: only the sections
        reached are converted, and search reads no further than its index does
        (``policy.search.indexed_sections``).
        """
        stream_block = self.body.stream_block
        seen: dict[str, int] = {}
        for raw in self.body.raw_data:
            if raw["type"] in ("section", "appendix"):
                yield from _raw_section_texts(stream_block.child_blocks[raw["type"]], raw["value"] or {}, seen)

    def get_context(self, request, *args, **kwargs):
        """Add ``related`` (live related policies), ``show_overdue`` and ``acknowledgement_due``.

        The contents list comes from ``table_of_contents`` in the template, inside the
        fragment cache that also holds the rendered body.

        The overdue notice is for signed-in staff only: parents need the policy, not the
        trust's review backlog.
        """
        context = super().get_context(request, *args, **kwargs)
        # Only the ids here (a preview's related policies are in memory, a live page's in the
        # database), and no bodies below: each related policy's body can be tens of kilobytes.
        related_ids = list(self.related_policies.values_list("id", flat=True))
        related = (
            PolicyPage.objects.live().filter(pk__in=related_ids).defer("body").order_by("title") if related_ids else []
        )
        if related_ids and not request.user.is_authenticated:
            related = related.public()
        context.update(
            related=related,
            show_overdue=request.user.is_authenticated and self.is_overdue(),
            acknowledgement_due=self.acknowledgement_due_for(request.user),
        )
        return context

    def acknowledgement_due_for(self, user) -> bool:
        """Return whether ``user`` (staff this policy applies to and asks: ``acknowledged_by``) has still to acknowledge
        its version in force."""
        if not (user.is_authenticated and user.school_id and self.requires_acknowledgement and self.live):
            return False
        if self.acknowledgement_revision_id is None or (self.school_id and self.school_id != user.school_id):
            return False
        from policy.acknowledgements import acknowledged_current_version, is_asked_to_acknowledge

        return is_asked_to_acknowledge(user=user, policy=self) and not acknowledged_current_version(
            users=[user], policy=self
        )
