"""Writes of department KPIs (业绩评价指标): who may, what is refused with which message (and
nothing saved), a second value replacing the first with old → new audited, the periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import translation

from dangjian.assess import kpi_periods as periods
from dangjian.assess import kpi_services as services
from dangjian.assess.models import Kpi, KpiValue, RuleItem
from dangjian.assess.tests import fixtures
from dangjian.assess.tests import fixtures_kpi as kf
from dangjian.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


TODAY = datetime.date(2026, 5, 20)


def _fields(**extra) -> dict:
    return {
        "name": "党员教师培训学时",
        "unit_of_measure": "学时",
        "direction": "higher",
        "target": "40",
        "frequency": "quarter",
    } | extra


def _audits(action: str):
    return AuditEntry.objects.unscoped("test").filter(action=action).order_by("pk")


# ---- attainment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "value", "met"),
    [
        ("higher", "95", "96", True),
        ("higher", "95", "95", True),  # the boundary meets it
        ("higher", "95", "94.99", False),
        ("lower", "3", "2", True),
        ("lower", "3", "3", True),  # the boundary meets it
        ("lower", "3", "3.01", False),
        ("higher", "-1", "-0.5", True),
    ],
)
def test_attained_in_both_directions_and_at_the_boundary(direction, target, value, met):
    assert periods.attained(direction, Decimal(target), Decimal(value)) is met


def test_periods_are_normalized_parsed_and_written_by_frequency():
    day = datetime.date(2026, 8, 17)
    assert periods.normalize(day, "month") == datetime.date(2026, 8, 1)
    assert periods.normalize(day, "quarter") == datetime.date(2026, 7, 1)
    assert periods.normalize(day, "year") == datetime.date(2026, 1, 1)
    assert periods.text(datetime.date(2026, 7, 1), "quarter") == "2026-Q3"
    assert periods.parse("2026-Q3", "quarter") == datetime.date(2026, 7, 1)
    assert periods.parse("2026-03", "month") == datetime.date(2026, 3, 1)
    assert periods.parse("2026", "year") == datetime.date(2026, 1, 1)
    for bad, frequency in [("2026-13", "month"), ("2026-Q5", "quarter"), ("2026-03", "year")]:
        assert periods.parse(bad, frequency) is None
    assert periods.parse("2026-03", "quarter") is None  # a month for a quarterly KPI
    assert periods.recent("quarter", day, 3) == [
        datetime.date(2026, 7, 1),
        datetime.date(2026, 4, 1),
        datetime.date(2026, 1, 1),
    ]


# ---- create / edit / deactivate -------------------------------------------------------------


def test_a_secretary_creates_a_kpi_of_their_unit_audited(county):
    kpi = services.kpi_create(actor=county.secretary_a, org=county.township_a, **_fields())
    assert (kpi.org, kpi.target, kpi.frequency, kpi.is_active) == (
        county.township_a,
        Decimal("40"),
        "quarter",
        True,
    )
    (entry,) = _audits("assess.kpi.create")
    assert entry.org_path == county.township_a.path and entry.data["name"] == "党员教师培训学时"


def test_create_is_refused_outside_the_change_reach(county):
    with pytest.raises(ObjectDoesNotExist):  # township B cannot see township A: a 404
        services.kpi_create(actor=county.secretary_b, org=county.township_a, **_fields())
    with pytest.raises(PermissionDenied, match="may not change"):  # sees it, may not change
        services.kpi_create(actor=county.member_a, org=county.village_a1, **_fields())
    with pytest.raises(PermissionDenied):  # an inspector sees township B, changes nothing
        services.kpi_create(actor=county.inspector_b, org=county.township_b, **_fields())
    assert not Kpi.objects.unscoped("test").exists()


def test_each_bad_field_is_named_and_nothing_is_saved(county):
    with pytest.raises(ValidationError) as caught:
        services.kpi_create(
            actor=county.dept_admin,
            org=county.unit,
            name="",
            unit_of_measure="x" * 21,
            direction="up",
            target="12.345",
            frequency="weekly",
        )
    errors = caught.value.message_dict
    assert set(errors) == {"name", "unit_of_measure", "direction", "target", "frequency"}
    assert "at most 2 decimals" in errors["target"][0].lower()
    assert "21" in errors["unit_of_measure"][0]
    required = str(services.ERRORS["required"])
    for target, words in [("abc", "not a number"), ("1e20", "beyond"), ("", required)]:
        with pytest.raises(ValidationError, match=words):
            services.kpi_create(actor=county.dept_admin, org=county.unit, **_fields(target=target))
    assert not Kpi.objects.unscoped("test").exists()
    assert not _audits("assess.kpi.create").exists()


def test_a_village_branch_or_a_group_keeps_no_kpis(county):
    for org in (county.village_a1, county.group_a1):
        with pytest.raises(ValidationError) as caught:
            services.kpi_create(actor=county.secretary_a, org=org, **_fields())
        assert "keeps no performance indicators" in caught.value.message_dict["org"][0]


def test_names_are_unique_among_a_units_kpis_in_use(county):
    first = services.kpi_create(actor=county.dept_admin, org=county.unit, **_fields())
    with pytest.raises(ValidationError, match="already has a performance indicator"):
        services.kpi_create(actor=county.dept_admin, org=county.unit, **_fields())
    services.kpi_deactivate(actor=county.dept_admin, kpi=first)
    services.kpi_create(actor=county.dept_admin, org=county.unit, **_fields())  # free again
    # The one out of use keeps its name when edited.
    services.kpi_update(actor=county.dept_admin, kpi=first, **_fields(target="45"))


def test_a_rule_item_must_come_from_a_rule_set_issued_by_the_unit_or_above(county):
    rules = fixtures.ruleset(county)  # issued by the county root
    item = RuleItem.objects.unscoped("test").get(ruleset=rules, code="A1")
    kpi = services.kpi_create(
        actor=county.secretary_a, org=county.township_a, rule_item=item, **_fields()
    )
    assert kpi.rule_item == item
    township_rules = fixtures.ruleset(county, org=county.township_b, year=2025)
    foreign = RuleItem.objects.unscoped("test").get(ruleset=township_rules, code="A1")
    with pytest.raises(ValidationError) as caught:
        services.kpi_create(
            actor=county.dept_admin,
            org=county.township_a,
            rule_item=foreign,
            **_fields(name="另一指标"),
        )
    assert caught.value.message_dict == {"rule_item": ["No such rule-set item for this unit."]}


def test_edit_audits_old_and_new_and_keeps_the_frequency_once_values_exist(county):
    kpi = kf.kpi(county)
    services.kpi_update(
        actor=county.secretary_a, kpi=kpi, **_fields(name="覆盖率", target="97", frequency="month")
    )
    (entry,) = _audits("assess.kpi.update")
    assert entry.data["changes"]["target"] == ["95.00", "97.00"]
    assert entry.data["changes"]["name"] == ["学校党组织覆盖率", "覆盖率"]
    kf.value(kpi, datetime.date(2026, 1, 1), 96)
    with pytest.raises(ValidationError) as caught:
        services.kpi_update(actor=county.secretary_a, kpi=kpi, **_fields(frequency="year"))
    assert "cannot change" in caught.value.message_dict["frequency"][0]
    kpi.refresh_from_db()
    assert kpi.frequency == "month" and kpi.target == Decimal("97")
    with pytest.raises(Kpi.DoesNotExist):
        services.kpi_update(actor=county.secretary_b, kpi=kpi, **_fields())


def test_deactivate_keeps_the_values_and_refuses_new_ones(county):
    kpi = kf.kpi(county)
    kf.value(kpi, datetime.date(2026, 1, 1), 96)
    with pytest.raises(PermissionDenied):
        services.kpi_deactivate(actor=county.inspector_b, kpi=kf.kpi(county, county.township_b))
    services.kpi_deactivate(actor=county.secretary_a, kpi=kpi)
    assert KpiValue.objects.unscoped("test").filter(kpi=kpi).count() == 1
    with pytest.raises(ValidationError, match="no longer in use"):
        services.value_enter(
            actor=county.secretary_a, kpi=kpi, period_start=datetime.date(2026, 2, 1), value=1
        )
    with pytest.raises(ValidationError, match="already out of use"):
        services.kpi_deactivate(actor=county.secretary_a, kpi=kpi)


# ---- values ---------------------------------------------------------------------------------


def test_a_value_is_stored_on_the_first_day_of_its_period(county):
    kpi = kf.kpi(county, frequency="quarter")
    row = services.value_enter(
        actor=county.secretary_a,
        kpi=kpi,
        period_start=datetime.date(2026, 5, 17),
        value="96.5",
        note="含新建学校",
        today=TODAY,
    )
    assert row.period_start == datetime.date(2026, 4, 1) and row.value == Decimal("96.5")
    assert row.entered_by == county.secretary_a
    (entry,) = _audits("assess.kpi.value")
    assert entry.data == {
        "period": "2026-Q2",
        "value": [None, "96.50"],
        "note": [None, "含新建学校"],
    }


def test_a_second_entry_replaces_the_first_with_old_and_new_audited(county):
    kpi = kf.kpi(county)
    march = datetime.date(2026, 3, 1)
    services.value_enter(
        actor=county.secretary_a, kpi=kpi, period_start=march, value=90, today=TODAY
    )
    services.value_enter(
        actor=county.dept_admin,
        kpi=kpi,
        period_start=march,
        value="92.25",
        note="更正",
        today=TODAY,
    )
    (row,) = KpiValue.objects.unscoped("test").filter(kpi=kpi)
    assert row.value == Decimal("92.25") and row.entered_by == county.dept_admin
    second = _audits("assess.kpi.value").last()
    assert second.data["value"] == ["90.00", "92.25"]
    assert second.data["note"] == ["", "更正"] and second.data["replaced"] is True


def test_bad_values_are_named_and_nothing_is_saved(county):
    kpi = kf.kpi(county)
    cases = [
        (datetime.date(2026, 6, 1), 1, "", "period", "has not begun"),
        (datetime.date(2020, 12, 1), 1, "", "period", "too long ago"),
        (datetime.date(2026, 3, 1), "9.999", "", "value", "decimals"),
        (datetime.date(2026, 3, 1), "", "", "value", str(services.ERRORS["required"])),
        (datetime.date(2026, 3, 1), 1, "长" * 201, "note", "201"),
    ]
    for start, value, note, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            services.value_enter(
                actor=county.secretary_a,
                kpi=kpi,
                period_start=start,
                value=value,
                note=note,
                today=TODAY,
            )
        assert words in caught.value.message_dict[field][0], (field, caught.value)
    assert not KpiValue.objects.unscoped("test").exists()
    assert not _audits("assess.kpi.value").exists()


def test_the_current_period_may_be_entered_the_next_may_not(county):
    kpi = kf.kpi(county, frequency="year")
    services.value_enter(
        actor=county.secretary_a, kpi=kpi, period_start=TODAY, value=1, today=TODAY
    )
    assert KpiValue.objects.unscoped("test").get().period_start == datetime.date(2026, 1, 1)


def test_values_need_change_at_the_unit(county):
    kpi = kf.kpi(county)
    march = datetime.date(2026, 3, 1)
    with pytest.raises(Kpi.DoesNotExist):
        services.value_enter(actor=county.inspector_b, kpi=kpi, period_start=march, value=1)
    with pytest.raises(Kpi.DoesNotExist):  # a member is not the unit's recorded secretary
        services.value_enter(actor=county.member_a, kpi=kpi, period_start=march, value=1)
    assert not KpiValue.objects.unscoped("test").exists()


@pytest.mark.parametrize("written", ["２０２６-03", "٢٠٢٦-03", "2026-Q１", "２０２６"])
def test_periods_are_written_in_ascii_digits(written):
    # \d would take full-width and Arabic-Indic digits and save them as a normal date.
    assert periods.parse(written, periods.MONTH) is None
    assert periods.parse(written, periods.QUARTER) is None
    assert periods.parse(written, periods.YEAR) is None
