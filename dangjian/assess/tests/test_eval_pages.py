"""Pages of 群众评议: the public page and its form (code mode, open mode with the device
cookie, polite refusals, CSRF), the QR code as SVG and PNG, the poster, codes and slips with
their .xlsx/.csv, results with the dimension breakdown, moderation, setup."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from dangjian.assess import eval_submit_services
from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.assess.tests import fixtures_eval as fx


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _stored() -> int:
    return Evaluation.objects.unscoped("test").count()


def _csrf_client(url: str) -> tuple[Client, str]:
    """An anonymous browser that opened the page: the page sets the CSRF cookie."""
    browser = Client(enforce_csrf_checks=True)
    response = browser.get(url)
    assert response.status_code == 200
    return browser, browser.cookies["csrftoken"].value


def test_public_page_code_mode_submit_then_reuse_refused_politely(county):
    point = fx.point(county, intro="请对甲镇便民服务中心评议")
    code = fx.code(county)
    shown = fx.evaluation(county, comment="窗口服务热情")
    Evaluation.objects.unscoped("test").filter(pk=shown.pk).update(moderation="approved")
    fx.evaluation(county, comment="待审核的意见")
    url = reverse("assess:eval-public", args=[point.public_key])
    browser, token = _csrf_client(url)
    page = browser.get(url).content.decode()
    assert "甲镇党委" in page and "请对甲镇便民服务中心评议" in page
    assert "窗口服务热情" in page and "待审核的意见" not in page
    assert 'name="code"' in page and 'name="website"' in page
    # Without the CSRF token: refused.
    assert browser.post(url, {"code": code.code, "overall": "satisfied"}).status_code == 403
    before = _stored()
    form = {
        "csrfmiddlewaretoken": token,
        "code": code.code[:5] + "-" + code.code[5:],
        "overall": "satisfied",
        "dim_attitude": "basic",
        "comment": "",
        "contact": "",
        "website": "",
    }
    response = browser.post(url, form)
    assert response.status_code == 303
    assert response["Location"] == reverse("assess:eval-thanks", args=[point.public_key])
    assert _stored() == before + 1
    row = Evaluation.objects.unscoped("test").get(code=code)
    assert (row.overall, row.dimensions) == ("satisfied", {"attitude": "basic"})
    assert "sessionid" not in browser.cookies  # no session for the public
    again = browser.post(url, form | {"overall": "dissatisfied"})
    assert again.status_code == 409
    assert 'id="eval-refused"' in again.content.decode()
    assert _stored() == before + 1


def test_public_page_unknown_code_and_honeypot_show_on_the_form(county):
    point = fx.point(county)
    url = reverse("assess:eval-public", args=[point.public_key])
    browser = Client()
    response = browser.post(url, {"code": "ABCDEABCDE", "overall": "basic"})
    assert response.status_code == 200
    assert 'data-error-for="code"' in response.content.decode()
    response = browser.post(url, {"code": fx.code(county).code, "overall": "basic", "website": "x"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    response = browser.post(url, {"code": fx.code(county).code})
    assert 'data-error-for="overall"' in response.content.decode()
    assert _stored() == 0


def test_public_page_open_mode_device_cookie_once_a_month(county):
    point = fx.point(county, mode="open")
    url = reverse("assess:eval-public", args=[point.public_key])
    browser = Client()
    first = browser.get(url)
    assert 'name="code"' not in first.content.decode()
    assert rules.DEVICE_COOKIE in browser.cookies
    assert browser.post(url, {"overall": "satisfied"}).status_code == 303
    refused = browser.post(url, {"overall": "satisfied"})
    assert refused.status_code == 409 and "甲镇党委" in refused.content.decode()
    # Another device (its own cookie from opening the page) is counted.
    other = Client()
    other.get(url)
    assert other.post(url, {"overall": "basic"}).status_code == 303
    assert _stored() == 2


def test_closed_point_shows_no_form(county):
    point = fx.point(county, is_open=False)
    url = reverse("assess:eval-public", args=[point.public_key])
    page = Client().get(url).content.decode()
    assert 'id="eval-closed"' in page and 'id="eval-form"' not in page
    Client().post(url, {"code": fx.code(county).code, "overall": "basic"})
    assert _stored() == 0


def test_unknown_public_key_is_404(county):
    assert Client().get(reverse("assess:eval-public", args=["nope"])).status_code == 404


def test_qr_svg_holds_the_public_url_and_png_is_an_image(client, county, settings):
    settings.DANGJIAN_SITE_URL = ""  # no site address: the request's host
    point = fx.point(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:eval-qr", args=[county.township_a.pk])
    svg = client.get(url + "?format=svg")
    assert svg["Content-Type"] == "image/svg+xml"
    public = "http://testserver" + reverse("assess:eval-public", args=[point.public_key])
    assert public in svg.content.decode() and svg.content.startswith(b"<svg")
    png = client.get(url + "?format=png")
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG" and image.size[0] == image.size[1] > 100
    assert client.get(url + "?format=gif").status_code == 404


def test_poster_has_unit_qr_and_print_css(client, county):
    fx.point(county)
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:eval-poster", args=[county.township_a.pk]))
    text = page.content.decode()
    assert "甲镇党委" in text and "<svg" in text and "@page" in text and "A4" in text
    # Scalable: a viewBox and no fixed size, so CSS shrinks it on a phone instead of cropping.
    svg = text[text.index("<svg") : text.index(">", text.index("<svg"))]
    assert "viewBox=" in svg and "width=" not in svg


def test_codes_page_makes_codes_and_lists_slips_and_exports(client, county):
    fx.point(county)
    client.force_login(county.secretary_a)
    url = reverse("assess:eval-codes", args=[county.township_a.pk])
    month = fx.this_month().strftime("%Y-%m")
    response = client.post(url, {"count": 12, "period": month})
    assert response.status_code == 302
    codes = list(EvaluationCode.objects.unscoped("test").values_list("code", flat=True))
    assert len(codes) == 12
    page = client.get(url + f"?period={month}").content.decode()
    assert page.count('class="dj-slip"') == 12
    shown = codes[0][:5] + "-" + codes[0][5:]
    assert shown in page
    refused = client.post(url, {"count": 501, "period": month})
    assert refused.status_code == 200 and 'data-error-for="count"' in refused.content.decode()
    assert EvaluationCode.objects.unscoped("test").count() == 12
    export = reverse("assess:eval-codes-export", args=[county.township_a.pk])
    xlsx = client.get(export + f"?period={month}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    column = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(c.replace("-", "") for c in column) == sorted(codes)
    csv = client.get(export + f"?period={month}&format=csv")
    assert csv["Content-Type"].startswith("text/csv") and shown in csv.content.decode("utf-8-sig")
    # A used code leaves the slips.
    eval_submit_services.evaluation_submit(code=codes[0], overall="basic")
    page = client.get(url + f"?period={month}").content.decode()
    assert page.count('class="dj-slip"') == 11 and shown not in page


def test_results_counts_shares_and_dimensions(client, county):
    fx.point(county)
    for overall, dims in (
        ("satisfied", {"attitude": "satisfied", "efficiency": "basic"}),
        ("satisfied", {"attitude": "dissatisfied"}),
        ("basic", {}),
        ("dissatisfied", {"attitude": "satisfied"}),
    ):
        fx.evaluation(county, overall=overall, dimensions=dims)
    fx.evaluation(county, county.township_b, overall="satisfied")
    client.force_login(county.inspector_b)
    assert (
        client.get(reverse("assess:eval-results", args=[county.township_a.pk])).status_code == 404
    )
    client.force_login(county.dept_admin)
    page = client.get(reverse("assess:eval-results", args=[county.township_a.pk]))
    report = page.context["report"]
    assert (report.counts.count, report.counts.satisfied_or_basic) == (4, 3)
    text = page.content.decode()
    assert 'data-share="satisfied">50.0 %' in text and 'data-share="rate">75.0 %' in text
    dims = {key: counts for key, _label, counts in report.dimensions}
    assert (dims["attitude"].count, dims["attitude"].satisfied) == (3, 2)
    assert (dims["efficiency"].count, dims["efficiency"].basic) == (1, 1)
    assert dims["integrity"].count == 0


def test_moderation_queue_and_decision(client, county):
    row = fx.evaluation(county, comment="窗口人员态度好", contact="王")
    fx.evaluation(county, county.township_b, comment="乙镇意见")
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:eval-moderation")).content.decode()
    assert "窗口人员态度好" in page and "乙镇意见" not in page
    response = client.post(reverse("assess:eval-moderate", args=[row.pk]), {"decision": "approve"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.moderation == "approved"
    point = fx.point(county)
    public = Client().get(reverse("assess:eval-public", args=[point.public_key])).content.decode()
    assert "窗口人员态度好" in public and "王" not in public.split('id="eval-comments"')[1]


def test_setup_creates_the_point_then_shows_its_links(client, county):
    client.force_login(county.secretary_a)
    url = reverse("assess:eval-setup", args=[county.township_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"mode": "open", "is_open": "on", "intro": "欢迎评议"})
    assert response.status_code == 302
    point = EvaluationPoint.objects.unscoped("test").get()
    assert (point.org, point.mode, point.intro) == (county.township_a, "open", "欢迎评议")
    page = client.get(url).content.decode()
    assert point.public_key in page
    overview = client.get(reverse("assess:eval-overview")).content.decode()
    assert f'data-org="{county.township_a.pk}"' in overview
    client.force_login(county.inspector_b)
    assert client.get(reverse("assess:eval-setup", args=[county.township_b.pk])).status_code == 403
