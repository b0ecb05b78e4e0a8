"""Answers on the form never reach error reports (they hold staff data and safeguarding plans)."""

import pytest
from django.urls import reverse

from tests.forms_app.factories import complete_request
from tests.forms_app.request_form.helpers import post_step

pytestmark = pytest.mark.django_db


def test_step_answers_are_hidden_from_error_reports(author_client, form_page, staff_user):
    request = complete_request(author=staff_user)
    response = post_step(author_client, request, "purpose", {"aims": "Private plans"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_check_answers_post_is_hidden_from_error_reports(author_client, form_page, staff_user):
    request = complete_request(author=staff_user)
    response = author_client.post(reverse("forms_app:check", kwargs={"public_id": request.public_id}), {})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
