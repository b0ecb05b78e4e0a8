"""Each required question, left blank, says what to do with its own words, linked from the error summary."""

import pytest

from forms_app.request_form.steps import FIELD_STEP, field_anchor
from forms_app.rules import REQUIRED, REQUIRED_MESSAGES
from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import post_step

pytestmark = pytest.mark.django_db

BLANKS = {
    "team": {"department": "", "line_manager": ""},
    "purpose": {"aims": "", "proposed_content": "", "account_name": "", "promotion": ""},
    "audience": {},
    "contributors": {},
    "administration": {},
    "dates": {"go_live_date": "", "closure_date": "", "security_measures": ""},
}


def test_every_required_question_has_its_own_message():
    assert set(REQUIRED_MESSAGES) == set(REQUIRED)
    texts = [str(m) for m in REQUIRED_MESSAGES.values()]
    assert len(set(texts)) == len(texts), "two questions share a message"
    assert all(t.split()[0] in {"Enter", "Choose"} for t in texts)


@pytest.mark.parametrize("slug", ["team", "purpose", "audience", "contributors", "administration", "dates"])
def test_each_blank_question_names_itself_in_the_summary(author_client, staff_user, slug):
    draft = complete_request(author=staff_user)
    response = post_step(author_client, draft, slug, BLANKS[slug])
    assert response.status_code == 200
    html = response.content.decode()
    asked = [name for name in REQUIRED if FIELD_STEP[name].slug == slug and name != "school"]
    assert asked
    for name in asked:
        message = str(REQUIRED_MESSAGES[name]).replace("'", "&#x27;")
        assert f'<a href="#{field_anchor(name)}">{message}</a>' in html, name
        assert html.count(message) >= 2, f"{name}: message by the field too"
