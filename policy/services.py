"""Write operations on policies: importing a document into a PolicyPage draft."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Page

from home.models import School, User

from .importers import ParsedDocument, PolicyImportError, build_body, read_document
from .importers.metadata import count
from .models import PolicyCategory, PolicyPage


@dataclass
class ImportOutcome:
    """What importing one file did: the page, whether it was ``created`` or updated, counts and warnings."""

    page: PolicyPage
    created: bool
    published: bool
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def school_named(name: str) -> School | None:
    """Return the school whose name is ``name`` (ignoring case and a leading "The"), or None."""
    bare = name.strip().removeprefix("The ").strip()
    return School.objects.filter(name__iexact=bare).first() if bare else None


def distinct_title(*, title: str, parent: Page | None, page: PolicyPage, place: str, fallback: str) -> str:
    """Return ``title``, or when another policy below ``parent`` already has it, the title with ``place``.

    Three imported "Social Media Policy" documents would otherwise be three pages of the
    same name: the second becomes "Social Media Policy — Thurcroft Infant School" (the
    school, else the organisation its front matter names, else ``fallback``, the file
    name). A number is added if that clashes too. Titles are compared ignoring case.
    """
    if parent is None:
        return title[:255]
    siblings = (
        PolicyPage.objects.child_of(parent).exclude(pk=page.pk) if page.pk else PolicyPage.objects.child_of(parent)
    )
    taken = {existing.lower() for existing in siblings.values_list("title", flat=True)}
    candidate = title[:255]
    if candidate.lower() not in taken:
        return candidate
    candidate = f"{title} — {place or fallback}"[:255]
    number = 2
    while candidate.lower() in taken:
        candidate = f"{title} — {place or fallback} ({number})"[:255]
        number += 1
    return candidate


def apply_document(
    page: PolicyPage, document: ParsedDocument, *, school: School | None, parent: Page | None = None
) -> None:
    """Copy the document's body, and whatever details it gives, onto ``page`` (unsaved).

    The body is always replaced. A detail the document does not give (a title only made
    from the file name, a date, the lead, no ``--school``) keeps the page's current value,
    so re-importing never undoes what an editor filled in. Without ``--school``, a page
    with no school yet takes the school its front matter names, if the trust has one of
    that name. With ``parent``, the title is made distinct from the other policies there
    (``distinct_title``).
    """
    page.body = build_body(document)
    page.import_source = document.source_name[:255]
    if school is None and not page.school_id and document.organisation:
        school = school_named(document.organisation)
    if school is not None:
        page.school = school
    if document.title_found or not page.title:
        place = page.school.name if page.school_id else document.organisation
        page.title = distinct_title(
            title=document.title, parent=parent, page=page, place=place, fallback=Path(document.source_name).stem
        )
    if document.last_reviewed or document.next_review_due:
        page.last_reviewed = document.last_reviewed or page.last_reviewed
        page.next_review_due = document.next_review_due
    page.date_approved = document.date_approved or page.date_approved
    page.approved_by = document.approved_by or page.approved_by
    page.lead_member_of_staff = document.lead_member_of_staff or page.lead_member_of_staff
    page.version = document.version or page.version
    if document.category and page.category == PolicyCategory.OTHER:
        page.category = document.category
    page.derive_next_review_due()


def import_policy_file(
    *, path: Path, parent: Page, school: School | None = None, publish: bool = False, user: User | None = None
) -> ImportOutcome:
    """Import the policy file at ``path`` as a PolicyPage draft below ``parent``; return what happened.

    A file already imported below ``parent`` (matched by file name, ``import_source``)
    gets a new draft revision of its existing page instead of a second page; the live
    version, if any, stays as it is unless ``publish`` is set. ``publish`` publishes the
    new revision directly (for bulk loading by an administrator; editors go through the
    "Policy approval" workflow). Creation and edits are written to Wagtail's audit log.

    Raises ``policy.importers.PolicyImportError`` when the file cannot be read, or when
    ``publish`` is asked for by a ``user`` who may not publish policies below ``parent``
    (they go through the "Policy approval" workflow instead).
    """
    if publish and user is not None and not parent.permissions_for_user(user).can_publish_subpage():
        raise PolicyImportError(
            f"{user.get_username()} may not publish policies here; import without --publish and submit the "
            "drafts to the Policy approval workflow."
        )
    document = read_document(path)
    return save_document(document=document, parent=parent, school=school, publish=publish, user=user)


def save_document(
    *,
    document: ParsedDocument,
    parent: Page,
    school: School | None = None,
    publish: bool = False,
    user: User | None = None,
    corrections: dict | None = None,
) -> ImportOutcome:
    """Save a parsed ``document`` as a PolicyPage draft below ``parent``; return what happened.

    The shared half of ``import_policy_file`` (the command) and the admin's upload
    (``policy.import_admin``). ``corrections`` are page field values the editor set in
    the upload's preview (title, school, category, version, dates); they win over what
    was recognised. Same rules as ``import_policy_file`` otherwise; ``publish`` is not
    checked against ``user`` here (the caller does).
    """
    with transaction.atomic():
        existing = PolicyPage.objects.child_of(parent).filter(import_source=document.source_name).first()
        if existing is not None:
            page = existing.get_latest_revision_as_object()
            apply_document(page, document, school=school, parent=parent)
            _correct(page, corrections)
            page.full_clean()
        else:
            page = PolicyPage(live=False, owner=user)
            apply_document(page, document, school=school, parent=parent)
            _correct(page, corrections)
            page.slug = find_available_slug(parent, slugify(page.title) or "policy")
            parent.add_child(instance=page)
            log(page, "wagtail.create", user=user)
        revision = page.save_revision(user=user, log_action=True, clean=existing is None)
        if publish:
            revision.publish(user=user)
    return ImportOutcome(
        page=page,
        created=existing is None,
        published=publish,
        counts=count(document),
        warnings=document.warnings,
    )


def _correct(page: PolicyPage, corrections: dict | None) -> None:
    """Apply the editor's ``corrections`` (field name → value) to ``page``, re-deriving the next review date."""
    if not corrections:
        return
    for name, value in corrections.items():
        setattr(page, name, value)
    if "next_review_due" in corrections and corrections["next_review_due"] is None:
        page.derive_next_review_due()
