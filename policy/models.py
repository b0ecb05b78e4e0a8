"""Policy pages and parent guidance (see issue-driven modules)."""
