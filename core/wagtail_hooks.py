"""Wagtail hooks of the project as a whole: marking the pages the public page cache may keep."""

from wagtail import hooks

from .caching.page_cache import mark_public_page

hooks.register("before_serve_page", mark_public_page)
