"""Demo approval forms: four forms built with the page type from question blocks, no code of their own.

Each cites, in its intro, the policy clause that asks for the approval (the seed policies:
the Education Partnership Trust's Appendix A, clauses A.3.3, A.3.4, A.5.8 and A.5.9, and
Thurcroft Infant School's "Blocked content"); the questions are our own, written for school
staff. Each is published (so version 1 exists) and governed like a form built in the admin
(``forms_app.built_forms.admin.govern_form``). Idempotent: a form is made only when no
approval form has its slug; an existing one, perhaps edited since, is left as it is.
"""

import uuid
from dataclasses import dataclass

from wagtail.models import Workflow

from ..models import ApprovalFormPage
from .admin import govern_form, grant_form_building

__all__ = ["DEMO_FORMS", "DemoForm", "load"]

ICT_THEN_HEAD = "Approval form: ICT Manager, then Headteacher"
HEAD_ONLY = "Approval form: Headteacher"


def question(kind: str, label: str, *, help_text: str = "", required: bool = True, **settings) -> dict:
    """One question block's raw stream data with a new block id (the key of its answers)."""
    value = {"label": label, "help_text": help_text, **settings}
    if kind != "declaration":
        value["required"] = required
    return {"type": kind, "id": str(uuid.uuid4()), "value": value}


def step(heading: str, *questions: dict) -> dict:
    """One step block's raw stream data: a heading and its questions."""
    return {"type": "step", "id": str(uuid.uuid4()), "value": {"heading": heading, "questions": list(questions)}}


@dataclass(frozen=True)
class DemoForm:
    """One demo approval form: page title and slug, intro (HTML), chain (workflow name), reference letters, steps."""

    title: str
    slug: str
    intro: str
    chain: str
    prefix: str
    steps: tuple


def _steps_third_party_site() -> tuple:
    return (
        step(
            "The site",
            question("text", "Name of the site or group", help_text="For example, the local sports partnership forum."),
            question("text", "Its web address", help_text="Copy it from your browser's address bar."),
            question("text", "Who runs it?", help_text="The organisation or person that created and moderates it."),
            question("long_text", "Why should the school take part?"),
        ),
        step(
            "How you will take part",
            question(
                "multiple_choice",
                "What will you do there?",
                options=["Read and follow it", "Post updates", "Reply to comments", "Share pupils' work"],
            ),
            question(
                "choice",
                "Which account will you use?",
                options=["An existing school account", "A new account in the school's name"],
            ),
            question(
                "yes_no",
                "Will pupils' work or photos appear there?",
                follow_up_label="How will you make sure no pupil can be identified?",
                reveal_on="yes",
            ),
            question("date", "When do you want to start?"),
        ),
        step(
            "Declaration",
            question("declaration", "I will follow the Social Media Policy and the site's own terms of use."),
        ),
    )


def _steps_contribute_content() -> tuple:
    return (
        step(
            "The content",
            question(
                "text", "Where will it appear?", help_text="The name and web address of the site, page or account."
            ),
            question("choice", "Whose site is it?", options=["The school's own site", "A third party's site"]),
            question(
                "long_text",
                "What will you contribute?",
                help_text="The posts, photos, videos or documents, and how often.",
            ),
            question("date", "When will the first item appear?"),
        ),
        step(
            "Pupils and checks",
            question(
                "yes_no",
                "Does it show pupils or their work?",
                follow_up_label="How have you checked photo consent, and that no pupil can be named?",
                reveal_on="yes",
            ),
            question(
                "staff",
                "Who will check each item before it is posted?",
                help_text="A colleague at your school who is not you.",
            ),
            question("file", "An example of the content", required=False, help_text="A draft post or a sample image."),
        ),
        step(
            "Declaration",
            question("declaration", "I will post only what has been approved, and take down anything I am asked to."),
        ),
    )


def _steps_contributors_and_friends() -> tuple:
    return (
        step(
            "The site",
            question("text", "The school's site or account", help_text="Its name and web address."),
            question(
                "choice",
                "What are you asking for?",
                options=[
                    "To advertise for contributors",
                    "To make an external organisation a 'friend' of the site",
                    "Both",
                ],
            ),
        ),
        step(
            "Contributors and friends",
            question(
                "long_text",
                "Who do you want to contribute, and where will you advertise?",
                required=False,
                help_text="Only if you are advertising for contributors.",
            ),
            question(
                "text",
                "Name of the organisation",
                required=False,
                help_text="Only if you want to make an organisation a 'friend' of the site.",
            ),
            question("person", "Your contact at the organisation", required=False),
            question(
                "yes_no",
                "Have you checked the organisation or the contributors?",
                follow_up_label="What did you check, and what did you find?",
                reveal_on="yes",
            ),
        ),
        step(
            "Declaration",
            question(
                "declaration",
                "I will check contributors' and friends' comments regularly and remove any that break the house rules.",
            ),
        ),
    )


