"""Staff fill an approval form built in the admin through its pages: every kind of question, its errors, then Submit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms_app.constants import RequestStatus
from forms_app.models import RequestAttachment, SocialMediaSiteRequest
from forms_app.workflow.services import submit_request
from home import roles
from tests.factories import TEST_PASSWORD, UserFactory
from tests.forms_app.built_forms.factories import (
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
    question,
    step,
)
from tests.forms_app.factories import SMALL_PDF

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00" + b"\x00" * 100


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.FORMS_APP_ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.fixture
def approvers(school):
    UserFactory(username="ict", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    return UserFactory(username="head", school=school, first_name="Hana", roles=[roles.STAFF, roles.HEADTEACHERS])


@pytest.fixture
def colleague(school):
    return UserFactory(username="colleague", school=school, first_name="Colin", last_name="League")


def every_kind_steps() -> list[dict]:
    """Three steps holding one question of every kind, a reveal on "yes"."""
    return [
        step(
            "About the request",
            question("text", "Name of the site", help_text="As it appears at the top of its pages."),
            question("long_text", "Why do you need it?"),
            question("choice", "How often?", options=["Once", "Weekly"]),
            question("multiple_choice", "Who will see it?", options=["Staff", "Pupils", "Parents"]),
            question("date", "From when?"),
        ),
        step(
            "People",
            question("staff", "Your line manager"),
            question("person", "The external contact"),
            question("yes_no", "Is it for a lesson?", follow_up_label="Which lesson?", reveal_on="yes"),
        ),
        step(
            "Evidence",
            question("file", "A screenshot"),
            question("declaration", "I will use it only for the purpose given."),
        ),
    ]


@pytest.fixture
def form(staff_home):
    return make_approval_form(
        staff_home, title="Take part in a third party's site", slug="third-party", steps=every_kind_steps(), prefix="TP"
    )


@pytest.fixture
def ids(form) -> dict[str, str]:
    return {q.label: q.id for q in form.current_version().questions()}


@pytest.fixture
def author(client, staff_user):
    client.post("/login/", {"username": staff_user.username, "password": TEST_PASSWORD})
    return client


def start_url(form) -> str:
    return reverse("forms_app:built_start", args=[form.pk])


def step_url(site_request, number: int) -> str:
    return reverse("forms_app:step", kwargs={"public_id": site_request.public_id, "slug": str(number)})


def first_step_answers(ids) -> dict:
    return {
        ids["Name of the site"]: "Volcano club",
        ids["Why do you need it?"]: "To share eruption videos.",
        ids["How often?"]: "Weekly",
        ids["Who will see it?"]: ["Staff", "Parents"],
        f"{ids['From when?']}_0": "1",
        f"{ids['From when?']}_1": "7",
        f"{ids['From when?']}_2": "2027",
        "action": "continue",
    }


def second_step_answers(ids, colleague) -> dict:
    return {
        ids["Your line manager"]: str(colleague.pk),
        f"{ids['The external contact']}__name": "Pat Guest",
        f"{ids['The external contact']}__email": "pat@example.org",
        ids["Is it for a lesson?"]: "yes",
        f"{ids['Is it for a lesson?']}__follow_up": "Geography, 3 March",
        "action": "continue",
    }


def errors_of(response) -> list[str]:
    return [link["message"] for link in response.context["error_links"]]


def test_a_member_of_staff_fills_every_kind_of_question_and_submits(author, form, ids, colleague, approvers):
    response = author.post(start_url(form), first_step_answers(ids))
    site_request = SocialMediaSiteRequest.objects.get()
    assert response.url == step_url(site_request, 2)
    assert site_request.form_version == form.current_version()
    assert site_request.school == colleague.school
    assert site_request.last_completed_step == 1

    assert author.post(step_url(site_request, 2), second_step_answers(ids, colleague)).url == step_url(site_request, 3)
    response = author.post(
        step_url(site_request, 3),
        {
            ids["A screenshot"]: SimpleUploadedFile("screen.pdf", SMALL_PDF),
            ids["I will use it only for the purpose given."]: "on",
            "action": "continue",
        },
    )
    check_url = reverse("forms_app:check", kwargs={"public_id": site_request.public_id})
    assert response.url == check_url
    site_request.refresh_from_db()
    document = RequestAttachment.objects.get(request=site_request)
    assert site_request.answers == {
        ids["Name of the site"]: "Volcano club",
        ids["Why do you need it?"]: "To share eruption videos.",
        ids["How often?"]: "Weekly",
        ids["Who will see it?"]: ["Staff", "Parents"],
        ids["From when?"]: "2027-07-01",
        ids["Your line manager"]: colleague.pk,
        ids["The external contact"]: {"name": "Pat Guest", "email": "pat@example.org"},
        ids["Is it for a lesson?"]: {"answer": "yes", "follow_up": "Geography, 3 March"},
        ids["A screenshot"]: [document.pk],
        ids["I will use it only for the purpose given."]: True,
    }

    html = author.get(check_url).content.decode()
    assert "Take part in a third party&#x27;s site" in html
    for shown in ("1 July 2027", "Colin League", "Pat Guest (pat@example.org)", "Geography, 3 March", "screen.pdf"):
        assert shown in html
    assert f'href="{step_url(site_request, 2)}#id_{ids["Is it for a lesson?"]}_0"' in html

    response = author.post(check_url)
    site_request.refresh_from_db()
    assert response.url == reverse("forms_app:submitted", kwargs={"public_id": site_request.public_id})
    assert site_request.status == RequestStatus.AWAITING_HEAD
    assert site_request.reference.startswith("TP-")
    html = author.get(response.url).content.decode()
    assert "Take part in a third party&#x27;s site: request submitted" in html
    assert site_request.reference in html
    assert "The Headteacher of" in html and "Hana" in html


def test_each_missing_required_answer_has_its_own_message(author, form, ids, colleague):
    response = author.post(start_url(form), {"action": "continue", ids["Name of the site"]: "Volcano club"})
    assert errors_of(response) == [
        "Enter an answer to “Why do you need it?”",
        "Choose an answer to “How often?”",
        "Choose at least one answer to “Who will see it?”",
        "Enter the date for “From when?”",
    ]
    html = response.content.decode()
    assert 'value="Volcano club"' in html  # nothing typed is lost
    assert f'aria-describedby="id_{ids["Name of the site"]}_hint"' in html
    site_request = SocialMediaSiteRequest.objects.get()
    assert site_request.last_completed_step == 0  # saved as a draft, but not completed

    author.post(step_url(site_request, 1), first_step_answers(ids))
    response = author.post(step_url(site_request, 2), {"action": "continue"})
    assert errors_of(response) == [
        "Choose a member of staff for “Your line manager”",
        "Enter the full name for “The external contact”",
        "Enter the email address for “The external contact”",
        "Choose yes or no for “Is it for a lesson?”",
    ]
    author.post(step_url(site_request, 2), second_step_answers(ids, colleague))
    response = author.post(step_url(site_request, 3), {"action": "continue"})
    assert errors_of(response) == [
        "Choose a file for “A screenshot”",
        "Tick the box to confirm “I will use it only for the purpose given.”",
    ]


def test_answers_refused_by_their_own_check_are_kept_on_the_page_and_not_saved(author, form, ids):
    answers = first_step_answers(ids) | {f"{ids['From when?']}_0": "31", f"{ids['From when?']}_1": "2"}
    response = author.post(start_url(form), answers)
    assert errors_of(response) == ["“From when?” must be a real date, for example 27 3 2027"]
    assert response.context["error_intro"] == "These answers were not saved: “From when?”."
    assert 'value="31"' in response.content.decode()
    assert ids["From when?"] not in SocialMediaSiteRequest.objects.get().answers


def test_the_follow_up_is_asked_only_when_its_answer_reveals_it(author, form, ids, colleague, staff_user):
    site_request = _at_step_two(author, form, ids)
    follow_up = f"{ids['Is it for a lesson?']}__follow_up"
    answers = second_step_answers(ids, colleague)
    response = author.post(step_url(site_request, 2), answers | {follow_up: ""})
    assert errors_of(response) == ["Enter an answer to “Which lesson?”"]
    html = response.content.decode()
    assert f'data-show-if="[[&quot;{ids["Is it for a lesson?"]}&quot;, &quot;yes&quot;]]"' in html
    # Without JavaScript the follow-up is simply shown (the script hides it until "Yes" is chosen).
    assert f'id="div_id_{follow_up}">' in html and "hidden" not in html.split(f'id="div_id_{follow_up}"')[0][-80:]

    response = author.post(step_url(site_request, 2), answers | {ids["Is it for a lesson?"]: "no", follow_up: "Old"})
    assert response.status_code == 302
    site_request.refresh_from_db()
    assert site_request.answers[ids["Is it for a lesson?"]] == {"answer": "no"}


def test_only_staff_of_the_authors_school_may_be_chosen_and_an_email_must_be_an_email(
    author, form, ids, colleague, other_school
):
    site_request = _at_step_two(author, form, ids)
    elsewhere = UserFactory(username="elsewhere", school=other_school, first_name="Elsie")
    html = author.get(step_url(site_request, 2)).content.decode()
    assert "Colin League" in html and "Elsie" not in html
    answers = second_step_answers(ids, colleague) | {
        ids["Your line manager"]: str(elsewhere.pk),
        f"{ids['The external contact']}__email": "pat at example",
    }
    response = author.post(step_url(site_request, 2), answers)
    assert errors_of(response) == [
        "Choose someone from your school's staff for “Your line manager”",
        "Enter an email address in the correct format, like name@example.com",
    ]
    assert 'value="pat at example"' in response.content.decode()


def test_back_and_save_for_later_keep_what_was_answered(author, form, ids):
    site_request = _at_step_two(author, form, ids)
    contact = f"{ids['The external contact']}__name"
    response = author.post(step_url(site_request, 2), {contact: "Pat Guest", "action": "back"})
    assert response.url == step_url(site_request, 1)
    response = author.post(step_url(site_request, 2), {contact: "Pat Guest", "action": "save"})
    assert response.url == reverse("forms_app:my_requests")
    site_request.refresh_from_db()
    assert site_request.answers[ids["The external contact"]] == {"name": "Pat Guest", "email": ""}
    assert site_request.last_completed_step == 1
    assert 'value="Pat Guest"' in author.get(step_url(site_request, 2)).content.decode()


def _at_step_two(author, form, ids) -> SocialMediaSiteRequest:
    author.post(start_url(form), first_step_answers(ids))
    return SocialMediaSiteRequest.objects.get()


def test_a_file_of_the_wrong_type_is_refused_and_a_file_can_be_replaced(author, form, ids, colleague):
    site_request = _at_step_two(author, form, ids)
    author.post(step_url(site_request, 2), second_step_answers(ids, colleague))
    response = author.post(
        step_url(site_request, 3), {ids["A screenshot"]: SimpleUploadedFile("tool.pdf", EXE), "action": "continue"}
    )
    assert errors_of(response)[0] == "tool.pdf is not a PDF, PNG, JPEG or Word (DOCX) file: upload one of those types."
    assert not RequestAttachment.objects.exists()

    author.post(step_url(site_request, 3), {ids["A screenshot"]: SimpleUploadedFile("a.pdf", SMALL_PDF)})
    first = RequestAttachment.objects.get()
    author.post(
        step_url(site_request, 3),
        {ids["A screenshot"]: SimpleUploadedFile("b.pdf", SMALL_PDF), f"{ids['A screenshot']}__remove": [first.pk]},
    )
    assert [d.original_name for d in RequestAttachment.objects.all()] == ["b.pdf"]
    site_request.refresh_from_db()
    assert site_request.answers[ids["A screenshot"]] == [RequestAttachment.objects.get().pk]


def test_steps_cannot_be_skipped_and_check_waits_for_every_step(author, form, ids):
    site_request = _at_step_two(author, form, ids)
    response = author.get(step_url(site_request, 3))
    assert response.url == step_url(site_request, 2)
    response = author.get(reverse("forms_app:check", kwargs={"public_id": site_request.public_id}))
    assert response.url == step_url(site_request, 2)
    assert author.get(step_url(site_request, 9)).status_code == 404


def test_nobody_else_can_open_a_draft(author, form, ids, client, school):
    site_request = _at_step_two(author, form, ids)
    other = UserFactory(username="other", school=school)
    client.logout()
    client.post("/login/", {"username": other.username, "password": TEST_PASSWORD})
    for url in (
        step_url(site_request, 1),
        reverse("forms_app:check", kwargs={"public_id": site_request.public_id}),
        reverse("forms_app:detail", kwargs={"public_id": site_request.public_id}),
    ):
        assert client.get(url).status_code == 404


def test_drafts_are_listed_on_the_form_page_and_in_my_requests(author, form, ids, staff_home):
    site_request = _at_step_two(author, form, ids)
    html = author.get(form.url).content.decode()
    assert f'href="{start_url(form)}"' in html
    assert f'href="/staff/requests/{site_request.public_id}/">{site_request}</a>' in html
    html = author.get(reverse("forms_app:my_requests")).content.decode()
    assert "Take part in a third party&#x27;s site" in html
    assert f'href="{step_url(site_request, 2)}">Continue' in html
    html = author.get(staff_home.url).content.decode()
    assert f'href="{form.url}"' in html  # a card on the staff home


def test_the_form_page_needs_sign_in(form, client):
    response = client.get(form.url)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_draft_can_be_deleted_and_a_submitted_request_withdrawn(author, form, ids, staff_user, approvers):
    site_request = _at_step_two(author, form, ids)
    author.post(reverse("forms_app:delete", kwargs={"public_id": site_request.public_id}))
    assert not SocialMediaSiteRequest.objects.exists()

    blocked = make_approval_form(form.get_parent(), slug="blocked")
    answers = complete_blocked_content_answers(blocked.current_version())
    submitted = submit_request(
        site_request=built_request(author=staff_user, form=blocked, answers=answers), user=staff_user
    )
    detail = reverse("forms_app:detail", kwargs={"public_id": submitted.public_id})
    html = author.get(detail).content.decode()
    assert "Request access to blocked content" in html and "Geography, 3 March" in html
    assert f'href="{reverse("forms_app:withdraw", kwargs={"public_id": submitted.public_id})}"' in html
    author.post(reverse("forms_app:withdraw", kwargs={"public_id": submitted.public_id}))
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.WITHDRAWN


def test_a_request_sent_back_for_changes_continues_with_links_to_its_own_steps(author, form, staff_user, approvers):
    blocked = make_approval_form(form.get_parent(), slug="blocked")
    answers = complete_blocked_content_answers(blocked.current_version())
    site_request = built_request(author=staff_user, form=blocked, answers=answers)
    SocialMediaSiteRequest.objects.filter(pk=site_request.pk).update(status=RequestStatus.CHANGES_REQUESTED)
    check = author.get(reverse("forms_app:my_requests")).content.decode()
    assert f'href="/staff/requests/{site_request.public_id}/check/">Continue' in check
    html = author.get(reverse("forms_app:check", kwargs={"public_id": site_request.public_id})).content.decode()
    assert f'href="{step_url(site_request, 1)}#id_' in html


def test_a_step_page_asks_as_many_queries_with_one_question_or_many(author, staff_home, colleague):
    one = make_approval_form(staff_home, slug="one", steps=[step("Only", question("staff", "Who?"))])
    many = make_approval_form(
        staff_home,
        slug="many",
        steps=[step("Many", *[question(kind, f"Q{n} {kind}") for n in range(4) for kind in ("staff", "text", "date")])],
    )
    author.get(start_url(one))  # the first page of a session fills the caches
    counts = []
    for page in (one, many):
        with CaptureQueriesContext(connection) as queries:
            assert author.get(start_url(page)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
