"""Page-tree rules and rendering of the general pages."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StaffHomePage, StandardPage


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_staff_area_sits_below_the_home_page(self):
        self.assertAllowedParentPageTypes(StaffHomePage, {HomePage})

    def test_standard_pages_nest_under_general_pages(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


@pytest.mark.django_db
def test_home_page_links_to_public_sections_only(client, home_page, staff_home):
    public = StandardPage(title="About our schools", slug="about", show_in_menus=True)
    home_page.add_child(instance=public)
    staff_home.show_in_menus = True
    staff_home.save()

    html = client.get(home_page.url).content.decode()
    assert "About our schools" in html
    assert 'href="/staff/"' not in html
    assert html.count("<h1") == 1
    assert 'href="#main-content"' in html


@pytest.mark.django_db
def test_unknown_address_gets_the_site_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
