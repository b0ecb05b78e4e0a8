"""Settings for the worker and schedulers that ``test_scheduled_jobs`` starts on the test database.

The development settings ``make run`` uses, with every periodic job due every minute (the
shortest cron period) so that a test sees each job run within about a minute, and a short
lease so a waiting scheduler takes over within seconds.
"""

from intranet.settings.dev import *  # noqa: F403

SCHEDULED_JOBS = dict.fromkeys(SCHEDULED_JOBS, "* * * * *")  # noqa: F405
CRONTASK = {"LOCK_REFRESH_INTERVAL": 1, "LOCK_TIMEOUT": 3}
