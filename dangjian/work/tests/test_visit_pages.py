"""Pages of village contact and visits: the quick form for a cadre and for a secretary, the
log, the coverage tree, the assignments, and the list pages' fixed query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dangjian.conftest import make_org, make_user
from dangjian.orgs.scoping import Role
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.tests.matrix_visit import assignment, record_fields, unit_cadre, visit
from dangjian.work.tracking import local_today


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _cadre_login(client, county):
    row = assignment(county, started_on=datetime.date(2025, 1, 1))
    user = make_user("cadre", (Role.MEMBER, county.unit))
    row.cadre.user = user
    row.cadre.save()
    client.force_login(user)
    return row.cadre


def test_cadre_taps_the_assigned_village(client, county):
    cadre = _cadre_login(client, county)
    page = client.get(reverse("work:visit-record")).content.decode()
    assert 'id="visit-assigned"' in page and county.village_a1.name in page
    assert 'name="visitor"' not in page  # the cadre records their own visits
    response = client.post(
        reverse("work:visit-record"),
        {
            "org": county.village_a1.pk,
            "visited_on": local_today().isoformat(),
            "chips": ["policy", "problems"],
            "purpose_text": "看望老党员",
            "solved": "修好了路灯",
        },
    )
    made = Visit.objects.unscoped("test").get()
    assert response.status_code == 302 and response.url == reverse(
        "work:visit-detail", args=[made.pk]
    )
    assert (made.visitor, made.org) == (cadre, county.village_a1)
    assert made.purpose == "Policy explanation、Problem solving、看望老党员"
    assert made.solved == "修好了路灯"


def test_quick_form_errors_by_field_nothing_saved(client, county):
    _cadre_login(client, county)
    response = client.post(reverse("work:visit-record"), {"visited_on": "2026-99-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the organization visited." in page and "Enter a valid date." in page
    tomorrow = local_today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("work:visit-record"),
        {"org": county.village_a1.pk, "visited_on": tomorrow.isoformat()},
    )
    page = response.content.decode()
    assert "after today" in page and "Say why the visit was made" in page
    assert not Visit.objects.unscoped("test").exists()


def test_secretary_records_for_an_assigned_cadre(client, county):
    client.force_login(county.secretary_a)
    fields = record_fields(county)
    page = client.get(reverse("work:visit-record")).content.decode()
    assert 'name="visitor"' in page and "王干部" in page and 'id="visit-assigned"' not in page
    response = client.post(reverse("work:visit-record"), fields)
    assert response.status_code == 302
    assert Visit.objects.unscoped("test").get().recorded_by == county.secretary_a
    again = client.post(reverse("work:visit-record"), fields)  # the same day twice
    assert "already recorded" in again.content.decode()


def test_member_without_assignment_gets_403_with_reason(client, county):
    client.force_login(county.member_a)
    response = client.get(reverse("work:visit-record"))
    assert response.status_code == 403


def _table(response) -> str:
    page = response.content.decode()
    return page[page.index('id="visit-rows"') :]


def test_log_filters_and_detail(client, county):
    cadre = unit_cadre(county)
    made = visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 5, 31))
    visit(county, county.village_b1, visitor=cadre, visited_on=datetime.date(2026, 6, 1))
    client.force_login(county.dept_admin)
    rows = _table(client.get(reverse("work:visit-list") + "?month=2026-05"))
    assert county.village_a1.name in rows and county.village_b1.name not in rows
    rows = _table(client.get(reverse("work:visit-list") + f"?org={county.township_b.pk}"))
    assert county.village_b1.name in rows and county.village_a1.name not in rows
    rows = _table(client.get(reverse("work:visit-list") + f"?visitor={cadre.pk}"))
    assert county.village_b1.name in rows and county.village_a1.name in rows
    detail = client.get(reverse("work:visit-detail", args=[made.pk])).content.decode()
    assert "政策宣讲" in detail and "王干部" in detail
    client.force_login(county.secretary_b)
    assert county.village_a1.name not in client.get(reverse("work:visit-list")).content.decode()
    assert client.get(reverse("work:visit-detail", args=[made.pk])).status_code == 404
    assert (
        client.get(reverse("work:visit-list") + f"?org={county.village_a1.pk}").status_code == 404
    )
    assert client.get(reverse("work:visit-list") + "?month=2026-13").status_code == 404


def test_coverage_page_shows_the_tree(client, county):
    cadre = unit_cadre(county)
    assignment(county, cadre=cadre, started_on=datetime.date(2026, 1, 1))
    visit(county, county.village_a1, visitor=cadre, visited_on=datetime.date(2026, 6, 30))
    client.force_login(county.dept_admin)
    page = client.get(reverse("work:visit-coverage") + "?month=2026-06").content.decode()
    assert 'id="coverage-tree"' in page
    assert "甲镇党委" in page and "乙镇党委" in page
    assert "1 / 2" in page and "50.0 %" in page
    assert "王干部" in page  # one visit, below the rule of 2
    client.force_login(county.secretary_b)
    page = client.get(reverse("work:visit-coverage") + "?month=2026-06").content.decode()
    assert county.village_a1.name not in page and county.village_b1.name in page
    url = reverse("work:visit-coverage") + f"?org={county.township_a.pk}"
    assert client.get(url).status_code == 404


def test_assignment_pages(client, county):
    cadre = unit_cadre(county)
    client.force_login(county.dept_admin)
    url = reverse("work:visit-assignment-create")
    page = client.get(url + f"?unit={county.unit.pk}").content.decode()
    assert "王干部" in page
    response = client.post(
        url,
        {
            "unit": county.unit.pk,
            "org": county.village_a1.pk,
            "cadre": cadre.pk,
            "started_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    row = ContactAssignment.objects.unscoped("test").get()
    assert (row.cadre, row.unit, row.org) == (cadre, county.unit, county.village_a1)
    page = client.get(reverse("work:visit-assignment-list")).content.decode()
    assert "王干部" in page and county.unit.name in page
    end = reverse("work:visit-assignment-end", args=[row.pk])
    response = client.post(end, {"ended_on": "2025-12-31"})
    assert "before it began" in response.content.decode()
    assert client.post(end, {"ended_on": "2026-02-28"}).status_code == 302
    row.refresh_from_db()
    assert row.ended_on == datetime.date(2026, 2, 28)
    page = client.get(reverse("work:visit-assignment-list")).content.decode()
    assert "王干部" not in page  # ended: not in force today
    page = client.get(reverse("work:visit-assignment-list") + "?all=1").content.decode()
    assert "王干部" in page


def _rows(county, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        org = make_org(county.superuser, county.township_a, f"X{number}", f"新村{number}党支部")
        cadre = unit_cadre(county, f"干部{number}")
        assignment(county, org, cadre=cadre, started_on=datetime.date(2026, 1, 1))
        visit(county, org, visitor=cadre, visited_on=local_today())


@pytest.mark.parametrize(
    "name", ["work:visit-list", "work:visit-coverage", "work:visit-assignment-list"]
)
def test_list_pages_fixed_query_count(client, county, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(county.dept_admin)
    _rows(county, 3)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse(name)).status_code == 200
    _rows(county, 3, start=3)
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse(name)).status_code == 200
    assert len(second) == len(first), name
    pinned = {"work:visit-list": 7, "work:visit-coverage": 10, "work:visit-assignment-list": 7}
    assert len(first) == pinned[name], [q["sql"][:120] for q in first.captured_queries]


def test_hub_links(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("work:home")).content.decode()
    for label in ("Record a visit", "Visit log", "Visit coverage", "Contact assignments"):
        assert label in page
    client.force_login(county.inspector_b)  # no right to change, no person record
    page = client.get(reverse("work:home")).content.decode()
    assert "Record a visit" not in page and "Visit coverage" in page


def test_township_secretary_pairs_the_township_with_a_village(client, county):
    """乡镇包村: township A's secretary picks the township as the unit, no cadre named."""
    client.force_login(county.secretary_a)
    url = reverse("work:visit-assignment-create")
    page = client.get(url).content.decode()
    assert county.unit.name not in page  # a county unit out of the township's sight
    response = client.post(
        url,
        {
            "unit": county.township_a.pk,
            "org": county.village_a1.pk,
            "cadre": "",
            "started_on": local_today().isoformat(),
        },
    )
    assert response.status_code == 302
    row = ContactAssignment.objects.unscoped("test").get()
    assert (row.unit, row.cadre, row.created_by) == (county.township_a, None, county.secretary_a)
    response = client.post(url, {"unit": county.unit.pk, "org": county.village_a1.pk})
    assert "Choose one of the units offered." in response.content.decode()


def test_coverage_drills_down_and_up(client, county):
    client.force_login(county.dept_admin)
    page = client.get(reverse("work:visit-coverage")).content.decode()
    assert f'href="?org={county.township_a.pk}&amp;month=' in page
    page = client.get(reverse("work:visit-coverage") + f"?org={county.township_a.pk}")
    assert "Up one level" in page.content.decode()
    client.force_login(county.secretary_a)  # the township is the top of their reach
    assert "Up one level" not in client.get(reverse("work:visit-coverage")).content.decode()
