"""Models of the social media site request, split one concern per module.

``requests``: the Appendix B request; ``people``: the people named on it to run the site;
``attachments``: files the author adds; ``runners``: the training of the people who will run a site; ``logs``:
the audit log of requests and register entries, scoped by school; ``platforms``: the
platforms and their minimum ages; ``decisions``: the signed approvals; ``cover``: cover
for an approver who is away; ``reminders``: reminders and escalations of waiting steps; ``pages``: the
front-end form page; ``tasks``: the workflow task type; ``publishing``: the task type that publishes a
built form; ``register``: the register of approved sites; ``records``: the sealed (signed PDF) approval
records; ``approval_forms``: forms built in the admin from question blocks, whose submissions are requests too.
"""

from .approval_forms import *  # noqa: F403
from .attachments import *  # noqa: F403
from .cover import *  # noqa: F403
from .decisions import *  # noqa: F403
from .logs import *  # noqa: F403
from .pages import *  # noqa: F403
from .people import *  # noqa: F403
from .platforms import *  # noqa: F403
from .publishing import *  # noqa: F403
from .records import *  # noqa: F403
from .register import *  # noqa: F403
from .reminders import *  # noqa: F403
from .requests import *  # noqa: F403
from .runners import *  # noqa: F403
from .tasks import *  # noqa: F403
