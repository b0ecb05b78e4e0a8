"""A published approval form's questions are versioned, and a submission keeps the version it was made with."""

import pytest

from forms_app.answers import answers_digest, present_answers
from forms_app.constants import RequestStatus
from forms_app.workflow.services import submit_request
from home import roles
from tests.factories import UserFactory
from tests.forms_app.built_forms.factories import (
    ICT_THEN_HEAD,
    built_request,
    complete_blocked_content_answers,
    make_approval_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approvers(school):
    UserFactory(username="ict", school=school, roles=[roles.STAFF, roles.ICT_MANAGERS])
    UserFactory(username="head", school=school, roles=[roles.STAFF, roles.HEADTEACHERS])


def shown(site_request) -> dict[str, str]:
    return {answer.label: answer.text for section in present_answers(site_request) for answer in section.answers}


def test_publishing_records_a_version_only_when_the_questions_change(staff_home):
    form = make_approval_form(staff_home)
    assert [v.number for v in form.versions.all()] == [1]
    form.save_revision().publish()  # nothing changed
    assert form.versions.count() == 1
    form.steps[0].value["heading"] = "What is blocked"
    form.save_revision().publish()
    assert [v.number for v in form.versions.all()] == [1, 2]
    assert form.current_version().step_headings[0] == "What is blocked"


def test_a_question_edited_after_a_submission_leaves_that_submission_unchanged(staff_home, staff_user, approvers):
    form = make_approval_form(staff_home)
    version = form.current_version()
    site_request = built_request(author=staff_user, form=form, answers=complete_blocked_content_answers(version))
    site_request = submit_request(site_request=site_request, user=staff_user)
    before_digest = answers_digest(site_request)
    before = shown(site_request)
    assert before["Why do you need it?"] == "Year 6 geography: a video of an eruption."

    stream = form.steps.raw_data
    stream[0]["value"]["questions"][1]["value"]["label"] = "Explain the teaching purpose"
    form.save_revision().publish()

    site_request.refresh_from_db()
    assert form.current_version().number == 2
    assert shown(site_request) == before
    assert answers_digest(site_request) == before_digest


def test_a_submission_starts_its_forms_chain(staff_home, staff_user, approvers):
    head_only = make_approval_form(staff_home)
    both = make_approval_form(
        staff_home, title="Take part in a third party's site", slug="third-party", chain=ICT_THEN_HEAD, prefix="TP"
    )
    first = built_request(
        author=staff_user, form=head_only, answers=complete_blocked_content_answers(head_only.current_version())
    )
    second = built_request(
        author=staff_user, form=both, answers=complete_blocked_content_answers(both.current_version())
    )

    assert submit_request(site_request=first, user=staff_user).status == RequestStatus.AWAITING_HEAD
    assert submit_request(site_request=second, user=staff_user).status == RequestStatus.AWAITING_ICT
    assert first.reference.startswith("BC-") and second.reference.startswith("TP-")


def test_a_yes_no_follow_up_is_shown_only_when_its_answer_reveals_it(staff_home, staff_user):
    form = make_approval_form(staff_home)
    answers = complete_blocked_content_answers(form.current_version())
    site_request = built_request(author=staff_user, form=form, answers=answers)
    assert shown(site_request)["Which lesson and when?"] == "Geography, 3 March"

    lesson_id = next(q.id for q in form.current_version().questions() if q.kind == "yes_no")
    site_request.answers[lesson_id] = {"answer": "no", "follow_up": "Geography, 3 March"}
    assert "Which lesson and when?" not in shown(site_request)
    assert shown(site_request)["Is it needed for a lesson?"] == "No"


def test_a_submitted_built_form_keeps_its_answers_whoever_saves_it(staff_home, staff_user, approvers):
    from forms_app.models import RequestFrozenError

    form = make_approval_form(staff_home)
    site_request = built_request(
        author=staff_user, form=form, answers=complete_blocked_content_answers(form.current_version())
    )
    site_request = submit_request(site_request=site_request, user=staff_user)
    # By question, not by the answers' order: PostgreSQL's jsonb keeps keys in its own order.
    first_id = next(q.id for q in form.current_version().questions() if q.label == "Address of the blocked page")
    site_request.answers[first_id] = "https://example.org/something-else"
    with pytest.raises(RequestFrozenError):
        site_request.save()
    site_request.refresh_from_db()
    assert site_request.answers[first_id] == "https://example.org/volcanoes"
