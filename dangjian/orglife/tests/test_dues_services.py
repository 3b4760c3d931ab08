"""党费 services and selectors: declarations with history, payments (once a month, in advance,
voluntary extra), the owed list and the on-time rate against hand counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.orglife import dues_selectors as selectors
from dangjian.orglife import dues_services as services
from dangjian.orglife.dues_calc import add_months
from dangjian.orglife.models import DuesBase, DuesPayment
from dangjian.orglife.tests.dues_fixtures import declare, english, pay, this_month  # noqa: F401
from dangjian.orgs.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_declarations_keep_history_and_the_month_in_force_decides(county):
    year = timezone.localdate().year
    declare(county, income_fen=300_000, month=datetime.date(year - 1, 1, 1))
    declare(county, income_fen=600_000, month=datetime.date(year - 1, 7, 15))
    rows = DuesBase.objects.unscoped("test").filter(person=county.person_a)
    assert sorted(rows.values_list("effective_from", flat=True)) == [
        datetime.date(year - 1, 1, 1),
        datetime.date(year - 1, 7, 1),  # the month's first day, whatever day was typed
    ]
    (row,) = selectors.dues_sheet(
        county.superuser, county.village_a1, year - 1, today=timezone.localdate()
    )
    assert row.cells[5].due_fen == 1_500  # June: 3,000 yuan × 0.5 %
    assert row.cells[6].due_fen == 9_000  # July: 6,000 yuan × 1.5 %
    assert AuditEntry.objects.unscoped("test").filter(action="orglife.dues.base").count() == 2


def test_a_second_declaration_for_the_same_month_corrects_it(county):
    declare(county, income_fen=300_000)
    declare(county, income_fen=310_000)
    (row,) = DuesBase.objects.unscoped("test").filter(person=county.person_a)
    assert row.income_fen == 310_000


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"income_fen": -1}, "income_fen", "cannot be negative"),
        ({"income_fen": None}, "income_fen", "monthly income after tax"),
        ({"category": "farmer", "fixed_fen": 19}, "fixed_fen", "between 0.20 and 1.00"),
        ({"category": "farmer", "fixed_fen": 101}, "fixed_fen", "between 0.20 and 1.00"),
    ],
)
def test_bad_bases_are_refused_with_a_specific_message(county, fields, field, message):
    with pytest.raises(ValidationError) as error:
        declare(county, **fields)
    assert message in " ".join(error.value.message_dict[field])
    assert not DuesBase.objects.unscoped("test").exists()


def test_farmer_bounds_are_accepted(county):
    declare(county, category="farmer", income_fen=None, fixed_fen=20)
    declare(county, category="farmer", income_fen=None, fixed_fen=100, month=this_month())
    assert services.due_for(county.person_a, this_month()) == 100


def test_a_month_paid_twice_is_refused_naming_the_first_payment(county):
    declare(county)
    pay(county)
    with pytest.raises(ValidationError) as error:
        pay(county, amount_fen=5_000)
    text = " ".join(error.value.message_dict["month"])
    assert "already paid the dues of" in text and f"{this_month():%Y-%m}" in text
    assert "42.00 yuan" in text
    assert DuesPayment.objects.unscoped("test").count() == 1


def test_several_months_in_advance_all_or_nothing(county):
    declare(county)
    month = this_month()
    pay(county, month=add_months(month, 2))
    with pytest.raises(ValidationError):
        pay(county, month=month, months=3)  # the third is already paid: nothing saved
    assert DuesPayment.objects.unscoped("test").count() == 1
    rows = pay(county, month=month, months=2)
    assert [row.due_fen for row in rows] == [4_200, 4_200]
    assert [row.month for row in rows] == [month, add_months(month, 1)]


def test_amount_below_due_refused_and_voluntary_extra_kept(county):
    declare(county)
    with pytest.raises(ValidationError) as error:
        pay(county, amount_fen=4_199)
    assert "42.00 yuan" in " ".join(error.value.message_dict["amount_fen"])
    (row,) = pay(county, amount_fen=10_000)
    assert (row.due_fen, row.amount_fen) == (4_200, 10_000)


def test_payment_guards(county):
    with pytest.raises(ValidationError) as error:
        pay(county)
    assert "declare the income base first" in " ".join(error.value.message_dict["month"])
    declare(county)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        pay(county, paid_on=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        pay(county, month=add_months(this_month(), 13))
    assert "at most 12 months ahead" in " ".join(error.value.message_dict["month"])
    pay(county, month=add_months(this_month(), 12))


def test_only_the_organizations_managers_write(county):
    with pytest.raises(PermissionDenied):
        services.base_declare(
            actor=county.secretary_b,
            person=county.person_a,
            category="student",
            income_fen=None,
            effective_from=this_month(),
        )
    with pytest.raises(PermissionDenied):
        services.base_declare(
            actor=county.member_a,
            person=county.person_a,
            category="student",
            income_fen=None,
            effective_from=this_month(),
        )


def test_non_members_have_no_dues(county):
    applicant = make_person(county.superuser, county.village_a1, "申请人", party_status="applicant")
    with pytest.raises(ValidationError) as error:
        declare(county, applicant)
    assert "not an active full or probationary member" in str(error.value)


def test_owed_list_against_a_hand_count(county):
    """Three members from January: A pays every month to now, B pays January only, C has no
    base. Owed: B every month from February to now; C nothing (no base, listed as such)."""
    today = timezone.localdate()
    year = today.year
    january = datetime.date(year, 1, 1)
    b = make_person(county.superuser, county.village_a1, "乙")
    c = make_person(county.superuser, county.village_a1, "丙")
    declare(county, income_fen=200_000, month=january)  # 10.00 yuan
    declare(county, b, category="retired", income_fen=600_000, month=january)  # 60.00 yuan
    pay(county, month=january, paid_on=january, months=today.month)
    pay(county, b, month=january, paid_on=january)
    rows = selectors.dues_sheet(county.superuser, county.village_a1, year, today=today)
    owed = selectors.owed_rows(rows)
    assert [row.person for row in owed] == ([b] if today.month > 1 else [])
    if today.month > 1:
        assert owed[0].owed_months == [datetime.date(year, m, 1) for m in range(2, today.month + 1)]
        assert owed[0].owed_total == 6_000 * (today.month - 1)
    by_person = {row.person.pk: row for row in rows}
    assert by_person[c.pk].owed_total == 0 and by_person[c.pk].base is None
    assert by_person[county.person_a.pk].paid_total == 1_000 * today.month


def test_a_member_sees_only_their_own_row(county):
    make_person(county.superuser, county.village_a1, "乙")
    rows = selectors.dues_sheet(
        county.member_a, county.village_a1, 2026, today=timezone.localdate()
    )
    assert [row.person for row in rows] == [county.person_a]
    everyone = selectors.dues_sheet(
        county.member_a, county.village_a1, 2026, today=timezone.localdate(), everyone=True
    )
    assert len(everyone) == 2


def test_dues_on_time_against_a_hand_count(county):
    """March of last year, township A: person_a and 乙 (village A1) and 丙 (group) have a base,
    丁 has none; person_a paid on 31 March (on time), 乙 on 1 April (late), 丙 in advance in
    February (on time). Township B's member paid on time but is outside. → 2 of 3."""
    year = timezone.localdate().year - 1
    march = datetime.date(year, 3, 1)
    b = make_person(county.superuser, county.village_a1, "乙")
    c = make_person(county.superuser, county.group_a1, "丙")
    make_person(county.superuser, county.village_a1, "丁")
    for person in (county.person_a, b, c, county.person_b):
        declare(county, person, month=datetime.date(year, 1, 1))
    pay(county, month=march, paid_on=datetime.date(year, 3, 31))
    pay(county, b, month=march, paid_on=datetime.date(year, 4, 1))
    pay(county, c, month=march, paid_on=datetime.date(year, 2, 10))
    pay(county, county.person_b, month=march, paid_on=march)
    result = selectors.dues_on_time(county.township_a, year, 3)
    assert (result.expected, result.on_time) == (3, 2)
    assert result.rate == pytest.approx(2 / 3)
    assert selectors.dues_on_time(county.village_b1, year, 3).rate == 1.0
    assert selectors.dues_on_time(county.unit, year, 3).rate is None


