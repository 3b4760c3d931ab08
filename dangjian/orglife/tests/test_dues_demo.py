"""The demo's dues: a base for every member, the recorded months paid by most, a few owing,
every payment at its due; removed with the county."""

from __future__ import annotations

import datetime

import pytest

from dangjian.orglife.dues_calc import due_fen
from dangjian.orglife.dues_selectors import branch_members, dues_sheet, owed_rows
from dangjian.orglife.models import (
    DuesBase,
    DuesPayment,
    ElectedMember,
    ElectionRecord,
    MutualRating,
    ReviewEntry,
    ReviewRound,
)
from dangjian.orgs import demo
from dangjian.orgs.models import Organization, Person

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_dues_are_plausible_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=300, seed=5, progress=False, today=TODAY)
    assert any("dues:" in line for line in summary.app_lines)
    bases = DuesBase.objects.unscoped("test")
    members = Person.objects.unscoped("test").filter(
        is_active=True, party_status__in=("full", "probationary")
    )
    assert bases.count() == members.count() > 100
    assert set(bases.values_list("effective_from", flat=True)) == {datetime.date(2025, 1, 1)}
    assert {"employed", "retired", "farmer"} <= set(bases.values_list("category", flat=True))
    payments = DuesPayment.objects.unscoped("test")
    months = set(payments.values_list("month", flat=True))
    assert months == {datetime.date(2025, m, 1) for m in range(1, 7)}  # January to June
    assert payments.count() < members.count() * len(months)  # a few owe
    assert not payments.filter(paid_on__gt=TODAY).exists()
    base = bases.first()
    expected = due_fen(base.category, base.income_fen, base.fixed_fen)
    assert set(payments.filter(person=base.person).values_list("amount_fen", flat=True)) <= {
        expected
    }
    owing = 0
    for org in Organization.objects.unscoped("test").filter(org_type="branch"):
        if branch_members(org).exists():
            rows = dues_sheet(None, org, 2025, today=TODAY, everyone=True)
            owing += len(owed_rows(rows))
    assert 0 < owing < members.count() // 5
    # Last year's member reviews: closed, every member graded, low grades with a reason.
    rounds = ReviewRound.objects.unscoped("test")
    assert rounds.count() >= 3 and set(rounds.values_list("year", "status")) == {(2024, "closed")}
    entries = ReviewEntry.objects.unscoped("test")
    assert entries.exists() and not entries.filter(grade="").exists()
    assert not entries.filter(grade__in=["basic", "unqualified"], grade_reason="").exists()
    assert MutualRating.objects.unscoped("test").exists()
    # Elections: one record per organization elected within the last year, matching its term.
    records = ElectionRecord.objects.unscoped("test").select_related("org")
    assert records.exists()
    for record in records:
        assert record.org.term_elected_on == record.elected_on
        assert record.org.term_number == record.term_number
    assert ElectedMember.objects.unscoped("test").filter(post="书记").exists()
    demo.delete_county()
    assert not ElectionRecord.objects.unscoped("test").exists()
    assert not ReviewRound.objects.unscoped("test").exists()
    assert not DuesPayment.objects.unscoped("test").exists()
    assert not DuesBase.objects.unscoped("test").exists()
