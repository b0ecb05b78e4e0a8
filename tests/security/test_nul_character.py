"""A NUL character in a search or address gives a clear 400 page, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "contained a character that cannot be used (a NUL character)"


@pytest.mark.parametrize("query", ["\x00", "safe\x00guarding", "%00"])
def test_nul_byte_in_site_search_is_a_clear_400_for_anonymous_visitors(client, home_page, query):
    """Previously /search/?q=%00 gave a 500 error, also to visitors who are not signed in."""
    response = client.get(reverse("search"), {"q": query})
    if "\x00" in query:
        assert response.status_code == 400
        assert NUL_MESSAGE in response.text
        assert response.text.count("<h1") == 1
    else:
        assert response.status_code == 200  # "%00" typed as text is just three characters


def test_nul_byte_in_site_search_is_a_clear_400_for_staff(client, home_page, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("search"), {"q": "e-safety\x00"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.text


def test_nul_byte_in_admin_searches_is_a_clear_400(client, ict_manager):
    """The same check covers every search box, the register's and the admin's included."""
    client.force_login(ict_manager)
    for url in (reverse("forms_app_registerentry_modeladmin_index"), reverse("wagtailadmin_pages:search")):
        response = client.get(url, {"q": "\x00"})
        assert response.status_code == 400, url
        assert NUL_MESSAGE in response.text


def test_nul_byte_in_a_parameter_name_is_refused(client, home_page):
    response = client.get(reverse("search") + "?q=policy&%00=1")
    assert response.status_code == 400
