"""The dashboard's site summary is kept per person, yet shows a page, image or document that comes or goes at once."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import GroupPagePermission

from core.caching.generations import current_generation
from core.caching.site_summary import COUNTS
from home import roles
from home.models import StandardPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<section class="w-summary".*?</section>', re.S)


def summary_of(client) -> str:
    """The site summary on the dashboard as ``client``'s user sees it, or "" when there is none."""
    found = SUMMARY.search(client.get(reverse("wagtailadmin_home")).text)
    return found.group(0) if found else ""


def count_of(summary: str, noun: str) -> int:
    """The number before ``noun`` ("Page", "Image", ...) in ``summary``."""
    found = re.search(rf"([\d,]+)\s+{noun}s?\s*<span", summary)
    assert found, f"no {noun} count in {summary!r}"
    return int(found.group(1).replace(",", ""))


@pytest.fixture
def editor(school, home_page):
    """A Headteacher who may edit every page below the home page."""
    user = UserFactory(school=school, roles=[roles.STAFF, roles.HEADTEACHERS])
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=roles.HEADTEACHERS),
        page=home_page,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    return user


def test_a_page_added_or_deleted_changes_the_count_at_once(
    client, editor, home_page, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    before = count_of(summary_of(client), "Page")

    with django_capture_on_commit_callbacks(execute=True):
        page = home_page.add_child(instance=StandardPage(title="Uniform", slug="uniform"))
    assert count_of(summary_of(client), "Page") == before + 1

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert count_of(summary_of(client), "Page") == before


def test_a_second_visit_counts_nothing_again(client, editor):
    client.force_login(editor)
    summary_of(client)
    with CaptureQueriesContext(connection) as queries:
        summary = summary_of(client)
    assert "Page" in summary
    counted = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counted == [], f"the dashboard counted again: {counted}"


def test_saving_a_draft_keeps_everyones_summary(home_page, django_capture_on_commit_callbacks):
    """Editors save drafts all day (and the editor saves them on its own): that changes no count."""
    page = home_page.add_child(instance=StandardPage(title="Uniform", slug="uniform"))
    generation = current_generation(COUNTS)
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Uniform (draft)"
        page.save_revision()
    assert current_generation(COUNTS) == generation


def test_an_uploaded_image_is_counted_at_once(client, django_user_model, home_page, django_capture_on_commit_callbacks):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    before = count_of(summary_of(client), "Image")
    with django_capture_on_commit_callbacks(execute=True):
        get_image_model().objects.create(title="Logo", file=get_test_image_file())
    assert count_of(summary_of(client), "Image") == before + 1


def test_someone_who_may_see_no_count_gets_no_summary(client, ict_manager):
    client.force_login(ict_manager)
    assert summary_of(client) == ""
