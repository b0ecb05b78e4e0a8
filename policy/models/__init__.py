"""Policy pages (``policies``, listed by ``index``; ``permissions``, ``reminders``, ``review_dates``), their approval
task (``approval``) and its reminders (``approval_reminders``), acknowledgements, and parent guidance."""

from .acknowledgements import *  # noqa: F403
from .approval import *  # noqa: F403
from .approval_reminders import *  # noqa: F403
from .guidance import *  # noqa: F403
from .index import *  # noqa: F403
from .permissions import *  # noqa: F403
from .policies import *  # noqa: F403
from .reminders import *  # noqa: F403
from .review_dates import *  # noqa: F403
