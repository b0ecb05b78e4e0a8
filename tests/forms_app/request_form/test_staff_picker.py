"""The staff picker offers only the request's school's active staff, refuses a tampered id with a message,
and "Add another" gives one more row without fixed slots."""

import pytest

from forms_app.models import SitePerson
from tests.factories import UserFactory
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import other_people, post_step, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff_user, colleagues):
    return complete_request(
        author=staff_user, line_manager=colleagues[0], administrators=colleagues[:2], moderators=colleagues[2:]
    )


@pytest.fixture
def outsider(other_school):
    return UserFactory(first_name="Outsider", last_name="Elsewhere", job_title="Bursar", school=other_school)


def administration_answers(colleagues, **changes) -> dict:
    """The administration step's answers: the first two ``colleagues`` administer, the next two moderate.

    The school hosts the site. ``changes`` replace or add fields.
    """
    return {
        "administrators": [colleagues[0].pk, colleagues[1].pk],
        "moderators": [colleagues[2].pk, colleagues[3].pk],
        "host": "school",
    } | changes


def test_only_the_schools_active_staff_are_offered(author_client, draft, outsider, school):
    UserFactory(first_name="Leaver", school=school, is_active=False)
    UserFactory(first_name="Jo", last_name="Khan", job_title="Head of Year 6", school=school)
    for slug in ("team", "administration"):
        html = author_client.get(step_url(draft, slug)).content.decode()
        assert "Jo Khan, Head of Year 6" in html, slug
        assert "Outsider" not in html, slug
        assert "Leaver" not in html, slug
        assert "data-staff-picker" in html


def test_the_picker_enhances_a_plain_select(author_client, draft):
    html = author_client.get(step_url(draft, "administration")).content.decode()
    assert '<select name="administrators" id="id_administrators"' in html
    assert '<label class="form-label mb-1" for="id_administrators_1">Administrator 2</label>' in html
    assert "accessible-autocomplete.min.js" in html and "staff-picker.js" in html


@pytest.mark.parametrize("slug,field", [("team", "line_manager"), ("administration", "moderators")])
def test_a_tampered_id_from_another_school_is_refused_by_the_field(
    author_client, draft, outsider, colleagues, slug, field
):
    data = {
        "team": {"school": draft.school_id, "department": "PE", "line_manager": outsider.pk},
        "administration": administration_answers(colleagues, moderators=[colleagues[2].pk, outsider.pk]),
    }[slug]
    response = post_step(author_client, draft, slug, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    assert f"from the staff of {draft.school}" in html or f"from the active staff of {draft.school}" in html
    assert "not one of them" in html
    assert not SitePerson.objects.filter(request=draft, user=outsider).exists()
    draft.refresh_from_db()
    assert draft.line_manager_id != outsider.pk


def test_add_another_administrator_saves_and_shows_one_more_row(author_client, draft, colleagues):
    data = administration_answers(colleagues)
    response = post_step(author_client, draft, "administration", data, action="add-administrators")
    assert response.status_code == 302
    assert response.url == f"{step_url(draft, 'administration')}?add=administrators#div_id_administrators"
    html = author_client.get(response.url).content.decode()
    assert 'for="id_administrators_2">Administrator 3</label>' in html
    assert 'for="id_administrators_3"' not in html
    draft.refresh_from_db()
    assert draft.host == "school"


def test_three_administrators_are_kept(author_client, draft, colleagues, school):
    third = UserFactory(school=school)
    data = administration_answers(colleagues, administrators=[colleagues[0].pk, colleagues[1].pk, third.pk, ""])
    assert post_step(author_client, draft, "administration", data).status_code == 302
    assert [p.user_id for p in draft.administrators] == [colleagues[0].pk, colleagues[1].pk, third.pk]


def test_authorised_people_have_no_fixed_slots(author_client, draft, colleagues):
    rows = [(f"Volunteer {n}", "Parent Teacher Association", "moderator") for n in range(3)]
    data = administration_answers(colleagues, **other_people(*rows))
    response = post_step(author_client, draft, "administration", data, action="add-others")
    assert response.status_code == 302
    assert sorted(p.name for p in draft.moderators if p.is_external) == ["Volunteer 0", "Volunteer 1", "Volunteer 2"]
    html = author_client.get(response.url).content.decode()
    assert "Authorised person 4" in html
    assert 'id="id_others-3-name"' in html


def test_an_incomplete_authorised_person_is_refused_and_kept(author_client, draft, colleagues):
    data = administration_answers(colleagues, **other_people(("Pat Lee", "", "")))
    response = post_step(author_client, draft, "administration", data, action="save")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_others-0-description">Authorised person 1: Say who Pat Lee is' in html
    assert 'value="Pat Lee"' in html
    assert "is saved." not in html


def test_a_junk_id_is_refused_with_the_same_message(author_client, draft, colleagues):
    data = administration_answers(colleagues, administrators=[colleagues[0].pk, "not-a-number"])
    response = post_step(author_client, draft, "administration", data)
    assert response.status_code == 200
    assert f"Choose administrators from the active staff of {draft.school}" in response.content.decode()
