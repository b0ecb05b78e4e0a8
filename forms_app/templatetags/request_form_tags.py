"""Template tags linking to the request form from other pages."""

from django import template

from ..models import SocialMediaRequestFormPage

register = template.Library()


@register.simple_tag
def request_form_page():
    """Return the live "Request a new social media site" page, or None (one query)."""
    return SocialMediaRequestFormPage.objects.live().first()
