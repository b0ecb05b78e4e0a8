"""Every front-end form and search box, fed hostile input: never a 500, and nothing typed lost without a message.

Inputs: a NUL character, a 1 MB string, right-to-left text with emoji, and impossible
dates, in every text field of the request form's steps, the declaration, the search box,
the sign-in and password-reset forms, the policy acknowledgement and the emailed
acknowledgement link. A step either keeps exactly what was typed or stays on the page
and says which answer was not saved.
"""

import pytest
from django.urls import reverse

from forms_app.constants import AudienceGroup, Host
from forms_app.models import Platform, SocialMediaSiteRequest
from forms_app.request_form.steps import STEP_BY_SLUG
from tests.factories import TEST_PASSWORD, UserFactory
from tests.forms_app.factories import complete_request

pytestmark = pytest.mark.django_db

NUL = "before\x00after"
MEGABYTE = "x" * 1_000_000
RTL_EMOJI = "\u202eمدرسة ريفرسايد 🙂👩\u200d🏫 school\u202c"
BAD_DATES = ["2027-02-30", "31/13/2026", "-1", "0000-00-00", "2027-1-1T99"]
TEXT_PAYLOADS = {"nul": NUL, "megabyte": MEGABYTE, "rtl_emoji": RTL_EMOJI}

# The text questions of each step (model fields the author types into).
TEXT_FIELDS = {
    "team": ["department"],
    "purpose": ["aims", "proposed_content", "account_name", "promotion", "platform_other_name"],
    "audience": ["audience_other_schools", "audience_other_details"],
    "contributors": ["contributors_other_schools", "contributors_other_details"],
    "administration": ["vetting_person", "host_name"],
    "dates": ["contributor_advertising", "consent_plan", "security_measures"],
}
CASES = [(slug, field, kind) for slug, fields in TEXT_FIELDS.items() for field in fields for kind in TEXT_PAYLOADS]


@pytest.fixture
def author(school):
    return UserFactory(username="fuzz-author", school=school)


@pytest.fixture
def signed_in(client, author):
    client.post(reverse("login"), {"username": author.username, "password": TEST_PASSWORD})
    return client


@pytest.fixture
def draft(author):
    """A draft whose answers make every detail question asked: "Other" platform, a third-party host,
    other schools and others in the audience, and pupils and outsiders among the contributors."""
    everyone = [AudienceGroup.STAFF, AudienceGroup.OTHER_SCHOOLS, AudienceGroup.OTHERS]
    return complete_request(
        author=author,
        platform=Platform.objects.get(needs_name=True),
        platform_other_name="Mastodon",
        host=Host.THIRD_PARTY,
        host_name="Example host",
        audience=everyone,
        audience_other_schools="Hillcrest",
        audience_other_details="Governors",
        contributors=[*everyone, AudienceGroup.PUPILS],
        contributors_age_from=9,
        contributors_age_to=11,
        contributors_other_schools="Hillcrest",
        contributors_other_details="Governors",
        vetting_person="The ICT Manager",
        contributor_advertising="Newsletter",
    )


def says_what_went_wrong(response) -> bool:
    """The page names a problem: the error summary, or a field's own message."""
    return response.status_code in (200, 400) and (
        "There is a problem" in response.text or "is-invalid" in response.text or "Bad request" in response.text
    )


@pytest.mark.parametrize(("slug", "field", "kind"), CASES, ids=[f"{s}-{f}-{k}" for s, f, k in CASES])
def test_every_text_answer_is_kept_or_refused_with_a_message(signed_in, draft, slug, field, kind):
    typed = TEXT_PAYLOADS[kind]
    url = reverse("forms_app:step", kwargs={"public_id": draft.public_id, "slug": slug})
    before = getattr(draft, field)

    response = signed_in.post(url, {field: typed, "action": "save"})

    assert response.status_code != 500
    saved = getattr(SocialMediaSiteRequest.objects.get(pk=draft.pk), field)
    if saved != typed:
        assert saved == before, "an answer was changed to something other than what was typed"
        assert says_what_went_wrong(response), f"{field} was not saved and nothing said why"


@pytest.mark.parametrize("date", BAD_DATES)
@pytest.mark.parametrize("field", ["go_live_date", "closure_date"])
def test_impossible_dates_are_refused_with_a_message(signed_in, draft, field, date):
    url = reverse("forms_app:step", kwargs={"public_id": draft.public_id, "slug": "dates"})
    before = getattr(draft, field)

    response = signed_in.post(url, {field: date, "action": "save"})

    assert response.status_code == 200
    assert says_what_went_wrong(response)
    assert date in response.text, "the date typed is shown back for correction"
    assert getattr(SocialMediaSiteRequest.objects.get(pk=draft.pk), field) == before


@pytest.mark.parametrize("kind", TEXT_PAYLOADS)
def test_a_new_request_refuses_hostile_first_answers_without_a_500(signed_in, kind):
    response = signed_in.post(reverse("forms_app:new"), {"department": TEXT_PAYLOADS[kind], "action": "save"})

    assert response.status_code != 500
    if kind != "rtl_emoji":
        assert says_what_went_wrong(response)


@pytest.mark.parametrize("kind", TEXT_PAYLOADS)
def test_the_declaration_and_check_answers_survive_hostile_input(signed_in, draft, kind):
    response = signed_in.post(
        reverse("forms_app:check", kwargs={"public_id": draft.public_id}), {"declaration": TEXT_PAYLOADS[kind]}
    )

    assert response.status_code != 500


@pytest.mark.parametrize("kind", [*TEXT_PAYLOADS, "bad_date"])
@pytest.mark.parametrize("signed_in_user", [False, True])
def test_the_search_box_never_fails(client, author, kind, signed_in_user):
    if signed_in_user:
        client.post(reverse("login"), {"username": author.username, "password": TEST_PASSWORD})
    query = TEXT_PAYLOADS.get(kind, BAD_DATES[0])

    response = client.get("/search/", {"q": query})

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Bad request" in response.text or "not allowed" in response.text.lower()


@pytest.mark.parametrize("kind", TEXT_PAYLOADS)
def test_sign_in_and_password_reset_never_fail(client, kind):
    typed = TEXT_PAYLOADS[kind]

    sign_in = client.post(reverse("login"), {"username": typed, "password": typed})
    reset = client.post(reverse("account_reset_password"), {"email": typed})

    assert sign_in.status_code in (200, 400) and reset.status_code in (200, 302, 400)


@pytest.mark.parametrize("kind", TEXT_PAYLOADS)
def test_the_emailed_acknowledgement_link_refuses_a_hostile_token_clearly(client, kind):
    token = TEXT_PAYLOADS[kind].replace("\x00", "%00")[:5000]

    response = client.post(f"/acknowledge/{token}/", {"confirm": "on"})

    assert response.status_code in (200, 400, 404)


def test_step_answers_of_exactly_the_limit_are_kept_and_one_more_is_refused(signed_in, draft):
    url = reverse("forms_app:step", kwargs={"public_id": draft.public_id, "slug": "purpose"})
    limit = STEP_BY_SLUG["purpose"].form_class(instance=draft, user=draft.author).fields["aims"].max_length

    signed_in.post(url, {"aims": "a" * limit, "action": "save"})
    assert SocialMediaSiteRequest.objects.get(pk=draft.pk).aims == "a" * limit

    response = signed_in.post(url, {"aims": "b" * (limit + 1), "action": "save"})
    assert says_what_went_wrong(response)
    assert SocialMediaSiteRequest.objects.get(pk=draft.pk).aims == "a" * limit
    assert "b" * (limit + 1) in response.text  # what was typed is shown back for correction
