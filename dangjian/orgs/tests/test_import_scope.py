"""Spreadsheet imports across scopes: a row under township A, imported by township B, is
refused at the check step and at the save step, and no row is written."""

from __future__ import annotations

import pytest

from dangjian.orgs import spreadsheets
from dangjian.orgs.models import Organization

pytestmark = pytest.mark.django_db


def org_values(code: str, parent_code: str) -> dict:
    return {
        "code": code,
        "name": f"{code}党支部",
        "parent_code": parent_code,
        "category": "rural",
        "org_type": "branch",
    }


def codes() -> set[str]:
    return set(Organization.objects.unscoped("test").values_list("code", flat=True))


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b", "member_a"])
def test_check_orgs_answers_out_of_reach_as_unknown(county, persona):
    """A parent in township A gets the words of an unknown code: no oracle of A's codes."""
    actor = getattr(county, persona)
    parsed = spreadsheets.ParsedSheet(
        rows=[(2, org_values("N1", "TA")), (3, org_values("N2", "NOPE"))]
    )
    spreadsheets.check_orgs(parsed, actor)
    by_row = {error.row: error.message for error in parsed.errors}
    assert set(by_row) == {2, 3}
    assert by_row[2] == by_row[3].replace("NOPE", "TA")


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b", "member_a"])
def test_save_orgs_refuses_a_parent_out_of_reach(county, persona):
    before = codes()
    with pytest.raises(spreadsheets.RowValidationError):
        spreadsheets.save_orgs([(2, org_values("N1", "TA"))], getattr(county, persona))
    assert codes() == before


def test_save_orgs_inside_ones_township(county):
    created = spreadsheets.save_orgs([(2, org_values("N1", "TB"))], county.secretary_b)
    assert created == 1 and "N1" in codes()
