"""Hand-computed cases for the business calendar and the SLA targets, 2026 and 2027.

Default hours: Mon-Fri 08-12 and 13-16 (7 h); half days 08-13 (5 h, no lunch).
Every expected value below was counted by hand; the comment says how.
"""

from datetime import UTC, timedelta

import pytest

from kundcenter.sla.calendar import BusinessCalendar
from kundcenter.sla.targets import sla_targets
from tests.sla.helpers import at

CALENDAR = BusinessCalendar()
H = timedelta(hours=1)
S = timedelta(seconds=1)

ADD_CASES = [
    # start, business time, expected, id
    (at(2026, 3, 10, 12, 30), 2 * H, at(2026, 3, 10, 15), "during lunch: clock from 13:00"),
    (at(2026, 3, 10, 11), 2 * H, at(2026, 3, 10, 14), "across lunch: 11-12 and 13-14"),
    (at(2026, 3, 10, 10), 2 * H, at(2026, 3, 10, 12), "ends exactly at lunch closing"),
    (at(2026, 3, 10, 16, 30), 2 * H, at(2026, 3, 11, 10), "after 16:00: next morning"),
    (at(2026, 3, 10, 15), 1 * H, at(2026, 3, 10, 16), "ends at closing: 16:00, not 08:00"),
    (at(2026, 3, 10, 15), 2 * H, at(2026, 3, 11, 9), "one hour today, one tomorrow"),
    (at(2026, 3, 10, 16), 0 * H, at(2026, 3, 11, 8), "zero at closing: next opening"),
    (at(2026, 3, 10, 12), 0 * H, at(2026, 3, 10, 13), "zero at lunch: 13:00"),
    (at(2026, 3, 10, 9, 17, 23), 0 * H, at(2026, 3, 10, 9, 17, 23), "zero while open: itself"),
    (at(2026, 3, 10, 11, 59, 59), 2 * S, at(2026, 3, 10, 13, 0, 1), "to the second"),
    (at(2026, 3, 13, 15), 4 * H, at(2026, 3, 16, 11), "Friday 15:00: 1 h + Mon 08-11"),
    (at(2026, 3, 14, 10), 2 * H, at(2026, 3, 16, 10), "Saturday: from Monday 08:00"),
    (at(2026, 3, 15, 23, 59, 59), 1 * S, at(2026, 3, 16, 8, 0, 1), "Sunday night"),
    # 2026-05-13 half day 08-13, 05-14 Kristi himmelsfärdsdag, Fri 05-15 full day.
    (at(2026, 5, 13, 11), 4 * H, at(2026, 5, 15, 10), "day before Ascension: 11-13 + 08-10"),
    (at(2026, 5, 13, 12, 30), H / 2, at(2026, 5, 13, 13), "half day: open 12-13, no lunch"),
    (at(2026, 5, 13, 13), 1 * H, at(2026, 5, 15, 9), "half day: closed from 13:00"),
    # 04-02 half (10-13: 3 h), 04-03 Långfredag, 04-05 Påskdagen, 04-06 Annandag påsk.
    (at(2026, 4, 2, 10), 8 * H, at(2026, 4, 7, 14), "Skärtorsdagen, then Tue 08-12, 13-14"),
    (at(2026, 4, 30, 12), 2 * H, at(2026, 5, 4, 9), "Valborg half day, 1 May closed"),
    (at(2026, 6, 18, 9), 5 * H, at(2026, 6, 22, 9), "day before Midsommarafton: 09-13 + 1 h"),
    (at(2026, 6, 5, 12, 30), 1 * H, at(2026, 6, 8, 8, 30), "Fri before Nationaldagen (Sat)"),
    (at(2026, 10, 30, 12), 3 * H, at(2026, 11, 2, 10), "Fri before Alla helgons dag (Sat)"),
    (at(2026, 12, 23, 12), 2 * H, at(2026, 12, 28, 9), "23 Dec half, 24-26 closed"),
    (at(2026, 12, 29, 15), 2 * H, at(2026, 12, 30, 9), "into 30 Dec (half day)"),
    (at(2026, 12, 30, 10), 6 * H, at(2027, 1, 4, 11), "30 Dec 10-13, 31 and 1 Jan closed"),
    (at(2027, 1, 5, 11), 4 * H, at(2027, 1, 7, 10), "5 Jan half day, 6 Jan closed"),
    (at(2027, 3, 25, 12), 2 * H, at(2027, 3, 30, 9), "Skärtorsdagen 2027, Easter closed"),
    # DST: Sunday 2026-03-29 (+01 -> +02) and Sunday 2026-10-25 (+02 -> +01).
    (at(2026, 3, 27, 15), 2 * H, at(2026, 3, 30, 9), "across spring DST switch"),
    (at(2026, 10, 23, 15), 2 * H, at(2026, 10, 26, 9), "across autumn DST switch"),
    # 2026: 251 business days, 9 of them half days: 242 * 7 + 9 * 5 = 1739 h.
    (at(2026, 1, 1), 1739 * H, at(2026, 12, 30, 13), "all of 2026 ends at last close"),
]


