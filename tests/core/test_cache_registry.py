"""Every change that alters the public site makes every cache stale, and only once it is committed.

A change marks the ``SITE`` generation stale through ``core.caching.registry`` with
``transaction.on_commit``: before the commit, a request still gets what was cached (and
cannot store the old rows under a new generation); after it, every page, menu, site and
settings entry is out of date at once; a change that is rolled back marks nothing.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import PageViewRestriction, Site

from core.caching import keys
from core.caching.generations import SITE, cached_until_site_changes, current_generation
from home.models import StandardPage, TrustSettings

pytestmark = pytest.mark.django_db


def publish(home_page, school):
    page = StandardPage(title="Term dates", slug="term-dates")
    home_page.add_child(instance=page)
    page.save_revision().publish()


def unpublish(home_page, school):
    home_page.unpublish()


def move(home_page, school):
    first = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    second = home_page.add_child(instance=StandardPage(title="Archive", slug="archive"))
    first.move(second, pos="last-child")


def make_private(home_page, school):
    PageViewRestriction.objects.create(page=home_page, restriction_type=PageViewRestriction.LOGIN)


def save_settings(home_page, school):
    settings = TrustSettings.load()
    settings.trust_name = "Education Partnership Trust"
    settings.save()


def save_school(home_page, school):
    school.name = "Riverside Church of England Primary School"
    school.save()


def delete_page(home_page, school):
    page = home_page.add_child(instance=StandardPage(title="Old news", slug="old-news"))
    page.delete()


def save_site(home_page, school):
    Site.objects.filter(is_default_site=True).get().save()


CHANGES = [publish, unpublish, move, make_private, save_settings, save_school, delete_page, save_site]


def probe() -> int:
    """What a page, menu or the cached site would hold: the number of times it was computed."""
    probe.calls += 1
    return probe.calls


probe.calls = 0


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_each_change_marks_every_cache_stale_only_after_commit(
    change, home_page, school, django_capture_on_commit_callbacks
):
    # Set up outside the measured change: the fixtures' own saves are "committed" here.
    with django_capture_on_commit_callbacks(execute=True):
        TrustSettings.load()
    generation = current_generation(SITE)
    stored = cached_until_site_changes("probe", probe)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change(home_page, school)
        # Not committed yet: what was cached is still served, under the same generation.
        assert current_generation(SITE) == generation
        assert cached_until_site_changes("probe", probe) == stored

    assert callbacks, f"{change.__name__} registered nothing to run at commit"
    for callback in callbacks:  # the commit
        callback()

    assert current_generation(SITE) != generation
    assert cached_until_site_changes("probe", probe) == stored + 1


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_rolled_back_marks_nothing_stale(change, home_page, school, django_capture_on_commit_callbacks):
    generation = current_generation(SITE)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        change(home_page, school)
        raise RuntimeError("rolled back")

    assert callbacks == []
    assert current_generation(SITE) == generation


def test_saving_a_draft_marks_nothing_stale(home_page, django_capture_on_commit_callbacks):
    generation = current_generation(SITE)
    with django_capture_on_commit_callbacks(execute=True):
        home_page.title = "A draft nobody sees yet"
        home_page.save_revision()

    assert current_generation(SITE) == generation


def test_a_new_deploy_starts_with_a_fresh_cache(settings, monkeypatch):
    cache.set("trust-settings", "as the old release pickled it")
    try:
        keys.deploy_key.cache_clear()
        settings.DEPLOY_ID = "release-2027-01"
        assert cache.get("trust-settings") is None

        keys.deploy_key.cache_clear()
        settings.DEPLOY_ID = ""
        assert cache.get("trust-settings") == "as the old release pickled it"

        # A release with a new migration is a new deploy even with the same version.
        keys.deploy_key.cache_clear()
        names = keys._migration_names()
        monkeypatch.setattr(keys, "_migration_names", lambda: [*names, "forms_app.0099_new_rule"])
        assert cache.get("trust-settings") is None
    finally:
        keys.deploy_key.cache_clear()


def test_the_deploy_key_is_the_same_in_every_process_of_one_release():
    keys.deploy_key.cache_clear()
    first = keys.deploy_key()
    keys.deploy_key.cache_clear()

    assert keys.deploy_key() == first and len(first) == 12
    assert "home.0001_initial" in keys._migration_names()
