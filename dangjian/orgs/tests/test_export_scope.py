"""Personal data in people exports follows the viewer's reach (Action.EXPORT_PERSONAL).

A secretary sees the people of the township, but full ID-card numbers and birth days only
where a role grants personal data; the person themself always sees their own.
"""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from dangjian.orgs import services, spreadsheets
from dangjian.orgs.models import Person

pytestmark = pytest.mark.django_db
ID_CARD = "11010519491231002X"


@pytest.fixture
def person_a(county) -> Person:
    return services.person_update(
        actor=county.superuser, person=county.person_a, birth_date=datetime.date(1949, 12, 31)
    )


def exported_row(person: Person, viewer) -> tuple:
    content = spreadsheets.export_people([person], viewer=viewer)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    (row,) = sheet.iter_rows(min_row=2, values_only=True)
    return row


@pytest.mark.parametrize("persona", ["secretary_a", "inspector_b"])
def test_export_masks_personal_data_without_the_right(county, person_a, persona):
    viewer = getattr(county, persona)
    row = exported_row(person_a, viewer)
    assert ID_CARD not in row and person_a.id_card_masked in row
    assert "1949-12" in row and "1949-12-31" not in row
    assert person_a.id_card_for(viewer) == person_a.id_card_masked
    assert person_a.birth_date_for(viewer) == "1949-12"


@pytest.mark.parametrize("persona", ["dept_admin", "member_a"])
def test_export_shows_personal_data_to_the_right_holder_and_the_person(county, person_a, persona):
    viewer = getattr(county, persona)
    row = exported_row(person_a, viewer)
    assert ID_CARD in row and "1949-12-31" in row
    assert person_a.id_card_for(viewer) == ID_CARD


def test_export_pages_are_the_creators_while_in_reach(client, county):
    from django.http import QueryDict
    from django.urls import reverse

    from dangjian.orgs import exports
    from dangjian.orgs.models import RoleAssignment

    job = exports.export_job_create(actor=county.secretary_b, kind="people", query=QueryDict())
    exports.export_run(job)
    urls = [
        reverse("orgs:export-status", args=[job.pk]),
        reverse("orgs:export-download", args=[job.pk]),
    ]
    client.force_login(county.secretary_b)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    shown = [link for link, _label in client.get(urls[0]).context["nav_items"]]
    assert reverse("orgs:account-list") in shown and reverse("orgs:org-list") in shown
    client.force_login(county.secretary_a)
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Once the role is gone, so is the export, even for its creator.
    RoleAssignment.objects.unscoped("test: revoke").filter(user=county.secretary_b).delete()
    client.force_login(county.secretary_b)
    for url in urls:
        assert client.get(url).status_code == 404, url
