"""群众评议 services: codes (rights, bounds, alphabet, one audit row per batch), the public
submit in code mode (reuse, unknown, the code's period, another unit's code, a closed point,
guessing), open mode (device once a month, the per-address limit, the honeypot), bad
answers (each field named, nothing stored), points and moderation."""

from __future__ import annotations

import datetime
import math

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangjian.assess import eval_selectors as selectors
from dangjian.assess import eval_services as services
from dangjian.assess import eval_submit_services as submit
from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.assess.tests import fixtures_eval as fx
from dangjian.orgs.models import AuditEntry


@pytest.fixture(autouse=True)
def _fresh_cache_in_english():
    cache.clear()
    with translation.override("en"):  # the messages are read in English here
        yield
    cache.clear()


def _evaluations():
    return Evaluation.objects.unscoped("test")


def _codes():
    return EvaluationCode.objects.unscoped("test")


def _audits(action):
    return AuditEntry.objects.unscoped("test").filter(action=action)


# ---- codes ---------------------------------------------------------------------------------


def test_codes_are_unique_unambiguous_long_enough_and_audited_once(county):
    rows = services.evaluation_codes_create(
        actor=county.secretary_a, org=county.township_a, count=200, period=fx.this_month()
    )
    codes = [row.code for row in rows]
    assert len(set(codes)) == 200 == _codes().filter(org=county.township_a).count()
    assert all(len(code) == rules.CODE_LENGTH for code in codes)
    assert not set("".join(codes)) & set("01OIL")
    assert set("".join(codes)) <= set(rules.CODE_ALPHABET)
    assert rules.CODE_LENGTH * math.log2(len(rules.CODE_ALPHABET)) >= 40
    (entry,) = _audits("assess.evaluation_codes_create")
    assert entry.data["count"] == 200 and entry.actor == county.secretary_a
    assert entry.org_path == county.township_a.path


@pytest.mark.parametrize("count", [0, rules.MAX_CODES_PER_REQUEST + 1])
def test_code_count_out_of_bounds_is_refused_naming_the_bound(county, count):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_codes_create(
            actor=county.secretary_a, org=county.township_a, count=count, period=fx.this_month()
        )
    assert "500" in refused.value.message_dict["count"][0]
    assert not _codes().exists() and not _audits("assess.evaluation_codes_create").exists()


def test_codes_for_a_month_out_of_range_are_refused(county):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_codes_create(
            actor=county.secretary_a,
            org=county.township_a,
            count=5,
            period=datetime.date(2001, 1, 1),
        )
    assert "period" in refused.value.message_dict
    assert not _codes().exists()


def test_codes_need_change_at_the_unit(county):
    # The inspector sees township B but may not change it: 403 with the reason.
    with pytest.raises(PermissionDenied, match="乙镇党委"):
        services.evaluation_codes_create(
            actor=county.inspector_b, org=county.township_b, count=1, period=fx.this_month()
        )
    # Township B's secretary does not see township A: as if it did not exist.
    with pytest.raises(type(county.township_a).DoesNotExist):
        services.evaluation_codes_create(
            actor=county.secretary_b, org=county.township_a, count=1, period=fx.this_month()
        )
    assert not _codes().exists()


