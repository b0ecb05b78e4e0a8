"""The staff-area page that runs the Appendix B request form."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .requests import SocialMediaSiteRequest

__all__ = ["SocialMediaRequestFormPage"]


class SocialMediaRequestFormPage(Page):
    """Where staff start a Social Media Site Creation Approval Form (Appendix B).

    The page shows its editable introduction and a "Start a new request" button; the
    steps themselves are served by ``forms_app.request_form.step_views`` under ``/staff/requests/``, with
    the request's random ``public_id`` in each address. One per site, in the staff area
    (which is always private, so only signed-in staff reach it).
    """

    # The staff home links to this page with its own button, not as a card.
    staff_home_button = True

    intro = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text=_("Explain to staff when they need this form and what to have ready before they start."),
    )
    start_button_text = models.CharField(
        _("start button text"), max_length=60, default="Start a new request", help_text=_("The button's words.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("start_button_text")]

    parent_page_types = ["home.StaffHomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("social media request form page")

    def get_context(self, request, *args, **kwargs):
        """Add ``drafts``: the signed-in author's Appendix B requests still being filled in (one query);
        drafts of forms built in the admin are listed on their own form's page."""
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            context["drafts"] = (
                SocialMediaSiteRequest.objects.by_author(request.user).editable().filter(form_version__isnull=True)
            )
        else:
            context["drafts"] = []
        return context
