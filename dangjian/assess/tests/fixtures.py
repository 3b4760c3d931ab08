"""Rows the assessment tests start from, shared by every part, written with the ORM on
purpose, so that each part's tests stand on rows whose every field is stated here.

A township rule set issued by the county: 一级 A 党建基础 (60, manual, with 二级 A1 40 and A2 20)
and B 组织生活 (40, automatic from orglife.meeting_compliance), a bonus item (cap 5) and a
deduction item (cap 10). A round for this month over both townships, township B's inspector
assigned to township B's sheet.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone


def ruleset(county, *, category="township", year=None, status="active", org=None):
    from dangjian.assess.models import RuleItem, RuleSet

    rules = RuleSet.objects.create(
        org=org or county.root,
        year=year or timezone.localdate().year,
        category=category,
        name="乡镇党委创先争优百分考核细则",
        status=status,
        created_by=county.superuser,
    )

    def item(code, name, points, *, parent=None, position=0, **extra):
        return RuleItem.objects.create(
            ruleset=rules,
            parent=parent,
            code=code,
            name=name,
            max_points=Decimal(points),
            position=position,
            **extra,
        )

    a = item("A", "党建基础", 60, position=1)
    item("A1", "班子建设", 40, parent=a, position=2, guidance="班子成员缺额扣5分")
    item("A2", "阵地建设", 20, parent=a, position=3)
    item(
        "B",
        "组织生活",
        40,
        position=4,
        scoring="auto",
        auto_indicator="orglife.meeting_compliance",
    )
    item("X", "创新加分", 5, kind="bonus", position=5)
    item("Y", "负面扣分", 10, kind="deduction", position=6)
    return rules


def round_(county, *, rules=None, status="scoring", orgs=None):
    """A monthly round of this month over township A and B (one sheet each)."""
    from dangjian.assess.models import AssessRound, ScoreSheet

    rules = rules or ruleset(county)
    today = timezone.localdate()
    start = today.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    row = AssessRound.objects.create(
        org=county.root,
        name=f"{start:%Y年%m月}创先争优考核",
        period_kind="month",
        period_start=start,
        period_end=end,
        status=status,
        created_by=county.superuser,
    )
    row.rulesets.add(rules)
    for org in orgs or (county.township_a, county.township_b):
        ScoreSheet.objects.create(
            round=row,
            org=org,
            ruleset=rules,
            inspector=county.inspector_b if org == county.township_b else None,
        )
    return row


def sheet(row, org):
    from dangjian.assess.models import ScoreSheet

    return ScoreSheet.objects.unscoped("test fixture").get(round=row, org=org)
