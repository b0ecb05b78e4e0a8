"""Demo content for social media site requests; each part lives in its own module."""

from importlib import import_module
from importlib.util import find_spec

PARTS = ["forms_app.demo_form", "forms_app.demo_requests"]


def load(context: dict) -> None:
    """Load each part's demo content (``load(context)`` in each module that exists)."""
    for name in PARTS:
        if find_spec(name) is not None:
            import_module(name).load(context)
