"""The main menu comes from the cache, per audience, and is cleared by every change that can alter it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_page_cache")]


def menu_page(parent, title: str, *, publish: bool = True) -> StandardPage:
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), show_in_menus=True)
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def menu(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('<ul class="navbar-nav me-auto">') : html.index("</ul>", html.index("navbar-nav me-auto"))]


def test_the_menu_costs_no_query_once_cached_however_many_items(client, home_page):
    # A page other than the home page, which lists its sections in its own content.
    url = menu_page(home_page, "Section 0").url
    menu_page(home_page, "Section 1")
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for n in range(2, 12):
        menu_page(home_page, f"Section {n}")
    assert "Section 11" in menu(client)
    client.get(url)
    with CaptureQueriesContext(connection) as twelve:
        client.get(url)

    assert len(twelve) == len(two)
    assert not [q["sql"] for q in twelve.captured_queries if '"show_in_menus" =' in q["sql"]]


def test_publishing_unpublishing_moving_and_deleting_clear_the_menu(client, home_page):
    about = menu_page(home_page, "About us")
    assert "About us" in menu(client)

    news = menu_page(home_page, "News", publish=False)
    assert "News" not in menu(client)
    news.save_revision().publish()
    assert "News" in menu(client)

    news.unpublish()
    assert "News" not in menu(client)

    about.move(news, pos="last-child")
    assert "About us" not in menu(client)

    contact = menu_page(home_page, "Contact")
    assert "Contact" in menu(client)
    contact.delete()
    assert "Contact" not in menu(client)


def test_a_staff_only_page_never_reaches_the_anonymous_menu_and_privacy_changes_clear_it(client, home_page):
    policies = menu_page(home_page, "Handbook")
    client.force_login(UserFactory(username="reader"))
    assert "Handbook" in menu(client)  # the staff menu is cached first
    client.logout()
    assert "Handbook" in menu(client)

    restriction = PageViewRestriction.objects.create(page=policies, restriction_type=PageViewRestriction.LOGIN)
    assert "Handbook" not in menu(client)
    client.force_login(UserFactory(username="reader2"))
    assert "Handbook" in menu(client)
    client.logout()

    restriction.delete()
    assert "Handbook" in menu(client)
