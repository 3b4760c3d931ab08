"""The demo's transfers: letters numbered per year, some still 转接中, accepted ones moved the
person as `person_move` does, arrivals registered; removed with the county."""

import datetime

import pytest

from dangjian.orglife.models import Transfer
from dangjian.orgs import demo
from dangjian.orgs.models import Membership, Person

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_transfers_follow_the_workflow_and_reset_removes_them():
    summary = demo.build_county(orgs=40, members=800, seed=5, progress=False, today=TODAY)
    (line,) = [line for line in summary.app_lines if line.startswith("Organization life")]
    assert "transfers:" in line
    rows = Transfer.objects.unscoped("test")
    letters = rows.exclude(kind="in")
    assert letters.count() >= 6 and rows.filter(kind="in").exists()
    assert letters.filter(status="issued").exists() and letters.filter(status="accepted").exists()
    numbers = sorted(letters.filter(letter_year=2025).values_list("letter_sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    for transfer in letters.filter(status="accepted", kind="county").select_related("person"):
        assert transfer.person.primary_org_id == transfer.to_org_id
        open_row = Membership.objects.unscoped("test").get(
            person=transfer.person, ended_on__isnull=True
        )
        assert (open_row.org_id, open_row.started_on) == (transfer.to_org_id, transfer.accepted_on)
    for transfer in letters.filter(status="accepted", kind="out").select_related("person"):
        assert transfer.person.exit_status == "moved_out" and not transfer.person.is_active
    assert not letters.filter(issued_on__gt=TODAY).exists()
    demo.delete_county()
    assert not Transfer.objects.unscoped("test").exists()
    assert not Person.objects.unscoped("test").exists()