def _steps_blocked_content() -> tuple:
    return (
        step(
            "The blocked content",
            question("text", "Address of the blocked page", help_text="Copy it from your browser's address bar."),
            question("long_text", "What do you need it for?"),
            question("yes_no", "Is it for a lesson?", follow_up_label="Which class, and when?", reveal_on="yes"),
        ),
        step(
            "Evidence",
            question(
                "file",
                "A screenshot of the blocked page",
                required=False,
                help_text="The message the filter shows is enough.",
            ),
            question(
                "declaration",
                "I will use this content only for the purpose I gave, and report anything inappropriate I find.",
            ),
        ),
    )


DEMO_FORMS = (
    DemoForm(
        title="Take part in a social media site created by a third party",
        slug="take-part-in-a-third-party-site",
        intro=(
            "<p>Use this form before you take part, in the school's name, in a site or online group that someone "
            "else runs: a local sports partnership's page, a charity's forum, a national project's group.</p>"
            "<p>Why: the Education Partnership Trust Social Media Policy, clause A.3.3, asks for the approval of "
            "the ICT Manager and the Head of School/Headteacher first. Your ICT Manager decides, then your "
            "Headteacher.</p><p>Have ready the site's address and who runs it.</p>"
        ),
        chain=ICT_THEN_HEAD,
        prefix="TP",
        steps=_steps_third_party_site(),
    ),
    DemoForm(
        title="Contribute content to a social media site",
        slug="contribute-content-to-a-site",
        intro=(
            "<p>Use this form before you post content on the school's own sites or on a site run by someone else: "
            "a series of posts, a video, a newsletter feature.</p>"
            "<p>Why: the Education Partnership Trust Social Media Policy, clause A.3.4, says content for the "
            "school's own or third-party sites is discussed with and approved by the ICT Manager and the Head of "
            "School/Headteacher. Your ICT Manager decides, then your Headteacher.</p>"
        ),
        chain=ICT_THEN_HEAD,
        prefix="CC",
        steps=_steps_contribute_content(),
    ),
    DemoForm(
        title="Advertise for contributors or make an organisation a 'friend' of a site",
        slug="advertise-for-contributors-or-add-a-friend",
        intro=(
            "<p>Use this form before you invite people to contribute to one of the school's sites, or link an "
            "outside organisation to it as a 'friend' or follower.</p>"
            "<p>Why: the Education Partnership Trust Social Media Policy, clauses A.5.8 and A.5.9, asks for the "
            "Head of School/Headteacher's approval for both. Your Headteacher decides.</p>"
        ),
        chain=HEAD_ONLY,
        prefix="FR",
        steps=_steps_contributors_and_friends(),
    ),
    DemoForm(
        title="Request access to blocked content",
        slug="request-access-to-blocked-content",
        intro=(
            "<p>Use this form when the school's filter blocks a page you need for your work and you think it "
            "was blocked by mistake.</p>"
            '<p>Why: Thurcroft Infant School\'s Social Media Policy ("Blocked content") says requests to reach '
            "erroneously blocked content are made to the Head of School/Headteacher, who makes the final "
            "decision. Your Headteacher decides.</p>"
        ),
        chain=HEAD_ONLY,
        prefix="BC",
        steps=_steps_blocked_content(),
    ),
)


def load(context: dict) -> None:
    """Create and publish the demo approval forms that are missing, and let Trust administrators build forms.

    Takes the demo context (``context["pages"]["staff_home"]``); adds
    ``context["pages"]["approval_forms"]``, the four forms by slug. Every approval form under
    the staff home, the demo's or one built since, is governed (``govern_form``).
    """
    staff_home = context["pages"]["staff_home"]
    grant_form_building(staff_home)
    forms = {}
    for demo in DEMO_FORMS:
        page = ApprovalFormPage.objects.child_of(staff_home).filter(slug=demo.slug).first()
        if page is None:
            page = ApprovalFormPage(
                title=demo.title,
                slug=demo.slug,
                intro=demo.intro,
                steps=list(demo.steps),
                approval_workflow=Workflow.objects.get(name=demo.chain),
                reference_prefix=demo.prefix,
                show_in_menus=False,
            )
            staff_home.add_child(instance=page)
            page.save_revision().publish()
        forms[demo.slug] = page
    for page in ApprovalFormPage.objects.child_of(staff_home):
        govern_form(page)
    context["pages"]["approval_forms"] = forms
