"""Policy pages (``policies``), their approval task (``approval``) and its reminders
(``approval_reminders``), acknowledgements, and parent guidance."""

from .acknowledgements import *  # noqa: F403
from .approval import *  # noqa: F403
from .approval_reminders import *  # noqa: F403
from .guidance import *  # noqa: F403
from .policies import *  # noqa: F403
