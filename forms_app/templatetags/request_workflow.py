"""Template tags for a request's approval history."""

from django import template

from ..workflow_selectors import timeline_for

register = template.Library()


@register.inclusion_tag("forms_app/includes/timeline.html")
def request_timeline(request):
    """Render the history of ``request`` (a ``SocialMediaSiteRequest``): ``{% request_timeline object %}``."""
    return {"timeline": timeline_for(request)}
