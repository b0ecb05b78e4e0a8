"""One test per policy rule, named after its clause, each through the step that asks the question.

Each posts a complete draft's step with one answer against the policy and checks that the
author sees the clause-citing message beside the field and in the error summary, and is
kept on the step.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forms_app.constants import AudienceGroup, RequestStatus
from forms_app.models import Platform
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import other_people, post_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(staff_user):
    return complete_request(author=staff_user)


def assert_refused(response, message: str, anchor: str):
    """The step is shown again with ``message`` in the summary (linking to ``anchor``) and by the field."""
    assert response.status_code == 200, response
    html = response.content.decode()
    assert "data-error-summary" in html
    assert f'href="#{anchor}"' in html
    assert html.count(message) >= 2, f"{message!r} should be in the summary and by the field"


def administration(colleague_ids, moderator_ids, **extra):
    return {"administrators": colleague_ids, "moderators": moderator_ids, "host": "school", **extra}


def test_a_5_4_at_least_two_distinct_administrators(author_client, draft, colleagues):
    response = post_step(
        author_client, draft, "administration", administration([colleagues[0].pk], [c.pk for c in colleagues[2:]])
    )
    assert_refused(response, "at least 2 approved administrators (Appendix B, A.5.4)", "id_administrators")


def test_a_5_4_the_same_volunteer_typed_twice_counts_once(author_client, draft, colleagues):
    data = administration(
        [],
        [c.pk for c in colleagues[2:]],
        **other_people(("Pat Lee", "Volunteer", "administrator"), ("pat  lee", "Volunteer", "administrator")),
    )
    response = post_step(author_client, draft, "administration", data)
    assert_refused(response, "at least 2 approved administrators (Appendix B, A.5.4)", "id_administrators")


def test_a_5_4_at_least_two_distinct_moderators(author_client, draft, colleagues):
    response = post_step(author_client, draft, "administration", administration([c.pk for c in colleagues[:2]], []))
    assert_refused(response, "at least 2 approved moderators", "id_moderators")


def test_a_3_1_authorised_non_staff_person_counts_and_is_flagged(author_client, draft, colleagues):
    data = administration(
        [colleagues[0].pk],
        [c.pk for c in colleagues[2:]],
        **other_people(("Pat Lee", "Volunteer, Parent Teacher Association", "administrator")),
    )
    response = post_step(author_client, draft, "administration", data)
    assert response.status_code == 302
    external = [p for p in draft.administrators if p.is_external]
    assert [p.name for p in external] == ["Pat Lee"]
    check = author_client.get(reverse("forms_app:check", kwargs={"public_id": draft.public_id}))
    assert "not a member of staff: authorised person" in check.content.decode()


def test_a_1_6_closure_date_after_go_live_date(author_client, draft):
    today = timezone.localdate()
    data = {
        "go_live_date": (today + datetime.timedelta(days=30)).isoformat(),
        "closure_date": (today + datetime.timedelta(days=10)).isoformat(),
        "security_measures": "Closed group.",
    }
    response = post_step(author_client, draft, "dates", data)
    assert_refused(
        response,
        "Enter a closure date after the go-live date: plan how long the site will last (A.1.6).",
        "id_closure_date",
    )


def test_a_1_6_go_live_date_not_in_the_past(author_client, draft):
    today = timezone.localdate()
    data = {
        "go_live_date": (today - datetime.timedelta(days=1)).isoformat(),
        "closure_date": (today + datetime.timedelta(days=10)).isoformat(),
        "security_measures": "Closed group.",
    }
    response = post_step(author_client, draft, "dates", data)
    assert_refused(response, "must be today or in the future (A.1.6)", "id_go_live_date")


def test_appendix_b_age_range_when_pupils_are_audience(author_client, draft):
    response = post_step(author_client, draft, "audience", {"audience": ["pupils"]})
    assert_refused(response, "Give the age range of the pupils of the school", "id_audience_age_from")


def test_appendix_b_age_range_when_pupils_are_contributors(author_client, draft):
    response = post_step(author_client, draft, "contributors", {"contributors": ["pupils"], "consent_plan": "x"})
    assert_refused(response, "Give the age range of the pupils of the school", "id_contributors_age_from")


def test_appendix_b_names_of_schools_when_pupils_from_other_schools(author_client, draft):
    response = post_step(author_client, draft, "audience", {"audience": ["other_schools"]})
    assert_refused(response, "Give the names of the other schools", "id_audience_other_schools")


def test_appendix_b_details_when_others_ticked(author_client, draft):
    response = post_step(author_client, draft, "contributors", {"contributors": ["others"]})
    assert_refused(response, "Give details of the others you have ticked", "id_contributors_other_details")


def test_appendix_b_host_name_when_a_third_party_hosts(author_client, draft, colleagues):
    data = administration([c.pk for c in colleagues[:2]], [c.pk for c in colleagues[2:]], host="third_party")
    response = post_step(author_client, draft, "administration", data)
    assert_refused(response, "Give the name of the third party that will host the site", "id_host_name")


def test_a_5_2_consent_plan_when_contributors_include_pupils(author_client, draft):
    draft.contributors = [AudienceGroup.PUPILS]
    draft.contributors_age_from, draft.contributors_age_to = 9, 11
    draft.save()
    response = post_step(author_client, draft, "dates", {"security_measures": "Closed group."} | _dates())
    assert_refused(response, "obtain the consent of parents or responsible adults", "id_consent_plan")


def test_a_5_2_consent_plan_when_contributors_include_adults_with_learning_disabilities(author_client, draft):
    draft.contributors_include_vulnerable_adults = True
    draft.save()
    response = post_step(author_client, draft, "dates", {"security_measures": "Closed group."} | _dates())
    assert_refused(response, "(Appendix B, A.5.2)", "id_consent_plan")


def test_a_5_7_vetting_person_when_external_contributors(author_client, draft, colleagues):
    draft.contributors = [AudienceGroup.STAFF, AudienceGroup.PUBLIC]
    draft.save()
    data = administration([c.pk for c in colleagues[:2]], [c.pk for c in colleagues[2:]])
    response = post_step(author_client, draft, "administration", data)
    assert_refused(response, "must be checked carefully before they are approved (A.5.7)", "id_vetting_person")


def test_a_5_8_advertising_plan_when_external_contributors(author_client, draft):
    draft.contributors = [AudienceGroup.EXTERNAL_ORGANISATIONS]
    draft.vetting_person = "Ms Head"
    draft.save()
    response = post_step(author_client, draft, "dates", {"security_measures": "Closed group."} | _dates())
    assert_refused(response, "advertise for external contributors", "id_contributor_advertising")


def test_a_2_5_youngest_pupil_below_platform_minimum_age(author_client, draft):
    response = post_step(
        author_client, draft, "audience", {"audience": ["pupils"], "audience_age_from": 9, "audience_age_to": 11}
    )
    assert_refused(
        response,
        "Facebook&#x27;s minimum age is 13, but the youngest pupil in the audience is 9",
        "id_audience_age_from",
    )


def test_a_2_5_minimum_age_is_per_platform_and_editable(author_client, draft):
    Platform.objects.filter(name="Facebook").update(minimum_age=8)
    response = post_step(
        author_client, draft, "audience", {"audience": ["pupils"], "audience_age_from": 9, "audience_age_to": 11}
    )
    assert response.status_code == 302


def test_a_2_5_school_hosted_blog_has_no_minimum_age(author_client, draft):
    draft.platform = Platform.objects.get(name="Blog hosted by the school")
    draft.save()
    response = post_step(
        author_client, draft, "audience", {"audience": ["pupils"], "audience_age_from": 5, "audience_age_to": 7}
    )
    assert response.status_code == 302


def test_a_2_5_changing_platform_later_is_caught_on_the_purpose_step(author_client, draft):
    draft.audience, draft.audience_age_from, draft.audience_age_to = [AudienceGroup.PUPILS], 9, 11
    draft.platform = Platform.objects.get(name="Blog hosted by the school")
    draft.save()
    data = {
        "aims": "a",
        "proposed_content": "b",
        "platform": Platform.objects.get(name="Instagram").pk,
        "account_name": "c",
        "promotion": "d",
        "visibility": "closed",
    }
    response = post_step(author_client, draft, "purpose", data)
    assert_refused(response, "Instagram&#x27;s minimum age is 13", "id_platform_0")


def test_appendix_b_every_question_answered(author_client, draft):
    response = post_step(author_client, draft, "team", {"school": draft.school_id, "department": ""})
    assert_refused(response, "Enter your department", "id_department")


def test_rules_run_again_on_submit(author_client, draft):
    draft.go_live_date = timezone.localdate() - datetime.timedelta(days=2)
    draft.save()
    check_url = reverse("forms_app:check", kwargs={"public_id": draft.public_id})
    response = author_client.post(check_url, {"declaration": "on"})
    html = response.content.decode()
    assert "data-error-summary" in html
    assert "must be today or in the future (A.1.6)" in html
    assert "/step/dates/#id_go_live_date" in html
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def _dates() -> dict:
    today = timezone.localdate()
    return {
        "go_live_date": (today + datetime.timedelta(days=3)).isoformat(),
        "closure_date": (today + datetime.timedelta(days=90)).isoformat(),
    }
