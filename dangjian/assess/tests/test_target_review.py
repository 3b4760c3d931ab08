"""The review's findings on monthly targets and bulletins, each pinned by a test that failed
before its fix: control characters, a committee marking its own month, reminders mailed as
overdue, the committees of a past month, the archived preview, the API's document link, the
issuers of a user with nested grants, a short month's deadline, the GB/T 9704 footers and
signature, the fixture's marker."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.shared import Pt

from dangjian.assess import bulletin_services, rules_target
from dangjian.assess import target_selectors as selectors
from dangjian.assess import target_services as services
from dangjian.assess.bulletin_content import content_for
from dangjian.assess.models import Bulletin, MonthlyTarget, TargetItem
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401
from dangjian.conftest import make_org, make_user
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Role

OCT = datetime.date(2026, 10, 1)
NOV = datetime.date(2026, 11, 1)
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=fx.SHANGHAI)


def rows(model):
    return model.objects.unscoped("test")


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


# 1. Control characters -------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_control_characters_are_refused_naming_the_field(client, county):
    client.force_login(county.secretary_a)
    response = post(
        client,
        "/api/v1/assess/targets",
        {
            "org": county.township_a.pk,
            "month": "2026-10",
            "items": [{"goal": "目标\x0b一", "measures": "措\x0c施"}],
        },
    )
    assert response.status_code == 400, response.content
    messages = response.json()["items"]
    assert any("第 1 项" in text and "目标" in text and "控制字符" in text for text in messages)
    assert len(messages) == 2  # the goal's and the measures'
    assert not rows(MonthlyTarget).exists()
    # Line breaks and tabs stay allowed.
    assert services.item_errors([{"goal": "目标\n一\t二", "measures": "措施\r\n"}]) == []
    target = fx.target(county, county.township_a, month=OCT, submitted_at=fx.on_day(OCT, 3))
    item = rows(TargetItem).filter(target=target).first()
    with pytest.raises(ValidationError) as error:
        services.target_mark(
            actor=county.dept_admin, target=target, item=item, mark="not_done", note="未\x0b完成"
        )
    assert "控制字符" in error.value.message_dict["note"][0]
    assert rows(TargetItem).get(pk=item.pk).mark == ""
    for field in ("highlights", "problems"):
        with pytest.raises(ValidationError) as error:
            bulletin_services.bulletin_request(
                actor=county.dept_admin, org=county.root, month=OCT, **{field: "亮点\x0c"}
            )
        assert "控制字符" in error.value.message_dict[field][0]
    assert not rows(Bulletin).exists()  # no 〔年〕N号 burnt
    client.force_login(county.dept_admin)
    response = post(client, "/api/v1/assess/bulletins", {"month": "2026-10", "problems": "\x01"})
    assert response.status_code == 400 and "problems" in response.json()


@time_machine.travel(NOW, tick=False)
def test_a_control_character_already_stored_does_not_break_the_bulletin(county):
    """The .docx strips them as a safety net (rows written before the check)."""
    target = fx.target(county, county.township_a, month=OCT, submitted_at=fx.on_day(OCT, 3))
    rows(TargetItem).filter(target=target, position=1).update(
        goal="目标\x0b一", mark="not_done", note="未\x0c完成", marked_by=county.dept_admin
    )
    bulletin = fx.written(county, county.root, month=OCT, highlights="亮点\x0b")
    bulletin = rows(Bulletin).get(pk=bulletin.pk)
    assert bulletin.status == "done", bulletin.error
    whole = "\n".join(texts(bytes(bulletin.result)))
    assert "第1项“目标一”（未完成）" in whole and "亮点" in whole


# 2. A committee does not mark its own targets --------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_secretary_who_is_also_inspector_of_the_committee_cannot_mark_own(county):
    both = make_user(
        "both", (Role.SECRETARY, county.township_a), (Role.INSPECTOR, county.township_a)
    )
    target = services.target_save(
        actor=county.secretary_a, org=county.township_a, month=OCT, items=fx.items(1), submit=True
    )
    item = rows(TargetItem).get(target=target)
    with pytest.raises(PermissionDenied, match="不能督查"):
        services.target_mark(actor=both, target=target, item=item, mark="done")
    # An inspector of the township who is secretary of a village below it: its own chain.
    below = make_user(
        "below", (Role.SECRETARY, county.village_a1), (Role.INSPECTOR, county.township_a)
    )
    with pytest.raises(PermissionDenied):
        services.target_mark(actor=below, target=target, item=item, mark="done")
    assert rows(TargetItem).get(pk=item.pk).mark == ""
    # A pure inspector of the township marks it.
    inspector = make_user("inspector_a", (Role.INSPECTOR, county.township_a))
    services.target_mark(actor=inspector, target=target, item=item, mark="done")
    assert rows(TargetItem).get(pk=item.pk).mark == "done"


@time_machine.travel(NOW, tick=False)
def test_whoever_submitted_the_month_does_not_mark_it(county):
    target = services.target_save(
        actor=county.dept_admin, org=county.township_b, month=OCT, items=fx.items(1), submit=True
    )
    item = rows(TargetItem).get(target=target)
    with pytest.raises(PermissionDenied, match="不能督查"):
        services.target_mark(actor=county.dept_admin, target=target, item=item, mark="done")
    services.target_mark(actor=county.inspector_b, target=target, item=item, mark="done")
    assert rows(TargetItem).get(pk=item.pk).marked_by == county.inspector_b


# 3. Reminders are not mailed again as overdue --------------------------------------------


def test_reminders_stop_once_submitted_and_are_mailed_once(
    county, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from dangjian.notices.models import Notice

    settings.DANGJIAN_NOTICE_EMAIL = True

    def daily(day: int) -> None:
        moment = datetime.datetime(2026, 11, day, 8, tzinfo=fx.SHANGHAI)
        # The notices' own mail goes out after the commit: run those callbacks.
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("notices_daily", today=moment.date(), stdout=io.StringIO())

    for user, address in (
        (county.secretary_a, "a@example.org"),
        (county.secretary_b, "b@example.org"),
    ):
        user.email = address
        user.save()
    daily(3)  # due by the 5th
    assert [m.to for m in mailoutbox].count(["a@example.org"]) == 1
    with time_machine.travel(datetime.datetime(2026, 11, 4, 8, tzinfo=fx.SHANGHAI), tick=False):
        services.target_save(
            actor=county.secretary_a,
            org=county.township_a,
            month=NOV,
            items=fx.items(1),
            submit=True,
        )
    mailoutbox.clear()
    for day in range(6, 12):
        daily(day)
    to_a = [m.subject for m in mailoutbox if "a@example.org" in m.to]
    assert to_a == []  # submitted on the 4th, on time: nothing more
    to_b = [m.subject for m in mailoutbox if "b@example.org" in m.to]
    assert len(to_b) == 1, to_b  # township B still missing: told once, not every day
    assert not Notice.objects.filter(key__startswith="assess.target", due_on__isnull=False)


# 4. The committees of a past month -------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_committees_founded_or_recorded_after_the_month_owe_nothing(county):
    founded = make_org(
        county.superuser,
        county.root,
        "NEW",
        "新设党委",
        category="township",
        org_type="committee",
        founded_on=datetime.date(2026, 11, 15),
    )
    recorded = make_org(
        county.superuser,
        county.root,
        "REC",
        "新录入党委",
        category="township",
        org_type="committee",
    )  # no founding date, recorded on 2026-11-20
    old = make_org(
        county.superuser,
        county.root,
        "OLD",
        "老党委",
        category="township",
        org_type="committee",
        founded_on=datetime.date(2010, 1, 1),
    )  # founded long ago, recorded today: the founding date decides
    content = content_for(county.root, OCT, year=2026, number=1, issued_on=NOW.date())
    assert founded.name not in content.missing and recorded.name not in content.missing
    assert old.name in content.missing
    report = selectors.month_status(county.dept_admin, county.root, OCT)
    names = {row.name for row in report.rows}
    assert old.name in names and not {founded.name, recorded.name} & names
    november = content_for(county.root, NOV, year=2026, number=1, issued_on=NOW.date())
    assert {founded.name, recorded.name} <= set(november.missing)


@time_machine.travel(NOW, tick=False)
def test_deactivated_committee_keeps_its_past_month(county):
    fx.target(county, county.unit, month=OCT, submitted_at=fx.on_day(OCT, 3))
    rows(Organization).filter(pk__in=[county.unit.pk, county.township_b.pk]).update(is_active=False)
    content = content_for(county.root, OCT, year=2026, number=1, issued_on=NOW.date())
    assert county.unit.name in content.on_time  # it did hand in October on time
    assert county.township_b.name not in content.missing  # dissolved, nothing handed in
    names = {row.name for row in selectors.month_status(county.dept_admin, county.root, OCT).rows}
    assert county.unit.name in names and county.township_b.name not in names


# 5. The preview shows the archived document ----------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_preview_shows_the_archived_document(client, county):
    target = fx.target(county, county.township_a, month=OCT, submitted_at=fx.on_day(OCT, 3))
    bulletin = fx.written(county, county.root, month=OCT)
    archived = texts(bytes(rows(Bulletin).get(pk=bulletin.pk).result))
    item = rows(TargetItem).filter(target=target).first()
    services.target_mark(
        actor=county.dept_admin, target=target, item=item, mark="not_done", note="改了"
    )
    rows(Organization).filter(pk=county.root.pk).update(name="改名县委")
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:bulletin-detail", args=[bulletin.pk])).content.decode()
    assert "改了" not in page and "改名县委" not in page
    assert "示范县委文件" in page and "（一）按时报送的单位" in page
    for line in ("二、目标落实情况", archived[-1], archived[-2]):
        assert line in page
    # While the job is pending the preview is computed now.
    pending = fx.bulletin(county, county.root, month=OCT, number=2)
    page = client.get(reverse("assess:bulletin-detail", args=[pending.pk])).content.decode()
    assert "改了" in page


# 6. The API's download link works with a bearer token ------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_api_download_link_works_for_a_token_client(client, county):
    from dangjian.orgs.account_services import api_token_create

    fx.target(county, county.township_a, month=OCT, submitted_at=fx.on_day(OCT, 3))
    bulletin = fx.written(county, county.township_a, month=OCT)
    _row, token = api_token_create(actor=county.secretary_a, name="脚本")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = client.get(f"/api/v1/assess/bulletins/{bulletin.pk}", **auth).json()
    assert data["download"].startswith("http://testserver/api/v1/assess/bulletins/")
    response = client.get(data["download"], **auth)
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "甲镇党委文件"
    _row, other = api_token_create(actor=county.secretary_b, name="脚本")
    response = client.get(data["download"], HTTP_AUTHORIZATION=f"Bearer {other}")
    assert response.status_code == 404
    pending = fx.bulletin(county, county.township_a, month=OCT, number=2)
    assert client.get(f"/api/v1/assess/bulletins/{pending.pk}", **auth).json()["download"] is None
    url = reverse("api:assess-bulletin-document", args=[pending.pk])
    assert client.get(url, **auth).status_code == 404


# 7. Issuers from the change reach ---------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_nested_grants_still_issue_a_bulletin(client, county):
    """Secretary of township A who is also an inspector of the county."""
    user = make_user("mixed", (Role.SECRETARY, county.township_a), (Role.INSPECTOR, county.root))
    client.force_login(user)
    page = client.get(reverse("assess:bulletin-request"))
    assert page.status_code == 200 and "甲镇党委" in page.content.decode()
    response = post(client, "/api/v1/assess/bulletins", {"month": "2026-10"})
    assert response.status_code == 202, response.content
    assert rows(Bulletin).get().org == county.township_a


# 8. A short month's deadline --------------------------------------------------------------


def test_a_deadline_day_past_february_is_its_last_day(monkeypatch):
    monkeypatch.setattr(rules_target, "DEADLINE_DAY", 30)
    assert selectors.deadline_of(datetime.date(2026, 2, 1)) == datetime.date(2026, 2, 28)
    assert selectors.deadline_of(datetime.date(2028, 2, 1)) == datetime.date(2028, 2, 29)
    assert selectors.deadline_of(datetime.date(2026, 4, 1)) == datetime.date(2026, 4, 30)
    assert selectors.deadline_of(datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 30)


# 9. GB/T 9704: page numbers, signature, the lines before the title ------------------------


@time_machine.travel(NOW, tick=False)
def test_the_layout_of_page_numbers_signature_and_title(county):
    fx.target(county, county.township_a, month=OCT, submitted_at=fx.on_day(OCT, 3))
    bulletin = fx.written(county, county.root, month=OCT)
    document = Document(io.BytesIO(bytes(rows(Bulletin).get(pk=bulletin.pk).result)))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and odd.paragraph_format.right_indent == Pt(14)  # right, 一字
    assert even.alignment == 0 and even.paragraph_format.left_indent == Pt(14)  # left, 一字
    for footer in (odd, even):
        assert footer.text.startswith("— ") and "PAGE" in footer._p.xml
    paragraphs = document.paragraphs
    assert paragraphs[1].text.endswith("〕1号")
    assert [p.text for p in paragraphs[2:4]] == ["", ""]  # two lines under the red rule
    assert paragraphs[4].text.startswith("关于")
    issuer, date = paragraphs[-2], paragraphs[-1]
    assert (issuer.text, issuer.alignment, date.alignment) == ("示范县委", 2, 2)
    assert date.paragraph_format.right_indent == Pt(16 * 4)  # 右空四字
    # centred over the date: (11 − 4) / 2 = 3.5 characters more to the right margin
    assert len(date.text) == 11
    assert issuer.paragraph_format.right_indent == Pt(16 * (4 + 3.5))


# 10. The fixture's marks are given by someone who may mark --------------------------------


def test_the_fixture_marks_as_a_supervisor(county):
    target = fx.target(
        county, county.township_a, submitted_at=fx.on_day(fx.this_month(), 2), marks=("done",)
    )
    item = rows(TargetItem).get(target=target, position=1)
    assert services.may_mark(item.marked_by, target.org)
    assert item.marked_by != target.submitted_by
