"""督查通报: Chinese-numeral dates, numbering, the job, the .docx read back with python-docx
(layout, fonts named on runs, the late and missing committees by name), the ranking of a
published round, the preview and the scoped download."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from dangjian.assess import bulletin_services as services
from dangjian.assess import rules_target as rules
from dangjian.assess.bulletin_content import content_for
from dangjian.assess.bulletin_numerals import chinese_date, chinese_month, chinese_number
from dangjian.assess.models import Bulletin
from dangjian.assess.tests import fixtures as shared
from dangjian.assess.tests import fixtures_target as fx
from dangjian.assess.tests.fixtures_target import _county_recorded_long_ago  # noqa: F401
from dangjian.notices.models import Notice

OCT = datetime.date(2026, 10, 1)


def rows(model):
    return model.objects.unscoped("test")


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2026, 11, 30), "二〇二六年十一月三十日"),
        (datetime.date(2026, 10, 20), "二〇二六年十月二十日"),
        (datetime.date(2026, 1, 31), "二〇二六年一月三十一日"),
        (datetime.date(2030, 12, 1), "二〇三〇年十二月一日"),
        (datetime.date(2026, 2, 10), "二〇二六年二月十日"),
        (datetime.date(2026, 3, 15), "二〇二六年三月十五日"),
    ],
)
def test_chinese_numeral_dates(day, text):
    assert chinese_date(day) == text


def test_chinese_numbers_and_months():
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 31)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十一",
        "三十一",
    ]
    assert chinese_month(OCT) == "二〇二六年十月"
    with pytest.raises(ValueError):
        chinese_number(0)


def october(county):
    """Township A on time, township B late by 3 days, the county unit missing; marks."""
    fx.target(
        county,
        county.township_a,
        month=OCT,
        submitted_at=fx.on_day(OCT, 4),
        marks=("done", "not_done"),
    )
    fx.target(
        county, county.township_b, month=OCT, submitted_at=fx.on_day(OCT, 8), marks=("partial",)
    )


def request(county, actor=None, org=None, **extra):
    return services.bulletin_request(
        actor=actor or county.dept_admin, org=org or county.root, month=OCT, **extra
    )


def read(bulletin) -> Document:
    bulletin = rows(Bulletin).get(pk=bulletin.pk)
    assert bulletin.status == "done", bulletin.error
    return Document(io.BytesIO(bytes(bulletin.result)))


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_bulletin_docx_opens_and_names_the_late_and_missing_committees(
    county, django_capture_on_commit_callbacks
):
    october(county)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = request(county, highlights="甲镇党委创新开展“党建+产业”活动。")
    document = read(bulletin)
    texts = [p.text for p in document.paragraphs]
    whole = "\n".join(texts)
    year = datetime.date.today().year
    assert texts[0] == "示范县委文件"
    assert texts[1] == f"〔{year}〕1号"
    assert "关于2026年10月创先争优月度目标落实情况的督查通报" in texts
    # By name: on time, late with its days, missing.
    assert "甲镇党委。" in texts
    assert "乙镇党委（逾期3天）。" in texts
    assert "县教育局党组。" in texts
    assert "其中按时报送1个，逾期报送1个，未报送1个" in whole
    assert "落实1项、部分落实1项、未落实1项，尚未督查1项" in whole
    assert "甲镇党委创新开展“党建+产业”活动。" in texts
    # Problems: the items 未落实, by committee.
    assert "（一）甲镇党委：第2项“完成第2项创先争优目标”（未按期完成）。" in texts
    assert "本月所属考核周期尚无已发布的考核结果。" in texts
    issued = bulletin.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert texts[-1] == chinese_date(issued.date())
    # Layout (GB/T 9704): A4, margins, fonts named on runs (East Asian too), sizes, spacing.
    section = document.sections[0]
    mm = [
        round(length.mm, 1)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 37, 35, 28, 26]
    issuer = document.paragraphs[0].runs[0]
    assert east_asian(issuer) == "方正小标宋简体" and str(issuer.font.color.rgb) == "FF0000"
    title = next(p for p in document.paragraphs if p.text.startswith("关于"))
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.alignment == 1  # centred
    heading1 = next(p for p in document.paragraphs if p.text == "一、目标报送情况")
    assert east_asian(heading1.runs[0]) == "黑体"
    heading2 = next(p for p in document.paragraphs if p.text == "（二）逾期报送的单位")
    assert east_asian(heading2.runs[0]) == "楷体_GB2312"
    body = next(p for p in document.paragraphs if p.text == "乙镇党委（逾期3天）。")
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing == Pt(rules.LINE_SPACING_PT)
    date = document.paragraphs[-1]
    assert date.alignment == 2  # right
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml and east_asian(footer.runs[0]) == "宋体"
    assert footer.runs[0].font.size == Pt(14)
    # The requester is told it is ready.
    assert Notice.objects.filter(recipient=county.dept_admin, key__startswith="assess.bulletin")


def test_numbers_follow_per_issuer_and_year(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, second = request(county), request(county)
        township = request(county, county.secretary_a, county.township_a)
    assert (first.number, second.number, township.number) == (1, 2, 1)
    assert read(second).paragraphs[1].text.endswith("〕2号")


def test_requests_are_refused_with_a_reason_and_save_nothing(county):
    with pytest.raises(PermissionDenied, match="印发其督查通报"):
        request(county, county.inspector_b, county.township_b)
    with pytest.raises(type(county.root).DoesNotExist):
        request(county, county.secretary_b, county.township_a)
    with pytest.raises(ValidationError) as error:
        services.bulletin_request(
            actor=county.dept_admin,
            org=county.root,
            month=datetime.date(2099, 1, 1),
            problems="长" * (rules.BULLETIN_TEXT_MAX_CHARS + 1),
        )
    assert set(error.value.message_dict) == {"month", "problems"}
    assert not rows(Bulletin).exists()


def test_ranking_of_the_published_round_covering_the_month(county):
    from dangjian.assess.models import ScoreSheet

    today = datetime.date.today()
    month = today.replace(day=1)
    round_ = shared.round_(county, status="published")
    for org, total, rank, grade in (
        (county.township_a, "91.50", 2, "good"),
        (county.township_b, "95.00", 1, "excellent"),
    ):
        ScoreSheet.objects.unscoped("test").filter(round=round_, org=org).update(
            total=Decimal(total), rank=rank, grade=grade
        )
    content = content_for(county.root, month, year=today.year, number=1, issued_on=today)
    texts = [text for _kind, text in content.blocks]
    assert f"根据{round_.name}结果，排名如下：" in texts
    assert texts.index("第1名　乙镇党委　95.00分，优秀") < texts.index(
        "第2名　甲镇党委　91.50分，良好"
    )
    # A round still being scored is not published: nothing is ranked.
    type(round_).objects.unscoped("test").filter(pk=round_.pk).update(status="scoring")
    content = content_for(county.root, month, year=today.year, number=1, issued_on=today)
    assert "本月所属考核周期尚无已发布的考核结果。" in [text for _k, text in content.blocks]


def test_preview_archive_and_download_are_scoped(client, county):
    october(county)
    bulletin = fx.written(county, county.township_a, month=OCT)
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:bulletin-detail", args=[bulletin.pk])).content.decode()
    # The preview says what the document says (the same content function).
    assert "关于2026年10月创先争优月度目标落实情况的督查通报" in page
    assert "〔" in page and "甲镇党委文件" in page
    archive = client.get(reverse("assess:bulletin-list")).content.decode()
    assert reverse("assess:bulletin-download", args=[bulletin.pk]) in archive
    response = client.get(reverse("assess:bulletin-download", args=[bulletin.pk]))
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "甲镇党委文件"
    for persona in (county.secretary_b, county.inspector_b, county.member_a):
        client.force_login(persona)
        for name in ("assess:bulletin-download", "assess:bulletin-detail"):
            assert client.get(reverse(name, args=[bulletin.pk])).status_code == 404
        assert "甲镇党委" not in client.get(reverse("assess:bulletin-list")).content.decode()


def test_the_api_queues_a_bulletin_and_reports_the_download(
    client, county, django_capture_on_commit_callbacks
):
    october(county)
    client.force_login(county.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/assess/bulletins", {"month": "2026-10"}, content_type="application/json"
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) == {"id", "status"}
    data = client.get(f"/api/v1/assess/bulletins/{body['id']}").json()
    assert data["status"] == "done"
    document = reverse("api:assess-bulletin-document", args=[body["id"]])
    assert data["download"] == f"http://testserver{document}"
    assert client.get(data["download"]).status_code == 200
    pending = fx.bulletin(county, county.root, number=9)
    assert client.get(f"/api/v1/assess/bulletins/{pending.pk}").json()["download"] is None
    client.force_login(county.secretary_b)
    assert client.get(f"/api/v1/assess/bulletins/{body['id']}").status_code == 404


@pytest.mark.parametrize(
    "payload",
    [{"month": "2026-13"}, {"month": "10/2026"}, {"month": ""}, {}, {"month": "2026-10", "x": 1}],
)
def test_the_api_refuses_bad_months_and_unknown_keys(client, county, payload):
    client.force_login(county.dept_admin)
    response = client.post("/api/v1/assess/bulletins", payload, content_type="application/json")
    assert response.status_code == 400
    assert not rows(Bulletin).exists()


def test_the_preview_shows_every_paragraph_of_the_document(client, county):
    october(county)
    bulletin = fx.written(county, county.root, month=OCT)
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:bulletin-detail", args=[bulletin.pk])).content.decode()
    import html

    page = html.unescape(page)
    paragraphs = [p.text for p in read(bulletin).paragraphs if p.text]
    assert len(paragraphs) > 15
    for text in paragraphs:
        assert text in page, text
