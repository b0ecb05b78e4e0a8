"""Policy pages (``policies``) and parent e-safety guidance pages (``guidance``)."""

from .guidance import *  # noqa: F403
from .policies import *  # noqa: F403
