"""Template tags for the account and second-factor pages."""

from django import template

from home.accounts.mfa import continue_url

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_continue_url(context) -> str:
    """Where "Continue" leads after setting up a second factor (the admin page that asked for it)."""
    return continue_url(context["request"])
