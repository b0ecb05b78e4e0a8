"""Every URL under /admin/ refuses anonymous visitors and staff without admin access.

The addresses are read from the URL configuration itself (every pattern Django can
reverse, nested includes and viewsets included), so a view mounted later under
``/admin/`` outside Wagtail's access check fails this test without anyone listing it.
Path parameters are filled with the ids of real objects (a page, a request, a user, a
register entry, a document, an image, a school) and with dummy values, so a view that
looks an object up before it checks who is asking is reached past its lookup.
"""

import re

import pytest
from django.urls import Resolver404, get_resolver, resolve

from tests.factories import UserFactory
from tests.forms_app.factories import approved_request, submitted_request

pytestmark = pytest.mark.django_db

# Public on purpose: signing in, resetting a forgotten password, and the static helpers
# the sign-in page itself needs. Everything else under /admin/ is for admin users only.
PUBLIC_ADMIN_PATHS = re.compile(r"^/admin/(login/|password_reset/|jsi18n/|sprite/)")
# A parameter left in a URL: "%(name)s" in Django's reverse dictionary.
PARAMETER = re.compile(r"%\((\w+)\)s")


def admin_url_templates() -> set[str]:
    """Every reversible pattern under /admin/, as ``"/admin/pages/%(page_id)s/edit/"`` templates.

    Reads Django's reverse dictionary, descending into namespaced includes (Wagtail's
    viewsets each have one), whose patterns are not in the top level's.
    """
    templates = set()

    def walk(resolver, prefix: str) -> None:
        for key in list(resolver.reverse_dict.keys()):
            for possibilities, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(key):
                for result, _params in possibilities:
                    templates.add(prefix + result)
        for namespace_prefix, sub_resolver in resolver.namespace_dict.values():
            walk(sub_resolver, prefix + namespace_prefix)

    walk(get_resolver(), "")
    return {"/" + template for template in templates if template.startswith("admin/")}


def fill(template: str, values: list[str]) -> list[str]:
    """The template with each parameter set to each of ``values`` in turn (the same value everywhere)."""
    if not PARAMETER.search(template):
        return [template]
    return [PARAMETER.sub(value, template) for value in values]


@pytest.fixture
def world(school, staff_home, ict_manager, headteacher):
    from wagtail.documents.models import Document
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    author = UserFactory(username="author", school=school)
    submitted = submitted_request(author=author)
    approved = approved_request(author=author, ict_manager=ict_manager, headteacher=headteacher)
    document = Document.objects.create(title="Minutes", collection=Collection.get_first_root_node())
    from wagtail.images.models import Image

    image = Image.objects.create(title="Logo", file=get_test_image_file())
    ids = {
        submitted.pk,
        approved.pk,
        approved.register_entry.pk,
        staff_home.pk,
        author.pk,
        school.pk,
        document.pk,
        image.pk,
    }
    return sorted({str(value) for value in ids} | {"1", "x"})


def every_admin_url(values: list[str]) -> list[str]:
    urls = []
    for template in sorted(admin_url_templates()):
        if PUBLIC_ADMIN_PATHS.match(template):
            continue
        for url in fill(template, values):
            try:
                resolve(url)
            except Resolver404:
                continue  # e.g. "x" where the pattern wants digits
            urls.append(url)
    return urls


def answers(client, urls: list[str]) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_the_walk_covers_the_intranets_own_admin_views(world):
    urls = every_admin_url(world)
    # Wagtail's and ours, including the reports mounted before Wagtail's (site history).
    assert len(urls) > 150
    for expected in ("/admin/reports/site-history/", "/admin/reports/site-history/results/", "/admin/leavers/1/"):
        assert expected in urls


def test_no_admin_url_answers_anonymous_visitors(client, world):
    urls = every_admin_url(world)
    opened = {url: status for url, status in answers(client, urls).items() if status == 200}
    assert opened == {}


def test_no_admin_url_answers_staff_without_admin_access(client, world, staff_user):
    client.force_login(staff_user)
    urls = every_admin_url(world)
    opened = {url: status for url, status in answers(client, urls).items() if status == 200}
    assert opened == {}
    # Still signed in: the walk was made as staff, not as a visitor signed out half-way.
    assert client.session.get("_auth_user_id") == str(staff_user.pk)


def test_site_history_exports_refuse_anonymous_and_staff(client, world, staff_user):
    for export in ("csv", "xlsx"):
        url = f"/admin/reports/site-history/?export={export}"
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url
    client.force_login(staff_user)
    for export in ("csv", "xlsx"):
        response = client.get(f"/admin/reports/site-history/?export={export}")
        assert response.status_code in (302, 403)
        assert staff_user.username not in response.content.decode(errors="replace")
