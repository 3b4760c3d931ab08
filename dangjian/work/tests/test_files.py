"""The one view that serves work tracking's files (work:file): each kind of file is served to
those who see its row, a 404 to everyone else and for a kind or row that does not exist."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from dangjian.work.models import (
    ItemEvidence,
    ItemReport,
    KeyProject,
    ProjectFile,
    Rectification,
    RectificationEvidence,
    RectificationReport,
)
from dangjian.work.tests import fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def work_dir(settings, tmp_path):
    settings.DANGJIAN_WORK_DIR = tmp_path / "work"


def _stored(row, name: str, content: bytes):
    row.name, row.size = name, len(content)
    row.file.save(f"test/{name}", ContentFile(content), save=False)
    row.save()
    return row


def _item_evidence(county):
    item = fixtures.item(county)
    report = ItemReport.objects.create(item=item, outcome="done", text="已完成")
    return _stored(ItemEvidence(report=report), "佐证.png", b"\x89PNG\r\n\x1a\n")


def _project_file(county):
    project = KeyProject.objects.create(
        org=county.village_a1,
        year=timezone.localdate().year,
        title="示范点创建",
        responsible=county.person_a,
        statement="目标责任书",
    )
    return _stored(ProjectFile(project=project), "责任书.pdf", b"%PDF-1.4")


def _rect_evidence(county):
    today = timezone.localdate()
    rect = Rectification.objects.create(
        org=county.village_a1,
        issued_by=county.township_a,
        source="inspection",
        problem="三会一课记录不全",
        measures="补齐记录",
        responsible=county.person_a,
        found_on=today,
        deadline=today,
        first_deadline=today,
    )
    report = RectificationReport.objects.create(rectification=rect, outcome="done", text="已补")
    return _stored(RectificationEvidence(report=report), "整改.pdf", b"%PDF-1.4")


MAKERS = {
    "plan": fixtures.plan_attachment,
    "item": _item_evidence,
    "project": _project_file,
    "rect": _rect_evidence,
}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_each_kind_is_served_in_scope_and_hidden_outside(client, county, kind):
    row = MAKERS[kind](county)
    url = reverse("work:file", args=[kind, row.pk])
    # A member reaches their own item's evidence, project and rectification, not the files of
    # the plan that holds their item.
    member = 404 if kind == "plan" else 200
    expected = {"secretary_a": 200, "member_a": member, "secretary_b": 404, "inspector_b": 404}
    for persona, status in expected.items():
        client.force_login(getattr(county, persona))
        response = client.get(url)
        assert response.status_code == status, persona
        if status == 200:
            body = b"".join(response.streaming_content)
            assert body == row.file.open("rb").read() and body
            # Pictures open in the browser; documents download.
            disposition = response["Content-Disposition"]
            assert disposition.startswith("inline" if kind == "item" else "attachment")


def test_an_unknown_kind_another_kinds_id_and_a_missing_file_are_404(client, county):
    row = fixtures.plan_attachment(county)
    client.force_login(county.secretary_a)
    assert client.get(reverse("work:file", args=["meeting", row.pk])).status_code == 404
    assert client.get(reverse("work:file", args=["item", row.pk])).status_code == 404
    row.file.delete(save=False)
    assert client.get(reverse("work:file", args=["plan", row.pk])).status_code == 404


def test_the_hub_lists_the_links_each_user_may_use(client, county):
    """No link leads to a refusal: a member sees no subtree's schedule and records visits only
    once assigned to an organization."""
    import datetime

    from dangjian.work.models import ContactAssignment

    client.force_login(county.secretary_a)
    page = client.get(reverse("work:home")).content.decode()
    for name in ("work:plan-schedule", "work:item-overdue", "work:visit-record"):
        assert reverse(name) in page
    client.force_login(county.member_a)
    page = client.get(reverse("work:home")).content.decode()
    assert reverse("work:item-mine") in page
    for name in ("work:plan-schedule", "work:item-overdue", "work:visit-record"):
        assert reverse(name) not in page
    ContactAssignment.objects.create(
        org=county.village_b1,
        unit=county.village_a1,
        cadre=county.person_a,
        started_on=datetime.date(2020, 1, 1),
    )
    page = client.get(reverse("work:home")).content.decode()
    assert reverse("work:visit-record") in page
