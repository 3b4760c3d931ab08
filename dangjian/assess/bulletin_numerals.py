"""Dates in Chinese numerals as official documents write them (GB/T 9704-2012 §7.3.5: 成文日期
"用阿拉伯数字" since 2012, but most county departments still write 二〇二六年十一月三十日, and the
issue asks for it): the year digit by digit with 〇, the month and day as numbers in words."""

from __future__ import annotations

import datetime

DIGITS = "〇一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1..31 in words: 十, 十一, 二十, 二十一, 三十一."""
    if not 1 <= number <= 99:
        raise ValueError(f"{number} is outside 1..99")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "十" if tens == 1 else DIGITS[tens] + "十"
    return head + (DIGITS[ones] if ones else "")


def chinese_year(year: int) -> str:
    """2026 → 二〇二六 (digit by digit)."""
    return "".join(DIGITS[int(ch)] for ch in str(year))


def chinese_date(day: datetime.date) -> str:
    """2026-11-30 → 二〇二六年十一月三十日."""
    return f"{chinese_year(day.year)}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def chinese_month(month: datetime.date) -> str:
    """2026-10 → 二〇二六年十月."""
    return f"{chinese_year(month.year)}年{chinese_number(month.month)}月"
