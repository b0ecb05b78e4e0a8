"""Builders for policy pages in tests."""

import datetime

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from policy.models import PolicyIndexPage, PolicyPage


def section(number: str, heading: str, *clauses: tuple[str, str]) -> tuple:
    """Return a body ``section`` block holding ``(number, text)`` clauses."""
    return (
        "section",
        {
            "number": number,
            "heading": heading,
            "content": [("clause", {"number": n, "text": f"<p>{text}</p>"}) for n, text in clauses],
        },
    )


def make_policy(parent: Page, *, title: str = "Social Media Policy", publish: bool = True, **fields) -> PolicyPage:
    """Add a PolicyPage below ``parent`` (published unless ``publish=False``) and return it."""
    fields.setdefault("body", [section("1", "Purpose", ("1.1", "Staff keep pupils safe online."))])
    fields.setdefault("last_reviewed", datetime.date(2025, 1, 1))
    policy = PolicyPage(title=title, **fields)
    parent.add_child(instance=policy)
    if publish:
        policy.save_revision().publish()
    else:
        policy.live = False
        policy.save_revision()
        PolicyPage.objects.filter(pk=policy.pk).update(live=False)
    return PolicyPage.objects.get(pk=policy.pk)


def make_index(parent: Page, *, title: str = "Policies", slug: str = "policies", private: bool = False):
    """Add a published PolicyIndexPage below ``parent``; ``private`` adds a sign-in restriction."""
    index = PolicyIndexPage(title=title, slug=slug, show_in_menus=True)
    parent.add_child(instance=index)
    index.save_revision().publish()
    if private:
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    return PolicyIndexPage.objects.get(pk=index.pk)


def bulk_policies(parent: Page, count: int, *, prefix: str = "bulk") -> None:
    """Add ``count`` live policies below ``parent`` in bulk, as the trust-scale data does.

    For query-count tests, where creating hundreds of pages one by one would be slow.
    Titles are "<Prefix> policy 0000" …; search indexing is skipped.
    """
    from intranet.scale_data import bulk_pages

    template = PolicyPage(body=[], last_reviewed=datetime.date(2025, 1, 1), review_cycle_months=24)
    bulk_pages(
        parent,
        PolicyPage,
        template,
        count,
        prefix=prefix,
        fields_for=lambda number: {"title": f"{prefix.title()} policy {number:04d}"},
    )


def policy_edit_form(policy: PolicyPage, **changes) -> dict:
    """The admin edit form of ``policy`` as a browser posts it, the StreamField body left empty.

    ``changes`` replace fields by name (e.g. ``school=""`` or ``title="..."``); dates are ISO
    strings, and a missing review date posts as an empty field.
    """
    return nested_form_data(
        {
            "title": policy.title,
            "slug": policy.slug,
            "school": policy.school_id or "",
            "category": policy.category,
            "summary": policy.summary,
            "body": streamfield([]),
            "lead_member_of_staff": "",
            "approved_by": "",
            "date_approved": "",
            "version": policy.version,
            "last_reviewed": policy.last_reviewed.isoformat() if policy.last_reviewed else "",
            "review_cycle_months": policy.review_cycle_months,
            "next_review_due": policy.next_review_due.isoformat() if policy.next_review_due else "",
        }
        | changes
    )