@pytest.mark.parametrize(
    ("start", "business", "expected"),
    [pytest.param(*case[:3], id=case[3]) for case in ADD_CASES],
)
def test_add(start, business, expected):
    result = CALENDAR.add(start, business)
    assert result == expected
    assert result.tzinfo == expected.tzinfo  # results are in Stockholm time


BETWEEN_CASES = [
    # start, end, paused, expected business time, id
    (at(2026, 3, 27, 15), at(2026, 3, 30, 9), (), 2 * H, "Fri 15 - Mon 09 over spring DST"),
    (at(2026, 10, 23, 15), at(2026, 10, 26, 9), (), 2 * H, "Fri 15 - Mon 09 over autumn DST"),
    (at(2026, 3, 10, 8), at(2026, 3, 10, 16), (), 7 * H, "one full day"),
    (at(2026, 3, 10, 12), at(2026, 3, 10, 13), (), 0 * H, "lunch"),
    (at(2026, 3, 9), at(2026, 3, 16), (), 35 * H, "an ordinary week"),
    (at(2026, 3, 30), at(2026, 4, 7), (), 26 * H, "Easter week: 3 * 7 + 5"),
    # 21-22: 14, 23: 5, 28-29: 14, 30: 5, 2027-01-04: 7, 01-05: 5, 01-07: 7.
    (at(2026, 12, 21), at(2027, 1, 8), (), 57 * H, "Christmas to Epiphany"),
    (at(2026, 1, 1), at(2027, 1, 1), (), 1739 * H, "year 2026"),
    # 2027: 253 business days, 8 half days: 245 * 7 + 8 * 5 = 1755 h.
    (at(2027, 1, 1), at(2028, 1, 1), (), 1755 * H, "year 2027"),
    (
        at(2026, 3, 10, 8),
        at(2026, 3, 10, 16),
        [(at(2026, 3, 10, 10), at(2026, 3, 10, 14))],
        4 * H,
        "paused 10-14 takes 3 h",
    ),
    (
        at(2026, 3, 10, 8),
        at(2026, 3, 10, 16),
        [(at(2026, 3, 10, 9), at(2026, 3, 10, 11)), (at(2026, 3, 10, 10), at(2026, 3, 10, 12, 30))],
        4 * H,
        "overlapping pauses count once",
    ),
    (
        at(2026, 3, 10, 8),
        at(2026, 3, 10, 16),
        [(at(2026, 3, 9), at(2026, 3, 10, 10))],
        5 * H,
        "pause reaching before the start",
    ),
    (
        at(2026, 3, 13, 15),
        at(2026, 3, 16, 9),
        [(at(2026, 3, 14), at(2026, 3, 15))],
        2 * H,
        "pause over closed time changes nothing",
    ),
]


@pytest.mark.parametrize(
    ("start", "end", "paused", "expected"),
    [pytest.param(*case[:4], id=case[4]) for case in BETWEEN_CASES],
)
def test_between(start, end, paused, expected):
    assert CALENDAR.between(start, end, paused) == expected
    assert CALENDAR.between(end, start, paused) == -expected


def real_elapsed(start, end):
    # Subtracting datetimes that share a tzinfo gives wall-clock time; go through UTC.
    return end.astimezone(UTC) - start.astimezone(UTC)


def test_dst_weekend_is_one_hour_shorter_in_real_time_but_not_in_business_time():
    start, end = at(2026, 3, 27, 15), at(2026, 3, 30, 9)
    assert real_elapsed(start, end) == timedelta(hours=65)  # 66 wall-clock hours
    assert CALENDAR.between(start, end) == 2 * H
    start, end = at(2026, 10, 23, 15), at(2026, 10, 26, 9)
    assert real_elapsed(start, end) == timedelta(hours=67)
    assert CALENDAR.between(start, end) == 2 * H


