"""SuperUsers per licence: 1–3 modules → 2, 4–6 → 3, 7 or more → 4, never above four."""

import pytest

from kundcenter.accounts.rules import DEFAULT_SUPERUSER_QUOTA, superuser_quota


@pytest.fixture(autouse=True)
def _default_table(settings):
    if hasattr(settings, "SUPERUSER_QUOTA"):
        del settings.SUPERUSER_QUOTA


@pytest.mark.parametrize(
    ("modules", "quota"),
    [(0, 2), (1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (20, 4), (1000, 4)],
    ids=lambda v: str(v),
)
def test_superuser_quota_follows_the_module_table(modules, quota):
    assert superuser_quota(modules) == quota


def test_superuser_quota_of_a_negative_count_is_the_minimum():
    assert superuser_quota(-3) == 2


def test_superuser_quota_default_table_is_domain_md():
    assert DEFAULT_SUPERUSER_QUOTA == ((3, 2), (6, 3), (None, 4))


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(((None, 10),), id="one-row-of-ten"),
        pytest.param(((2, 3), (5, 6), (None, 12)), id="growing-past-four"),
        pytest.param(((3, 2), (6, 5)), id="no-open-ended-row"),
    ],
)
def test_superuser_quota_never_above_four_even_if_misconfigured(settings, table):
    settings.SUPERUSER_QUOTA = table
    assert all(1 <= superuser_quota(n) <= 4 for n in range(0, 30))


def test_superuser_quota_setting_can_change_the_table(settings):
    settings.SUPERUSER_QUOTA = ((1, 1), (None, 3))
    assert [superuser_quota(n) for n in (1, 2, 9)] == [1, 3, 3]
