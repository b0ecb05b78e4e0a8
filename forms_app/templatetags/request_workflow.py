"""Template tags for a request's approval history."""

from django import template

from ..workflow.timeline import timeline_for

register = template.Library()


@register.inclusion_tag("forms_app/includes/timeline.html")
def request_timeline(site_request):
    """Render the history of ``site_request`` (a ``SocialMediaSiteRequest``): ``{% request_timeline object %}``."""
    return {"timeline": timeline_for(site_request)}