def test_summary_per_organization_agrees_with_the_on_time_rate(county):
    """March of last year in township A: village A1 has person_a (on time) and 乙 (late), the
    group 丙 (no base); township B's member is not listed for township A's secretary."""
    year = timezone.localdate().year - 1
    march = datetime.date(year, 3, 1)
    b = make_person(county.superuser, county.village_a1, "乙")
    make_person(county.superuser, county.group_a1, "丙")
    for person in (county.person_a, b, county.person_b):
        declare(county, person, month=datetime.date(year, 1, 1))
    pay(county, month=march, paid_on=march)
    pay(county, b, month=march, paid_on=datetime.date(year, 4, 2))
    rows = selectors.dues_summary(county.secretary_a, county.township_a, march)
    by_org = {row.org: row for row in rows}
    assert set(by_org) == {county.village_a1, county.group_a1}
    village = by_org[county.village_a1]
    assert (village.members, village.expected, village.paid, village.on_time) == (2, 2, 2, 1)
    assert village.owing == 0 and village.rate == 0.5
    group = by_org[county.group_a1]
    assert (group.members, group.expected, group.paid, group.rate) == (1, 0, 0, None)
    rate = selectors.dues_on_time(county.township_a, year, 3)
    assert (rate.expected, rate.on_time) == (
        sum(r.expected for r in rows),
        sum(r.on_time for r in rows),
    )
    # April: nobody paid yet → both owe.
    april = selectors.dues_summary(county.secretary_a, county.township_a, add_months(march, 1))
    assert {row.org: row.owing for row in april}[county.village_a1] == 2
    assert selectors.dues_summary(county.secretary_b, county.township_a, march) == []
