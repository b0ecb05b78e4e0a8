"""The demo trust has four approval forms built with the page type, each citing its policy clause, loaded once."""

import pytest
from django.core.management import call_command

from forms_app.built_forms.demo import DEMO_FORMS
from forms_app.models import ApprovalFormPage, ApprovalFormVersion
from forms_app.models.approval_forms import chain_errors, chain_roles
from home.models import User

pytestmark = pytest.mark.django_db

CITED = {
    "Take part in a social media site created by a third party": ("A.3.3", ["ict_manager", "headteacher"]),
    "Contribute content to a social media site": ("A.3.4", ["ict_manager", "headteacher"]),
    "Advertise for contributors or make an organisation a 'friend' of a site": ("A.5.8", ["headteacher"]),
    "Request access to blocked content": ("Blocked content", ["headteacher"]),
}


def test_the_four_demo_forms_are_published_once_each_citing_their_clause_with_their_chain():
    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    forms = {form.title: form for form in ApprovalFormPage.objects.live()}
    assert sorted(forms) == sorted(CITED)
    assert ApprovalFormPage.objects.count() == len(DEMO_FORMS) == 4
    assert ApprovalFormVersion.objects.count() == 4
    for title, (clause, roles) in CITED.items():
        form = forms[title]
        assert clause in form.intro, title
        version = form.current_version()
        assert version.number == 1
        assert chain_errors(version.get_workflow()) == []
        assert chain_roles(version.get_workflow()) == roles
        assert len(list(version.questions())) >= 3
    assert "A.5.9" in forms["Advertise for contributors or make an organisation a 'friend' of a site"].intro
    kinds = {question.kind for question in forms["Request access to blocked content"].current_version().questions()}
    assert {"yes_no", "file", "declaration"} <= kinds


def test_the_demo_trust_administrator_edits_the_demo_forms_and_publishes_them_by_approval():
    call_command("load_demo_content", verbosity=0)
    ceo = User.objects.get(username="ceo")

    for form in ApprovalFormPage.objects.all():
        assert form.permissions_for_user(ceo).can_edit()
        assert form.get_workflow().name == "Approval form publishing"
    staff_home = ApprovalFormPage.objects.first().get_parent()
    assert staff_home.permissions_for_user(ceo).can_add_subpage()
    assert not staff_home.permissions_for_user(ceo).can_edit()
