"""Findings of the security review and the QA probe of 群众评议, each pinned: code mode refuses
codes of inactive units, of units without a point or in open mode, and of other months; codes
are made for this month and the next only; open mode counts a device by the cookie of an
earlier GET and the database keeps one vote per device; contacts masked without the personal
data right; month bounds (400 naming the field); the public key's shape; amplification;
IPv6 addresses counted by /64; the QR's site address; QA messages."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from dangjian.assess import eval_services as services
from dangjian.assess import eval_submit_services as submit
from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode
from dangjian.assess.tests import fixtures_eval as fx
from dangjian.orgs.models import Organization

PUBLIC = "/api/v1/public/evaluations"
SUMMARY = "/api/v1/assess/evaluations/summary"
CODES_API = "/api/v1/assess/evaluation-codes"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _stored() -> int:
    return Evaluation.objects.unscoped("test").count()


def _api(code: str, **extra):
    body = {"code": code, "overall": "satisfied"} | extra
    return Client().post(PUBLIC, body, content_type="application/json")


def _zh(text) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(str(text))


def _last_month() -> datetime.date:
    return (fx.this_month() - datetime.timedelta(days=1)).replace(day=1)


def _next_month() -> datetime.date:
    return (fx.this_month() + datetime.timedelta(days=32)).replace(day=1)


# ---- 1. code mode refuses what it should ----------------------------------------------------


def test_code_of_an_inactive_unit_is_refused(county):
    fx.point(county)
    code = fx.code(county)
    Organization.objects.unscoped("test").filter(pk=county.township_a.pk).update(is_active=False)
    assert _api(code.code).status_code == 403
    assert _stored() == 0


def test_code_of_a_unit_without_a_point_is_refused(county):
    code = fx.code(county)
    assert _api(code.code).status_code == 404
    assert _stored() == 0


def test_code_is_refused_while_the_point_is_in_open_mode(county):
    fx.point(county, mode="open")
    assert _api(fx.code(county).code).status_code == 403
    assert _stored() == 0


def test_code_of_a_past_month_is_refused_naming_its_month(county):
    fx.point(county)
    old = _last_month()
    response = _api(fx.code(county, period=old).code)
    assert response.status_code == 403
    assert old.strftime("%Y-%m") in response.json()["detail"]
    with pytest.raises(PermissionDenied) as refused:
        submit.evaluation_submit(code=fx.code(county, period=old).code, overall="basic")
    assert old.strftime("%Y-%m") in str(refused.value)
    assert _stored() == 0


def test_code_of_a_coming_month_waits_for_its_month(county):
    fx.point(county)
    coming = _next_month()
    response = _api(fx.code(county, period=coming).code)
    assert response.status_code == 403 and coming.strftime("%Y-%m") in response.json()["detail"]
    assert _stored() == 0


def test_code_month_grace_is_the_rules_number(county):
    today = datetime.date(2026, 3, 1)
    submit.check_code_month(datetime.date(2026, 3, 1), today)
    with pytest.raises(PermissionDenied):
        submit.check_code_month(datetime.date(2026, 1, 1), today)
    if rules.CODE_GRACE_DAYS == 0:
        with pytest.raises(PermissionDenied):
            submit.check_code_month(datetime.date(2026, 2, 1), today)
    else:
        submit.check_code_month(datetime.date(2026, 2, 1), today)


def test_public_page_of_an_inactive_unit_refuses_in_both_modes(county):
    for mode in ("open", "code"):
        EvaluationPointRows = fx.point(county, mode=mode).__class__.objects.unscoped("test")
        point = EvaluationPointRows.get()
        Organization.objects.unscoped("test").filter(pk=county.township_a.pk).update(
            is_active=False
        )
        url = reverse("assess:eval-public", args=[point.public_key])
        browser = Client()
        assert browser.get(url).status_code == 403
        assert browser.post(url, {"overall": "basic"}).status_code == 403
        assert _stored() == 0
        point.delete()
        Organization.objects.unscoped("test").filter(pk=county.township_a.pk).update(is_active=True)


def test_open_mode_service_refuses_an_inactive_unit(county):
    point = fx.point(county, mode="open")
    point.org.is_active = False
    with pytest.raises(PermissionDenied):
        submit.evaluation_submit(point=point, overall="basic", device_token="t", ip="10.0.0.1")
    assert _stored() == 0


# ---- 2. code generation: this month and next ------------------------------------------------


def test_codes_only_for_this_month_and_next(county):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_codes_create(
            actor=county.secretary_a, org=county.township_a, count=1, period=_last_month()
        )
    assert "period" in refused.value.message_dict
    assert not EvaluationCode.objects.unscoped("test").exists()
    for month in (fx.this_month(), _next_month()):
        services.evaluation_codes_create(
            actor=county.secretary_a, org=county.township_a, count=1, period=month
        )
    assert EvaluationCode.objects.unscoped("test").count() == 2


# ---- 3. open mode: the device cookie of an earlier GET --------------------------------------


def test_open_mode_post_without_the_page_cookie_is_refused_and_stores_nothing(county):
    point = fx.point(county, mode="open")
    url = reverse("assess:eval-public", args=[point.public_key])
    for _ in range(3):
        response = Client().post(url, {"overall": "dissatisfied"})
        assert response.status_code == 400
        assert _zh(services.ERRORS["no_device"]) in response.content.decode()
    assert _stored() == 0
    # The refusal set the cookie: opening the page again and sending works.
    browser = Client()
    browser.post(url, {"overall": "basic"})
    assert browser.post(url, {"overall": "basic"}).status_code == 303
    assert _stored() == 1


def test_open_mode_service_refuses_without_a_device_token(county):
    point = fx.point(county, mode="open")
    with pytest.raises(ValidationError):
        submit.evaluation_submit(point=point, overall="basic", device_token="", ip="10.0.0.1")
    assert _stored() == 0


def test_the_database_keeps_one_vote_per_device_unit_and_month(county):
    fx.evaluation(county, device_hash="abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        fx.evaluation(county, device_hash="abc")
    # Rows without a device (code mode) are not limited; another month is another vote.
    fx.evaluation(county)
    fx.evaluation(county)
    fx.evaluation(county, device_hash="abc", period=_last_month())
    assert _stored() == 4


def test_per_address_limit_counts_before_inserting(county):
    point = fx.point(county, mode="open")
    key = f"assess-eval-open:{point.pk}:{submit.keyed_hash('ip', '10.0.0.5')}:{submit._hour()}"
    cache.set(key, rules.OPEN_PER_IP_PER_HOUR, 3600)
    with pytest.raises(submit.TooManyAttempts):
        submit.evaluation_submit(point=point, overall="basic", device_token="d1", ip="10.0.0.5")
    assert _stored() == 0


@pytest.mark.django_db(transaction=True)
def test_same_device_simultaneously_stores_one(county):
    if connection.vendor != "postgresql":
        pytest.skip("simultaneous requests need PostgreSQL (DATABASE_URL=postgresql://...)")
    point = fx.point(county, mode="open")
    url = reverse("assess:eval-public", args=[point.public_key])
    first = Client()
    first.get(url)
    cookie = first.cookies[rules.DEVICE_COOKIE].value
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def vote():
        try:
            browser = Client()
            browser.cookies[rules.DEVICE_COOKIE] = cookie
            barrier.wait()
            statuses.append(browser.post(url, {"overall": "basic"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303] + [409] * 5, statuses
    assert _stored() == 1


# ---- 4. contacts ----------------------------------------------------------------------------


def test_moderation_masks_the_contact_without_the_personal_data_right(client, county):
    fx.evaluation(county, comment="请回电话", contact="13800138000")
    client.force_login(county.secretary_a)
    page = client.get(reverse("assess:eval-moderation")).content.decode()
    assert "13800138000" not in page and "8000" in page and "***" in page
    client.force_login(county.superuser)
    assert "13800138000" in client.get(reverse("assess:eval-moderation")).content.decode()


def test_a_contact_without_a_comment_is_not_stored(county):
    fx.point(county)
    row = submit.evaluation_submit(code=fx.code(county).code, overall="basic", contact="138")
    assert row.contact == ""
    assert Evaluation.objects.unscoped("test").get().contact == ""
    page = Client().get(
        reverse("assess:eval-public", args=[fx.point(county, org=county.township_b).public_key])
    )
    assert _zh("Only with a comment, if you would like an answer; it is never shown.") in (
        page.content.decode()
    )


# ---- 5. months and the public key -----------------------------------------------------------


@pytest.mark.parametrize("period", ["0000-01", "0999-12", "9999-12"])
def test_out_of_range_months_are_400_naming_the_field(client, county, period):
    fx.point(county)
    client.raise_request_exception = False
    client.force_login(county.secretary_a)
    ta = county.township_a.pk
    for name, args in (
        ("eval-results", [ta]),
        ("eval-overview", []),
        ("eval-codes", [ta]),
        ("eval-codes-export", [ta]),
    ):
        response = client.get(reverse(f"assess:{name}", args=args), {"period": period})
        assert response.status_code == 400, (name, response.status_code)
        assert "YYYY-MM" in response.content.decode() and "period" in response.content.decode()
    summary = client.get(SUMMARY, {"period": period})
    assert summary.status_code == 400 and "period" in summary.json()
    api = client.post(
        CODES_API, {"org": ta, "count": 1, "period": period}, content_type="application/json"
    )
    assert api.status_code == 400 and "period" in api.json()
    page = client.post(reverse("assess:eval-codes", args=[ta]), {"count": 1, "period": period})
    assert page.status_code == 200 and "YYYY-MM" in page.content.decode()
    assert not EvaluationCode.objects.unscoped("test").exists()


def test_codes_page_month_error_says_yyyy_mm(client, county):
    client.force_login(county.secretary_a)
    url = reverse("assess:eval-codes", args=[county.township_a.pk])
    page = client.post(url, {"count": 1, "period": "2026-13"}).content.decode()
    assert "YYYY-MM" in page and "2026-11" in page
    assert "有效的日期" not in page
    assert not EvaluationCode.objects.unscoped("test").exists()


@pytest.mark.parametrize("path", ["/assess/e/ab\x00cd", "/assess/e/ab.cd", "/assess/e/" + "a" * 44])
def test_public_key_of_another_shape_never_reaches_the_database(path):
    with pytest.raises(Resolver404):
        resolve(path)
    with pytest.raises(Resolver404):
        resolve(path + "/thanks")


def test_nul_in_the_public_key_is_404(county):
    fx.point(county)
    assert Client().get("/assess/e/ab%00cd").status_code == 404
    assert Client().get("/assess/e/ab%00cd/thanks").status_code == 404


# ---- 6. amplification -----------------------------------------------------------------------


def test_many_unknown_dimensions_refused_naming_at_most_three(county):
    fx.point(county)
    dims = {f"k{i:04d}" + "x" * 10: "" for i in range(200)}
    response = Client().post(
        PUBLIC,
        {"code": fx.code(county).code, "overall": "basic", "dimensions": dims},
        content_type="application/json",
    )
    assert response.status_code == 400
    text = " ".join(response.json()["dimensions"])
    assert text.count("xxxxxxxxxx") <= 3 and len(response.content) < 1000
    assert _stored() == 0


def test_public_api_body_over_the_limit_is_413(county):
    fx.point(county)
    response = _api(fx.code(county).code, comment="x" * (rules.PUBLIC_BODY_MAX_BYTES + 1))
    assert response.status_code == 413
    assert _stored() == 0


# ---- 7. IPv6 by /64 -------------------------------------------------------------------------


def test_ipv6_addresses_of_one_64_share_the_guessing_counter(county):
    fx.point(county)
    for i in range(rules.FAILED_CODES_PER_HOUR):
        with pytest.raises(EvaluationCode.DoesNotExist):
            submit.evaluation_submit(code="WRONGWRONG", overall="basic", ip=f"2001:db8::{i + 1:x}")
    with pytest.raises(submit.TooManyAttempts):
        submit.evaluation_submit(code="WRONGWRONG", overall="basic", ip="2001:db8::ffff:1")
    # Another /64 and IPv4 addresses count alone.
    good = fx.code(county)
    submit.evaluation_submit(code=good.code, overall="basic", ip="2001:db8:0:1::1")
    assert submit.address_key("10.0.0.1") != submit.address_key("10.0.0.2")
    assert submit.address_key("2001:db8::1") == "2001:db8::/64"


# ---- 8. the QR code's address ---------------------------------------------------------------


def test_qr_and_poster_use_the_site_url_when_set(client, county, settings):
    settings.DANGJIAN_SITE_URL = "https://dj.example.gov.cn/"
    point = fx.point(county)
    client.force_login(county.secretary_a)
    path = reverse("assess:eval-public", args=[point.public_key])
    qr = client.get(reverse("assess:eval-qr", args=[county.township_a.pk]) + "?format=svg")
    assert f"https://dj.example.gov.cn{path}" in qr.content.decode()
    poster = client.get(reverse("assess:eval-poster", args=[county.township_a.pk]))
    assert f"https://dj.example.gov.cn{path}" in poster.content.decode()
    assert "testserver" not in poster.content.decode()


# ---- 9. QA ----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [{}, {"decision": "junk"}])
def test_moderate_without_a_decision_says_so_and_changes_nothing(client, county, data):
    row = fx.evaluation(county, comment="请公开")
    client.force_login(county.secretary_a)
    response = client.post(reverse("assess:eval-moderate", args=[row.pk]), data, follow=True)
    assert _zh(services.ERRORS["decision"]) in response.content.decode()
    row.refresh_from_db()
    assert row.moderation == "pending" and row.moderated_by is None


@pytest.mark.parametrize("query", ["", "?org=", "?org=abc", "?org=-1", "?org=1e9"])
def test_setup_start_without_a_unit_asks_to_choose_one(client, county, query):
    client.force_login(county.secretary_a)
    response = client.get(reverse("assess:eval-setup-start") + query, follow=True)
    assert response.status_code == 200
    assert _zh("Choose a unit to set up its evaluation point.") in response.content.decode()


def test_overview_empty_list_is_left_aligned_on_a_phone(client, county):
    client.force_login(county.member_a)
    page = client.get(reverse("assess:eval-overview")).content.decode()
    cell = page.split('colspan="5"', 1)[1].split(">", 1)[0]
    assert "text-start" in cell and "d-block" in cell
