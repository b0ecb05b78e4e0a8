"""``build_scale_data --scale N``: N times the trust, every count in proportion; bad sizes are refused."""

import io

import pytest
from django.core.management import CommandError, call_command

from intranet.scale_data import Sizes

pytestmark = pytest.mark.django_db


def test_scale_ten_is_ten_times_the_trust():
    sizes = Sizes.for_schools(50 * 10)
    assert (sizes.schools, sizes.requests, sizes.approved, sizes.policies) == (500, 200_000, 80_000, 10_000)


@pytest.mark.parametrize("options", [{"scale": 0}, {"schools": 0}])
def test_a_size_below_one_is_refused_before_anything_is_written(options):
    with pytest.raises(CommandError, match="must be 1 or more"):
        call_command("build_scale_data", stdout=io.StringIO(), **options)


def test_scale_and_schools_cannot_be_given_together():
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("build_scale_data", "--scale", "2", "--schools", "3", stdout=io.StringIO())
