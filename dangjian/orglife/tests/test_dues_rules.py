"""党费 tiers (2008 rules 第二条, 第五条, 第六条) computed exactly in fen at every band edge."""

from __future__ import annotations

import datetime

import pytest

from dangjian.orglife import rules_dues as rules
from dangjian.orglife.dues_calc import add_months, due_fen, month_end, parse_month, yuan


@pytest.mark.parametrize(
    ("income_fen", "expected_fen"),
    [
        (0, 0),
        (1, 0),  # 0.005 fen rounds down
        (100, 1),  # 1 yuan × 0.5 % = 0.5 fen → 1 fen (half up)
        (300_000, 1_500),  # 3,000.00 yuan: the first band includes its bound, 0.5 %
        (300_001, 3_000),  # 3,000.01 yuan: 1 % of 300,001 fen = 3,000.01 → 3,000 fen
        (300_050, 3_001),  # 3,000.50 × 1 % = 30.005 yuan → 30.01 (half up)
        (500_000, 5_000),  # 5,000.00: still 1 %
        (500_001, 7_500),  # 5,000.01 × 1.5 % = 75.00015 → 75.00
        (1_000_000, 15_000),  # 10,000.00: still 1.5 %
        (1_000_001, 20_000),  # 10,000.01 × 2 % = 200.0002 → 200.00
        (1_234_567, 24_691),  # 12,345.67 × 2 % = 246.9134 → 246.91
        (299_900, 1_500),  # 2,999.00 × 0.5 % = 14.995 → 15.00 (half up)
    ],
)
def test_employed_tiers_in_fen_at_every_edge(income_fen, expected_fen):
    assert due_fen("employed", income_fen) == expected_fen


@pytest.mark.parametrize(
    ("income_fen", "expected_fen"),
    [
        (500_000, 2_500),  # 5,000.00 yuan pension: 0.5 %
        (500_001, 5_000),  # 5,000.01: 1 % = 50.0001 → 50.00
        (300_001, 1_500),  # 3,000.01 × 0.5 % = 15.00005 → 15.00 (no employed band for retirees)
        (100_100, 501),  # 1,001.00 × 0.5 % = 5.005 → 5.01 (half up)
    ],
)
def test_retired_tiers_in_fen(income_fen, expected_fen):
    assert due_fen("retired", income_fen) == expected_fen


def test_fixed_amounts():
    assert due_fen("farmer") == rules.FARMER_DEFAULT_FEN == 100
    assert due_fen("farmer", fixed_fen=20) == 20
    for category in ("student", "unemployed", "low_allowance"):
        assert due_fen(category, 999_999_00) == 20


def test_month_helpers():
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)
    assert month_end(datetime.date(2028, 2, 1)) == datetime.date(2028, 2, 29)
    assert parse_month("2026-03") == datetime.date(2026, 3, 1)
    assert parse_month("2026-13") is None and parse_month("x") is None
    assert yuan(1) == "0.01" and yuan(300_000) == "3000.00"
