"""Admin hooks for policies and parent guidance; each concern lives in its own module."""

from . import guidance_hooks  # noqa: F401