def test_codes_display_and_typing_normalized():
    assert services.display_code("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert services.normalize_code(" abcde-fghjk ") == "ABCDEFGHJK"


# ---- code mode -----------------------------------------------------------------------------


def test_a_code_counts_once_and_the_second_use_stores_nothing(county):
    fx.point(county)
    code = fx.code(county)
    row = submit.evaluation_submit(
        code=code.code.lower(), overall="basic", dimensions={"attitude": "satisfied"}
    )
    assert (row.org, row.period, row.overall, row.code) == (
        county.township_a,
        fx.this_month(),
        "basic",
        code,
    )
    assert row.dimensions == {"attitude": "satisfied"} and row.moderation == ""
    assert row.device_hash == "" and row.ip_hash == ""
    with pytest.raises(submit.AlreadyUsed) as refused:
        submit.evaluation_submit(code=code.code, overall="dissatisfied", comment="再投一次")
    assert "already been used" in str(refused.value.message)
    assert _evaluations().count() == 1
    assert _evaluations().get().overall == "basic"
    # No audit row per vote: votes are anonymous, not actor actions.
    assert not AuditEntry.objects.unscoped("test").filter(action__contains="evaluation").exists()


def test_an_unknown_code_is_not_found_and_counts_as_a_failed_attempt(county):
    with pytest.raises(EvaluationCode.DoesNotExist):
        submit.evaluation_submit(code="ZZZZZZZZZZ", overall="satisfied", ip="10.0.0.9")
    assert not _evaluations().exists()


def test_guessing_is_stopped_after_the_hourly_number_of_failures(county):
    fx.point(county)
    good = fx.code(county)
    for _ in range(rules.FAILED_CODES_PER_HOUR):
        with pytest.raises(EvaluationCode.DoesNotExist):
            submit.evaluation_submit(code="WRONGWRONG", overall="satisfied", ip="10.0.0.7")
    with pytest.raises(submit.TooManyAttempts):
        submit.evaluation_submit(code=good.code, overall="satisfied", ip="10.0.0.7")
    # Another address is not affected.
    submit.evaluation_submit(code=good.code, overall="satisfied", ip="10.0.0.8")
    assert _evaluations().count() == 1


def test_a_point_form_takes_only_its_own_units_codes(county):
    point_b = fx.point(county, county.township_b)
    code_a = fx.code(county)
    with pytest.raises(EvaluationCode.DoesNotExist):
        submit.evaluation_submit(code=code_a.code, point=point_b, overall="satisfied")
    assert not _evaluations().exists()


def test_a_closed_point_refuses_its_codes(county):
    fx.point(county, is_open=False)
    with pytest.raises(PermissionDenied, match="not accepting"):
        submit.evaluation_submit(code=fx.code(county).code, overall="satisfied")
    assert not _evaluations().exists()


def test_a_comment_waits_for_moderation(county):
    fx.point(county)
    row = submit.evaluation_submit(
        code=fx.code(county).code, overall="dissatisfied", comment=" 办事要跑三趟 ", contact="张"
    )
    assert (row.comment, row.contact, row.moderation) == ("办事要跑三趟", "张", "pending")


# ---- bad answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ({"overall": "great"}, "overall", "satisfied"),
        (
            {"dimensions": {"speed": "satisfied", "attitude": "basic", "zz": "x"}},
            "dimensions",
            "speed, zz",
        ),
        ({"dimensions": {"attitude": "so-so"}}, "dimensions", "attitude"),
        ({"dimensions": ["attitude"]}, "dimensions", "object"),
        ({"comment": "很" * (rules.COMMENT_MAX_CHARS + 1)}, "comment", "501"),
        ({"contact": "1" * (rules.CONTACT_MAX_CHARS + 1)}, "contact", "61"),
    ],
)
def test_bad_answers_are_refused_naming_the_field_and_nothing_is_stored(
    county, answers, field, words
):
    fx.point(county)
    code = fx.code(county)
    with pytest.raises(ValidationError) as refused:
        submit.evaluation_submit(code=code.code, **({"overall": "satisfied"} | answers))
    assert words in " ".join(refused.value.message_dict[field])
    assert not _evaluations().exists()
    # The code is still good.
    submit.evaluation_submit(code=code.code, overall="satisfied")


def test_the_honeypot_is_refused_plainly(county):
    with pytest.raises(ValidationError) as refused:
        submit.evaluation_submit(
            code=fx.code(county).code, overall="satisfied", honeypot="http://spam"
        )
    assert "could not be accepted" in refused.value.messages[0]
    assert not _evaluations().exists()


# ---- open mode -----------------------------------------------------------------------------


def test_open_mode_one_evaluation_per_device_and_month(county):
    point = fx.point(county, mode="open")
    row = submit.evaluation_submit(
        point=point, overall="satisfied", device_token="device-1", ip="10.1.1.1"
    )
    assert row.period == fx.this_month() and row.code is None
    assert len(row.device_hash) == 64 and "device-1" not in row.device_hash
    assert len(row.ip_hash) == 64 and "10.1.1.1" not in row.ip_hash
    with pytest.raises(submit.AlreadyUsed, match="this month"):
        submit.evaluation_submit(
            point=point, overall="dissatisfied", device_token="device-1", ip="10.1.1.2"
        )
    submit.evaluation_submit(point=point, overall="basic", device_token="device-2", ip="10.1.1.1")
    assert _evaluations().count() == 2


