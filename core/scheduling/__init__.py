"""Periodic jobs: the database lease that keeps one scheduler running per trust."""
