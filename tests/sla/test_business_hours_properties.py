"""Properties of business-time arithmetic over 2025-2028, checked with hypothesis.

"Never inside closed time" means: every result of `add` lies in [opening, closing] of one
of the open intervals of its local date. It may be a closing instant (the earliest instant
at which the time has passed), never a point strictly inside closed time.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kundcenter.sla.calendar import BusinessCalendar
from tests.sla.helpers import STOCKHOLM

CALENDAR = BusinessCalendar()
LOW = int(datetime(2025, 1, 1, tzinfo=STOCKHOLM).timestamp())
HIGH = int(datetime(2028, 12, 31, tzinfo=STOCKHOLM).timestamp())
HOUR = 3600

instants = st.integers(LOW, HIGH).map(lambda seconds: datetime.fromtimestamp(seconds, STOCKHOLM))
# Mostly short spans (an SLA's 0-48 h), some up to two years of business hours.
amounts = st.one_of(
    st.integers(0, 48 * HOUR),
    st.integers(0, 8 * HOUR),
    st.integers(0, 3_500 * HOUR),
    st.sampled_from([0, 1, 5 * HOUR, 7 * HOUR]),
)
positive_amounts = amounts.filter(lambda seconds: seconds > 0)
# No example database: nothing to keep between runs (.hypothesis/ is gitignored anyway).
common = settings(max_examples=300, deadline=None, database=None)


def within_an_open_interval(t: datetime) -> bool:
    local_date = t.astimezone(STOCKHOLM).date()
    return any(start <= t <= end for start, end in CALENDAR.day_schedule(local_date))


def reference_add(t: datetime, seconds: int) -> datetime:
    """Slow oracle: walk the day schedules one interval at a time."""
    day = t.astimezone(STOCKHOLM).date()
    remaining = timedelta(seconds=seconds)
    while True:
        for start, end in CALENDAR.day_schedule(day):
            if end <= t:
                continue
            start = max(start, t)
            if remaining == timedelta(0):
                return start
            if end - start >= remaining:
                return start + remaining
            remaining -= end - start
        day += timedelta(days=1)


@common
@given(instants, amounts, positive_amounts)
def test_add_is_additive(t, a, b):
    assert CALENDAR.add(CALENDAR.add(t, a), b) == CALENDAR.add(t, a + b)


@common
@given(instants, amounts)
def test_adding_zero_after_add_moves_only_off_a_closing_instant(t, a):
    result = CALENDAR.add(t, a)
    assert CALENDAR.add(result, 0) == CALENDAR.next_opening(result)


@common
@given(instants, amounts)
def test_between_measures_what_add_added(t, seconds):
    assert CALENDAR.between(t, CALENDAR.add(t, seconds)) == timedelta(seconds=seconds)


@common
@given(instants, amounts)
def test_results_never_land_inside_closed_time(t, seconds):
    result = CALENDAR.add(t, seconds)
    assert within_an_open_interval(result)
    assert result >= t
    if seconds == 0:
        assert CALENDAR.is_open(result)


@common
@given(instants, st.integers(0, 48 * HOUR))
def test_add_agrees_with_a_day_by_day_walk(t, seconds):
    assert CALENDAR.add(t, seconds) == reference_add(t, seconds)


@common
@given(instants, instants, amounts)
def test_add_is_monotonic_in_start(t1, t2, seconds):
    t1, t2 = sorted((t1, t2))
    assert CALENDAR.add(t1, seconds) <= CALENDAR.add(t2, seconds)


@common
@given(instants, amounts, amounts)
def test_add_is_monotonic_in_amount(t, a, b):
    a, b = sorted((a, b))
    assert CALENDAR.add(t, a) <= CALENDAR.add(t, b)


@common
@given(instants, instants, instants)
def test_between_is_additive_and_bounded_by_real_time(t1, t2, t3):
    t1, t2, t3 = sorted((t1, t2, t3))
    assert CALENDAR.between(t1, t3) == CALENDAR.between(t1, t2) + CALENDAR.between(t2, t3)
    real_elapsed = t2.astimezone(UTC) - t1.astimezone(UTC)
    assert timedelta(0) <= CALENDAR.between(t1, t2) <= real_elapsed


@common
@given(instants, instants, instants, instants)
def test_a_pause_removes_exactly_its_business_time(t1, t2, p1, p2):
    t1, t2 = sorted((t1, t2))
    p1, p2 = sorted((p1, p2))
    overlap = (max(t1, p1), min(t2, p2))
    removed = CALENDAR.between(*overlap) if overlap[0] < overlap[1] else timedelta(0)
    assert CALENDAR.between(t1, t2, [(p1, p2)]) == CALENDAR.between(t1, t2) - removed


@common
@given(instants)
def test_next_opening_is_t_exactly_when_open(t):
    opening = CALENDAR.next_opening(t)
    assert (opening == t) == CALENDAR.is_open(t)
    assert CALENDAR.is_open(opening)
    assert CALENDAR.between(t, opening) == timedelta(0)
