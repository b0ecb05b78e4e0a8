"""The admin sidebar is built once per person, and a change to anyone's access shows in it at once."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.admin.templatetags import wagtailadmin_tags

from home import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "/admin/forms_app/registerentry/"


def sidebar(client, url: str = "/admin/") -> tuple[set[str], list[str]]:
    """GET an admin page; return the names of the sidebar's menu items and the SQL the page ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', response.text, re.S)
    names = set(re.findall(r'"name": "([\w-]+)"', json.dumps(json.loads(props.group(1)))))
    return names, [query["sql"] for query in queries]


def reads_page_permissions(sql: list[str]) -> bool:
    """Whether the page asked which collections the user may work with, as building the sidebar does."""
    return any("wagtailcore_groupcollectionpermission" in statement for statement in sql)


@pytest.fixture
def ict(client, school):
    user = UserFactory(school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    client.force_login(user)
    return user


def test_the_sidebar_is_built_once_and_is_wagtails_own(client, ict, rf):
    first, first_sql = sidebar(client)
    page = client.get(REGISTER)
    again, again_sql = sidebar(client, REGISTER)

    assert "register-of-sites" in first and first == again
    assert reads_page_permissions(first_sql) and not reads_page_permissions(again_sql)
    request = rf.get(REGISTER)
    request.user = ict
    assert str(wagtailadmin_tags.sidebar_props({"request": request})) in page.text  # Wagtail's own tag, uncached


def test_a_new_role_shows_in_the_sidebar_at_once(client, ict, committed):
    before, _ = sidebar(client)
    assert "policy-reviews" not in before

    with committed():
        ict.groups.add(Group.objects.get(name=roles.POLICY_EDITORS))

    after, _ = sidebar(client)
    assert "policy-reviews" in after


def test_a_role_taken_away_leaves_the_sidebar_at_once(client, ict, committed):
    assert "register-of-sites" in sidebar(client)[0]

    with committed():
        ict.groups.remove(Group.objects.get(name=roles.ICT_MANAGERS))
        ict.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))

    names, _ = sidebar(client)
    assert "register-of-sites" not in names and "images" in names


def test_a_group_given_a_permission_shows_it_to_its_members_at_once(client, ict, committed):
    from django.contrib.auth.models import Permission

    assert "users" not in sidebar(client)[0]

    with committed():
        Group.objects.get(name=roles.ICT_MANAGERS).permissions.add(Permission.objects.get(codename="change_user"))

    assert "users" in sidebar(client)[0]


def test_each_person_gets_their_own_sidebar(client, ict, school):
    assert "register-of-sites" in sidebar(client)[0]
    editor = UserFactory(school=school, roles=[roles.STAFF, roles.POLICY_EDITORS])
    client.force_login(editor)

    names, _ = sidebar(client)
    assert "policy-reviews" in names and "register-of-sites" not in names


def test_signing_in_again_keeps_the_sidebar(client, ict):
    sidebar(client)
    client.logout()
    client.force_login(ict)  # saves only the time of the last sign-in

    _, sql = sidebar(client, REGISTER)
    assert not reads_page_permissions(sql)


def test_without_a_shared_cache_the_sidebar_is_built_on_every_page(client, ict, settings):
    settings.SHARED_SITE_CACHE = False
    sidebar(client, REGISTER)

    _, sql = sidebar(client, REGISTER)
    assert reads_page_permissions(sql)