def test_open_mode_limits_each_address_per_hour(county):
    point = fx.point(county, mode="open")
    for n in range(rules.OPEN_PER_IP_PER_HOUR):
        submit.evaluation_submit(
            point=point, overall="satisfied", device_token=f"d{n}", ip="10.2.2.2"
        )
    with pytest.raises(submit.TooManyAttempts):
        submit.evaluation_submit(
            point=point, overall="satisfied", device_token="one-more", ip="10.2.2.2"
        )
    assert _evaluations().count() == rules.OPEN_PER_IP_PER_HOUR


def test_open_mode_needs_an_open_mode_point(county):
    point = fx.point(county, mode="code")
    with pytest.raises(ValidationError) as refused:
        submit.evaluation_submit(point=point, overall="satisfied", device_token="d")
    assert "code" in refused.value.message_dict
    assert not _evaluations().exists()


# ---- points and moderation -----------------------------------------------------------------


def test_point_set_up_then_changed_audited_key_kept(county):
    point = services.point_save(actor=county.secretary_a, org=county.township_a, mode="code")
    assert len(point.public_key) >= 20
    key = point.public_key
    point = services.point_save(
        actor=county.secretary_a, org=county.township_a, mode="open", is_open=False, intro="请评"
    )
    assert (point.public_key, point.mode, point.is_open) == (key, "open", False)
    assert EvaluationPoint.objects.unscoped("test").count() == 1
    (entry,) = _audits("assess.evaluation_point_update")
    assert entry.data["changes"]["mode"] == ["code", "open"]
    assert _audits("assess.evaluation_point_create").count() == 1


def test_point_refused_outside_change_rights_and_with_bad_fields(county):
    with pytest.raises(PermissionDenied):
        services.point_save(actor=county.inspector_b, org=county.township_b)
    with pytest.raises(ValidationError) as refused:
        services.point_save(
            actor=county.secretary_a,
            org=county.township_a,
            mode="mail",
            intro="长" * (rules.INTRO_MAX_CHARS + 1),
        )
    assert set(refused.value.message_dict) == {"mode", "intro"}
    assert not EvaluationPoint.objects.unscoped("test").exists()


def test_moderation_shows_only_approved_comments(county):
    point = fx.point(county)
    shown = fx.evaluation(county, comment="窗口服务热情")
    hidden = fx.evaluation(county, comment="广告内容")
    services.evaluation_moderate(actor=county.secretary_a, evaluation=shown, decision="approve")
    services.evaluation_moderate(actor=county.secretary_a, evaluation=hidden, decision="reject")
    assert [row.comment for row in selectors.approved_comments(point)] == ["窗口服务热情"]
    assert _audits("assess.evaluation_moderate").count() == 2
    shown.refresh_from_db()
    assert shown.moderated_by == county.secretary_a and shown.moderated_at


def test_moderation_needs_change_rights_and_a_decision(county):
    row = fx.evaluation(county, comment="意见")
    with pytest.raises(Evaluation.DoesNotExist):
        services.evaluation_moderate(actor=county.secretary_b, evaluation=row, decision="approve")
    with pytest.raises(ValidationError):
        services.evaluation_moderate(actor=county.secretary_a, evaluation=row, decision="maybe")
    row.refresh_from_db()
    assert row.moderation == "pending"


def test_open_mode_month_follows_shanghai_and_a_new_month_counts_again(county):
    import time_machine

    point = fx.point(county, mode="open")
    # 31 January 16:30 UTC is 1 February 00:30 in Asia/Shanghai: February's evaluation.
    with time_machine.travel(datetime.datetime(2026, 1, 31, 16, 30, tzinfo=datetime.UTC)):
        row = submit.evaluation_submit(point=point, overall="basic", device_token="phone")
        with pytest.raises(submit.AlreadyUsed):
            submit.evaluation_submit(point=point, overall="basic", device_token="phone")
    assert row.period == datetime.date(2026, 2, 1)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 1, 0, tzinfo=datetime.UTC)):
        again = submit.evaluation_submit(point=point, overall="satisfied", device_token="phone")
    assert again.period == datetime.date(2026, 3, 1)
    assert _evaluations().count() == 2
