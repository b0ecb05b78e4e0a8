"""School days now live in ``home.school_days`` (policies count them too); re-exported for existing imports."""

from home.school_days import is_school_day, school_days_after

__all__ = ["is_school_day", "school_days_after"]
