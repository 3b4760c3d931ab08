"""Scope of the meeting ledger's models and reads: township B sees nothing of township A."""

from __future__ import annotations

import pytest

from dangjian.orglife import meeting_selectors as selectors
from dangjian.orglife.models import Meeting, MeetingAttachment, MeetingAttendance
from dangjian.orglife.tests.matrix_meeting import attachment, meeting
from dangjian.orgs.scoping import ScopeError


@pytest.fixture(autouse=True)
def meeting_dir(settings, tmp_path):
    settings.DANGJIAN_MEETING_DIR = tmp_path / "meetings"


def test_other_township_sees_nothing_of_a_meeting(county):
    row = attachment(county)
    meeting(county, org=county.village_b1, attendance=[(county.person_b.pk, "present", "")])
    for model in (Meeting, MeetingAttendance, MeetingAttachment):
        assert model.objects.visible_to(county.secretary_a).count() >= 1
        b_sees = model.objects.visible_to(county.secretary_b)
        a_path = county.township_a.path
        assert not b_sees.filter(**{f"{model.ORG_PATH}__startswith": a_path}).exists()
        assert (
            not model.objects.visible_to(county.inspector_b)
            .filter(**{f"{model.ORG_PATH}__startswith": a_path})
            .exists()
        )
    listed = selectors.meeting_list(county.secretary_b, selectors.MeetingFilters())
    assert [m.org_id for m in listed] == [county.village_b1.pk]
    # The member sees the meetings they are on the list of, and their own attendance only.
    own = selectors.meeting_list(county.member_a, selectors.MeetingFilters())
    assert [m.pk for m in own] == [row.meeting_id]
    assert {a.person_id for a in MeetingAttendance.objects.visible_to(county.member_a)} == {
        county.person_a.pk
    }


def test_unscoped_reads_fail_closed(county):
    meeting(county)
    with pytest.raises(ScopeError):
        list(Meeting.objects.all())
    with pytest.raises(ScopeError):
        MeetingAttendance.objects.count()
