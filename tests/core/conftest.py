"""Fixtures shared by the tests of ``core``."""

import pytest

from tests.policy.factories import make_index, make_policy, section


@pytest.fixture
def policy(home_page):
    """A published, public policy page under a policy index: what anonymous visitors read."""
    return make_policy(
        make_index(home_page),
        title="Social Media Policy",
        body=[section("1", "Posting for a school", ("1.1", "Ask the ICT Manager before opening an account."))],
    )
