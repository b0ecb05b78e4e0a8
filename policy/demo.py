"""Demo content for policies and parent guidance; each part lives in its own module."""

from importlib import import_module
from importlib.util import find_spec

PARTS = ["policy.demo_policies", "policy.demo_guidance"]


def load(context: dict) -> None:
    """Load each part's demo content (``load(context)`` in each module that exists)."""
    for name in PARTS:
        if find_spec(name) is not None:
            import_module(name).load(context)
