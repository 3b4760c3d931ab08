"""Working days with China's 2026 holidays and adjusted working days (chinesecalendar), and the
Monday–Friday fallback for a year the library does not cover."""

from __future__ import annotations

import datetime

from dangjian.honors import workdays

D = datetime.date


def test_a_notice_over_national_day_skips_the_golden_week():
    # 2026-09-30 (Wed) is a working day; 1–7 October are holidays; 8, 9 Oct (Thu, Fri) and
    # Saturday 10 Oct (an adjusted working day) work; 11 Oct is Sunday.
    assert workdays.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert workdays.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert workdays.add_working_days(D(2026, 9, 30), 4) == D(2026, 10, 12)
    assert workdays.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 5


def test_spring_festival_and_its_working_saturdays():
    assert workdays.is_working_day(D(2026, 2, 14))  # Saturday, adjusted working day
    assert workdays.is_working_day(D(2026, 2, 28))  # Saturday, adjusted working day
    holidays = [D(2026, 2, 15) + datetime.timedelta(days=i) for i in range(9)]  # 15–23 Feb
    assert not any(workdays.is_working_day(day) for day in holidays)
    assert workdays.next_working_day(D(2026, 2, 15)) == D(2026, 2, 24)
    # From Friday 13 Feb: Sat 14 works, then nothing until Tue 24.
    assert workdays.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    # 14, 24–27 and Saturday 28 (adjusted working day).
    assert workdays.working_days_between(D(2026, 2, 14), D(2026, 2, 28)) == 6


def test_zero_days_and_an_empty_range():
    assert workdays.add_working_days(D(2026, 11, 30), 0) == D(2026, 11, 30)
    assert workdays.working_days_between(D(2026, 12, 2), D(2026, 12, 1)) == 0


def test_an_uncovered_year_counts_weekdays_and_says_so():
    assert not workdays.is_covered(2027) and workdays.is_covered(2026)
    assert workdays.uncovered_years(D(2026, 12, 28), D(2027, 1, 8)) == [2027]
    # Thu 31 Dec 2026 + 1 → Fri 1 Jan 2027: 元旦 is a holiday in fact, but 2027 is not loaded.
    assert workdays.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert workdays.add_working_days(D(2027, 1, 1), 1) == D(2027, 1, 4)  # weekend skipped