LEVEL_CASES = [
    # registered, level, clock start, response due, resolution due, window start, id
    (at(2026, 3, 10, 10), 1, None, at(2026, 3, 10, 12), at(2026, 3, 10, 16), None, "1 morning"),
    (
        at(2026, 3, 10, 12, 15),
        1,
        at(2026, 3, 10, 13),
        at(2026, 3, 10, 15),
        at(2026, 3, 10, 16),
        None,
        "1 during lunch",
    ),
    # Resolution (same day) comes before the response due time; both are kept as computed.
    (at(2026, 3, 10, 15, 30), 1, None, at(2026, 3, 11, 9, 30), at(2026, 3, 10, 16), None, "1 late"),
    (at(2026, 5, 13, 9), 1, None, at(2026, 5, 13, 11), at(2026, 5, 13, 13), None, "1 half day"),
    (
        at(2026, 3, 14, 10),
        1,
        at(2026, 3, 16, 8),
        at(2026, 3, 16, 10),
        at(2026, 3, 16, 16),
        None,
        "1 on Saturday",
    ),
    (at(2027, 1, 5, 12), 1, None, at(2027, 1, 7, 9), at(2027, 1, 5, 13), None, "1 on 5 Jan"),
    # Level 2: same (ISO) week.
    (at(2026, 3, 11, 14), 2, None, at(2026, 3, 12, 10), at(2026, 3, 13, 16), None, "2 Wed"),
    (at(2026, 3, 31, 9), 2, None, at(2026, 3, 31, 14), at(2026, 4, 2, 13), None, "2 Easter week"),
    (at(2026, 12, 21, 10), 2, None, at(2026, 12, 21, 15), at(2026, 12, 23, 13), None, "2 Xmas"),
    (at(2026, 3, 13, 15), 2, None, at(2026, 3, 16, 11), at(2026, 3, 13, 16), None, "2 Friday"),
    (
        at(2026, 3, 13, 16, 30),
        2,
        at(2026, 3, 16, 8),
        at(2026, 3, 16, 12),
        at(2026, 3, 20, 16),
        None,
        "2 Friday evening: next week",
    ),
    (
        at(2026, 12, 24, 10),
        2,
        at(2026, 12, 28, 8),
        at(2026, 12, 28, 12),
        at(2026, 12, 30, 13),
        None,
        "2 on Julafton",
    ),
    # Level 3: 12 h, close on the business day at or after start + 28 days.
    (at(2026, 3, 10, 10), 3, None, at(2026, 3, 11, 16), at(2026, 4, 7, 16), None, "3 plain"),
    (at(2026, 3, 6, 9), 3, None, at(2026, 3, 9, 15), at(2026, 4, 7, 16), None, "3 to Långfredag"),
    (at(2026, 3, 5, 10), 3, None, at(2026, 3, 6, 16), at(2026, 4, 2, 13), None, "3 to half day"),
    (at(2026, 3, 27, 15), 3, None, at(2026, 3, 31, 12), at(2026, 4, 24, 16), None, "3 over DST"),
    # Levels 4 and 5: 48 h, windows of 1-6 and 1-12 months.
    (
        at(2026, 3, 10, 10),
        4,
        None,
        at(2026, 3, 19, 9),
        at(2026, 9, 10, 16),
        at(2026, 4, 10, 16),
        "4 plain",
    ),
    (
        at(2026, 7, 31, 10),
        4,
        None,
        at(2026, 8, 11, 9),
        at(2027, 2, 1, 16),  # 2027-01-31 is a Sunday
        at(2026, 8, 31, 16),  # 31 Jul + 1 month = 31 Aug
        "4 month end",
    ),
    (
        at(2026, 3, 10, 10),
        5,
        None,
        at(2026, 3, 19, 9),
        at(2027, 3, 10, 16),
        at(2026, 4, 10, 16),
        "5 plain",
    ),
    (
        at(2026, 3, 30, 9),
        5,
        None,
        at(2026, 4, 10, 10),
        at(2027, 3, 30, 16),
        at(2026, 4, 30, 13),  # Valborgsmässoafton, half day
        "5 window starts on a half day",
    ),
    (
        at(2026, 3, 26, 10),
        5,
        None,
        at(2026, 4, 8, 11),
        at(2027, 3, 30, 16),  # 2027-03-26 Långfredag .. 03-29 Annandag påsk
        at(2026, 4, 27, 16),  # 2026-04-26 is a Sunday
        "5 window ends after Easter",
    ),
]


@pytest.mark.parametrize(
    ("registered", "level", "clock_start", "response", "due", "window_start"),
    [pytest.param(*case[:6], id=case[6]) for case in LEVEL_CASES],
)
def test_service_level_targets(registered, level, clock_start, response, due, window_start):
    targets = sla_targets(CALENDAR, registered, level)
    assert targets.clock_start == (clock_start or registered)
    assert targets.response_due == response
    assert targets.resolution.due == due
    assert targets.resolution.window_start == window_start
