"""Parent e-safety guidance, written and published by the Communications team.

``blocks`` (the guidance StreamField blocks), ``selectors`` (stale guidance), ``hooks``
(the stale-guidance dashboard panel and report, registered from ``policy/wagtail_hooks.py``)
and ``demo`` (demo pages and the Communications team's permissions). The page models
live in ``policy.models.guidance``.
"""
