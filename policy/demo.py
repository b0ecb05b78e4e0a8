"""Demo content for policies and parent guidance; each part lives in its own module."""

from . import demo_policies
from .guidance import demo as demo_guidance


def load(context: dict) -> None:
    """Load the demo policies, then the parent guidance (``context`` as built by ``home.demo.load``)."""
    demo_policies.load(context)
    demo_guidance.load(context)
