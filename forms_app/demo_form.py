"""Demo content: the request form page in the staff area. Idempotent."""

from .models import SocialMediaRequestFormPage

FORM_PAGE_SLUG = "request-a-social-media-site"
INTRO = (
    "<p>Use this form to ask for approval before you open a social media account or blog for your school, "
    "department or club. Have ready: what the site is for, who will see it and contribute to it, at least two "
    "colleagues to act as administrators and two as moderators, and when the site will open and close.</p>"
    "<p>You can stop at any point: your answers are kept as a draft under My requests.</p>"
)


def load(context: dict) -> None:
    """Create the "Request a new social media site" page under the staff home if it is missing.

    Takes the demo context (``context["pages"]["staff_home"]``); adds ``request_form`` to
    ``context["pages"]``. An existing page (perhaps edited since) is left as it is.
    """
    staff_home = context["pages"]["staff_home"]
    page = SocialMediaRequestFormPage.objects.first()
    if page is None:
        page = SocialMediaRequestFormPage(
            title="Request a new social media site", slug=FORM_PAGE_SLUG, intro=INTRO, show_in_menus=True
        )
        staff_home.add_child(instance=page)
        page.save_revision().publish()
    context["pages"]["request_form"] = page
