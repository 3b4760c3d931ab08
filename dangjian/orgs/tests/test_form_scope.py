"""Every form that takes a user offers only what that user reaches, and refuses the rest.

Choices are read as township B (and as a member of village A1); the fixture has
organizations and people on both sides, so each "not offered" below can fail.
"""

from __future__ import annotations

import datetime

import pytest

from dangjian.orgs.account_forms import AccountCreateForm, RoleGrantForm
from dangjian.orgs.forms import OrgForm, OrgMoveForm, PersonForm, TransferForm
from dangjian.orgs.scoping import Role
from dangjian.originality.forms import CheckForm

pytestmark = pytest.mark.django_db
B_ORGS = {"乙镇党委", "乙一村党支部"}


def names(queryset) -> set[str]:
    return {row.name for row in queryset}


def test_org_form_offers_as_secretary_only_people_the_user_sees(county, both_townships):
    # Township A's village, read by B: none of its people is offered.
    form = OrgForm(instance=county.village_a1, user=county.secretary_b)
    assert not form.fields["secretary"].queryset.exists()
    # A member of village A1 sees only their own record there, not 王甲二.
    form = OrgForm(instance=county.village_a1, user=county.member_a)
    assert names(form.fields["secretary"].queryset) == {"张甲"}
    form = OrgForm(instance=county.village_a1, user=county.secretary_a)
    assert names(form.fields["secretary"].queryset) == {"张甲", "王甲二"}


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b", "member_a"])
def test_move_and_transfer_targets_are_the_organizations_one_may_change(county, persona):
    user = getattr(county, persona)
    expected = B_ORGS if persona == "secretary_b" else set()
    assert names(OrgMoveForm(user=user).fields["new_parent"].queryset) == expected
    assert names(TransferForm(user=user).fields["to_org"].queryset) == expected
    assert names(PersonForm(user=user).fields["primary_org"].queryset) == expected


def test_a_target_in_township_a_is_not_a_valid_choice(county):
    user = county.secretary_b
    assert not OrgMoveForm({"new_parent": county.township_a.pk}, user=user).is_valid()
    assert OrgMoveForm({"new_parent": county.township_b.pk}, user=user).is_valid()
    data = {"to_org": county.village_a1.pk, "on": datetime.date(2025, 1, 1)}
    assert not TransferForm(data, user=user).is_valid()
    assert TransferForm(data | {"to_org": county.village_b1.pk}, user=user).is_valid()


def test_person_form_keeps_the_id_card_number_from_a_secretary(county):
    # A secretary may not see full ID-card numbers: the field is write-only for them.
    form = PersonForm(instance=county.person_a, user=county.secretary_a)
    assert form.initial["id_card"] == ""
    form = PersonForm(instance=county.person_a, user=county.dept_admin)
    assert form.initial["id_card"] == county.person_a.id_card


@pytest.mark.parametrize("persona", ["secretary_b", "inspector_b"])
def test_check_form_offers_township_bs_organizations(county, persona):
    form = CheckForm(user=getattr(county, persona))
    assert names(form.fields["org"].queryset) == B_ORGS
    assert form.fields["org"].initial == county.township_b.pk


def test_account_forms_offer_only_the_managers_people_orgs_and_roles(county, both_townships):
    form = AccountCreateForm(manager=county.secretary_b)
    assert names(form.fields["person"].queryset) == {"李乙", "赵乙二", "钱转出"}
    form = RoleGrantForm(manager=county.secretary_b)
    assert names(form.fields["org"].queryset) == B_ORGS
    assert {value for value, _label in form.fields["role"].choices if value} == {
        Role.SECRETARY,
        Role.MEMBER,
    }
    form = AccountCreateForm(manager=county.secretary_a)
    assert names(form.fields["person"].queryset) == {"王甲二"}  # 张甲 has an account
