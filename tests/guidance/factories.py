"""Builders for parent guidance pages in tests."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from policy.models import GuidanceTopic, ParentGuidancePage, add_months


def make_guidance(parent: Page, **fields) -> ParentGuidancePage:
    """Add a live guidance page under ``parent`` the way the admin does (``add_child``); return it."""
    number = ParentGuidancePage.objects.count() + 1
    values = {
        "title": f"Guidance {number}",
        "slug": f"guidance-{number}",
        "topic": GuidanceTopic.STAYING_SAFE,
        "summary": f"Summary of guidance {number}.",
        "last_checked": date(2026, 1, 15),
    } | fields
    page = ParentGuidancePage(**values)
    parent.add_child(instance=page)
    return page


def bulk_add_guidance(parent: Page, count: int, *, last_checked: date = date(2026, 1, 15)) -> None:
    """Add ``count`` live guidance pages under ``parent`` in two INSERTs (page rows, then guidance rows).

    Django's ``bulk_create`` refuses multi-table inheritance, so the ``wagtailcore_page`` rows
    are bulk-created with their tree paths worked out here, and the guidance rows are
    inserted in one statement with the query set's ``_insert``.
    """
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ParentGuidancePage)
    first_step = parent.numchild + 1
    pages = []
    for step in range(first_step, first_step + count):
        slug = f"bulk-guidance-{step}"
        pages.append(
            Page(
                title=f"Bulk guidance {step}",
                draft_title=f"Bulk guidance {step}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
                live=True,
            )
        )
    Page.objects.bulk_create(pages)
    created = Page.objects.filter(slug__startswith="bulk-guidance-", content_type=content_type).exclude(
        pk__in=ParentGuidancePage.objects.values("pk")
    )
    rows = [
        ParentGuidancePage(
            page_ptr_id=page.pk,
            topic=GuidanceTopic.AGE_LIMITS,
            summary=f"Summary of {page.title}.",
            last_checked=last_checked,
            review_interval_months=6,
            review_due=add_months(last_checked, 6),
        )
        for page in created
    ]
    ParentGuidancePage._base_manager._insert(rows, fields=ParentGuidancePage._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    parent.refresh_from_db()
