"""Fixtures of the home tests: the Riverside school with its staff's email domain for single sign-on."""

import pytest


@pytest.fixture
def riverside(school):
    """The Riverside school, whose staff sign in with addresses at riverside.example.org."""
    school.email_domains = "riverside.example.org"
    school.save()
    return school
