"""The form page type and the demo content that places it in the staff area."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from forms_app import demo
from forms_app.models import SocialMediaRequestFormPage
from home.models import HomePage, StaffHomePage

pytestmark = pytest.mark.django_db


class TestFormPageType(WagtailPageTestCase):
    def test_only_under_the_staff_home_and_a_leaf(self):
        self.assertAllowedParentPageTypes(SocialMediaRequestFormPage, {StaffHomePage})
        self.assertAllowedSubpageTypes(SocialMediaRequestFormPage, {})

    def test_one_per_site(self):
        assert SocialMediaRequestFormPage.max_count == 1


def test_page_needs_sign_in_and_shows_intro_and_start(author_client, form_page):
    from django.test import Client

    anonymous = Client().get(form_page.url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/login/")
    html = author_client.get(form_page.url).content.decode()
    assert "<p>Hi</p>" in html
    assert "Start a new request" in html


def test_staff_home_links_to_the_form_and_my_requests(author_client, form_page, staff_home):
    html = author_client.get(staff_home.url).content.decode()
    assert f'href="{form_page.url}">Request a new social media site</a>' in html
    assert 'href="/staff/requests/">My requests</a>' in html


def test_demo_creates_the_form_page_once(staff_home):
    context = {"pages": {"staff_home": staff_home}}
    demo.load_form_page(context)
    page = SocialMediaRequestFormPage.objects.get()
    page.intro = "<p>Edited by the trust</p>"
    page.save_revision().publish()
    demo.load_form_page(context)
    assert SocialMediaRequestFormPage.objects.get().intro == "<p>Edited by the trust</p>"
    assert context["pages"]["request_form"].pk == page.pk
    assert page.live and page.get_parent().pk == staff_home.pk
    assert Page.objects.type(HomePage).count() == 1


def test_staff_home_links_to_the_form_as_a_button_not_an_empty_card_list(client, form_page, staff_user):
    client.force_login(staff_user)
    html = client.get(form_page.get_parent().url).content.decode()
    assert "Request a new social media site</a>" in html
    assert "In the staff area" not in html


def test_appendix_b_page_lists_only_its_own_drafts(author_client, form_page, staff_home, staff_user):
    from tests.forms_app.built_forms.factories import built_request, make_approval_form
    from tests.forms_app.factories import complete_request

    appendix_b = complete_request(author=staff_user)
    built = built_request(author=staff_user, form=make_approval_form(staff_home), answers={"x": "y"})
    html = author_client.get(form_page.url).content.decode()
    assert str(appendix_b.public_id) in html
    assert str(built.public_id) not in html
