"""Helpers to fill in the request form's steps through the real pages."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from forms_app.models import Platform
from forms_app.request_form.steps import STEP_BY_SLUG


def step_url(request_obj, slug: str) -> str:
    return reverse("forms_app:step", kwargs={"public_id": request_obj.public_id, "slug": slug})


def post_step(client, request_obj, slug: str, data: dict, action: str = "continue", **kwargs):
    """POST ``data`` to a step (with the Continue, Back or Save button) and return the response."""
    assert slug in STEP_BY_SLUG
    return client.post(step_url(request_obj, slug), {**data, "action": action}, **kwargs)


def valid_step_data(*, school, colleagues, go_live_in_days: int, closure_in_days: int) -> dict:
    """Valid POST data for every step, by step slug: a staff-only Facebook page run by ``colleagues``.

    The first colleague is the line manager; the first two administer and the rest moderate.
    The site goes live and closes the given numbers of days after today.
    """
    today = timezone.localdate()
    go_live = today + datetime.timedelta(days=go_live_in_days)
    closure = today + datetime.timedelta(days=closure_in_days)
    line_manager, administrators, moderators = colleagues[0], colleagues[:2], colleagues[2:]
    platform = Platform.objects.get(name="Facebook")
    return {
        "team": {"school": school.pk, "department": "Year 6", "line_manager": line_manager.pk},
        "purpose": {
            "aims": "Share class news with families.",
            "proposed_content": "Weekly updates and photos of work.",
            "platform": platform.pk,
            "account_name": "Riverside Year 6",
            "promotion": "Newsletter.",
            "visibility": "closed",
        },
        "audience": {"audience": ["staff", "families"]},
        "contributors": {"contributors": ["staff"]},
        "administration": {
            "administrators": [u.pk for u in administrators],
            "moderators": [u.pk for u in moderators],
            "host": "school",
        },
        "dates": {
            "go_live_date": go_live.isoformat(),
            "closure_date": closure.isoformat(),
            "security_measures": "Closed group; two moderators approve members.",
        },
    }


def other_people(*rows: tuple[str, str, str]) -> dict:
    """POST data for the authorised people without a staff account: ``(name, description, role)`` rows."""
    data = {"others-TOTAL_FORMS": str(len(rows)), "others-INITIAL_FORMS": "0"}
    for index, (name, description, role) in enumerate(rows):
        data.update({f"others-{index}-name": name, f"others-{index}-description": description})
        data[f"others-{index}-role"] = role
    return data


def link_text(html: str) -> str:
    """``html`` without its tags: what a link or heading says, however its words are wrapped in spans."""
    return re.sub(r"<[^>]+>", "", html)
