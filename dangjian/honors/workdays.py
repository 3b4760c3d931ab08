"""Working days (工作日) in China: public holidays (法定节假日) and the adjusted working days
(调休上班, often a Saturday or Sunday) come from the pinned library `chinesecalendar`
(module `chinese_calendar`, 1.11.0: the State Council's notices for 2004–2026). A new year's
notice is published each November/December; updating the pin is the maintenance step.

For a year the library does not cover it raises NotImplementedError: we then count Monday to
Friday and say so (`uncovered_years`), so that a page can warn that the holidays of that year
are not loaded rather than silently count a holiday as a working day.
"""

from __future__ import annotations

import datetime

import chinese_calendar

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date) -> bool:
    """A working day by the State Council's calendar; Monday–Friday for an uncovered year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def is_covered(year: int) -> bool:
    """Whether the holiday calendar of `year` is loaded."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def uncovered_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years between `start` and `end` (inclusive) counted by weekends only."""
    return [year for year in range(start.year, end.year + 1) if not is_covered(year)]


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date `n` working days after `start` (`start` itself is not counted; n = 0 gives
    `start`). Holidays and weekends are skipped, adjusted working days count."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie from `start` to `end`, both included (0 when end < start)."""
    count = 0
    day = start
    while day <= end:
        count += is_working_day(day)
        day += ONE_DAY
    return count
