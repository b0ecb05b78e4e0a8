"""Questions that depend on earlier answers: absent unless relevant, and still checked by the server when they are."""

import pytest
from django.urls import reverse

from forms_app.constants import AudienceGroup
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import post_step, step_url

pytestmark = pytest.mark.django_db

VETTING = 'name="vetting_person"'
ADVERTISING = 'name="contributor_advertising"'
CONSENT = 'name="consent_plan"'


def test_staff_only_contributors_are_not_asked_about_outsiders_or_consent(author_client, staff_user):
    draft = complete_request(author=staff_user, contributors=[AudienceGroup.STAFF])
    assert VETTING not in author_client.get(step_url(draft, "administration")).content.decode()
    dates = author_client.get(step_url(draft, "dates")).content.decode()
    assert ADVERTISING not in dates and CONSENT not in dates


def test_an_answer_posted_to_an_absent_question_is_ignored(author_client, staff_user):
    draft = complete_request(author=staff_user, contributors=[AudienceGroup.STAFF], consent_plan="")
    data = {
        "go_live_date": draft.go_live_date.isoformat(),
        "closure_date": draft.closure_date.isoformat(),
        "security_measures": "Closed group.",
        "consent_plan": "Injected",
    }
    assert post_step(author_client, draft, "dates", data).status_code == 302
    draft.refresh_from_db()
    assert draft.consent_plan == ""


def test_external_contributors_are_asked_and_checked(author_client, staff_user):
    draft = complete_request(
        author=staff_user, contributors=[AudienceGroup.PUBLIC], vetting_person="", contributor_advertising=""
    )
    html = author_client.get(step_url(draft, "administration")).content.decode()
    assert VETTING in html
    people = {
        "administrators": [p.user_id for p in draft.administrators],
        "moderators": [p.user_id for p in draft.moderators],
        "host": "school",
    }
    response = post_step(author_client, draft, "administration", people)
    assert response.status_code == 200
    assert 'href="#id_vetting_person"' in response.content.decode()
    assert "(A.5.7)" in response.content.decode()


def test_pupils_as_contributors_ask_for_the_consent_plan(author_client, staff_user):
    draft = complete_request(
        author=staff_user,
        contributors=[AudienceGroup.PUPILS],
        contributors_age_from=11,
        contributors_age_to=16,
        consent_plan="",
    )
    data = {
        "go_live_date": draft.go_live_date.isoformat(),
        "closure_date": draft.closure_date.isoformat(),
        "security_measures": "Closed group.",
    }
    response = post_step(author_client, draft, "dates", data)
    html = response.content.decode()
    assert CONSENT in html and ADVERTISING not in html
    assert 'href="#id_consent_plan"' in html and "(Appendix B, A.5.2)" in html


def test_other_details_are_revealed_by_their_option(author_client, staff_user):
    draft = complete_request(author=staff_user)
    html = author_client.get(step_url(draft, "contributors")).content.decode()
    assert 'data-show-if="[[&quot;contributors&quot;, &quot;others&quot;]]"' in html
    response = post_step(author_client, draft, "contributors", {"contributors": ["others"]})
    assert 'href="#id_contributors_other_details"' in response.content.decode()


def test_an_answer_to_a_question_no_longer_asked_is_kept_but_not_shown(author_client, staff_user):
    draft = complete_request(
        author=staff_user, contributors=[AudienceGroup.STAFF], consent_plan="Letters home", vetting_person="Ms Vet"
    )
    html = author_client.get(reverse("forms_app:check", kwargs={"public_id": draft.public_id})).content.decode()
    assert "Letters home" not in html and "Ms Vet" not in html
    draft.refresh_from_db()
    assert draft.consent_plan == "Letters home"
