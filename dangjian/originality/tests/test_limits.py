"""Checks per user and hour, and runs of probing checks: refused with the reason, audited,
nothing filed; a probe is reported to the county administrators."""

import pytest
from django.urls import reverse

from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.originality import limits
from dangjian.originality.models import Check, Submission
from dangjian.originality.tests.texts import cjk

NEW = reverse("originality:check-new")
API = reverse("api:check-list")
HIDDEN = cjk(40, seed=120)  # what a prober rebuilds a character per check


def _page(client, county, text, capture):
    with capture(execute=True):
        return client.post(NEW, {"org": county.village_a1.pk, "title": "t", "text": text})


def _refusals(reason: str) -> list[AuditEntry]:
    entries = AuditEntry.objects.unscoped("test").filter(action=limits.REFUSED)
    return [entry for entry in entries if entry.data["reason"] == reason]


def test_checks_per_hour_are_limited_on_the_page(
    client, county, settings, django_capture_on_commit_callbacks
):
    settings.DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR = 3
    client.force_login(county.secretary_a)
    for seed in range(3):
        response = _page(client, county, cjk(300, seed=seed), django_capture_on_commit_callbacks)
        assert response.status_code == 302
    response = _page(client, county, cjk(300, seed=9), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "最近一小时内您已申请 3 次检测" in response.content.decode()
    assert Submission.objects.unscoped("test").count() == Check.objects.unscoped("test").count()
    assert Check.objects.unscoped("test").count() == 3
    (entry,) = _refusals("rate")
    assert entry.actor == county.secretary_a and entry.org_path == county.village_a1.path
    # Another reviewer has an hour of their own.
    client.force_login(county.secretary_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"org": county.village_b1.pk, "text": cjk(300, seed=10)})
    assert response.status_code == 302


def test_checks_per_hour_are_limited_in_the_api(client, county, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR = 1
    client.force_login(county.secretary_a)
    payload = {"org": county.village_a1.pk, "text": cjk(300, seed=11)}
    assert client.post(API, payload, content_type="application/json").status_code == 201
    payload["text"] = cjk(300, seed=12)
    response = client.post(API, payload, content_type="application/json")
    assert response.status_code == 429
    assert "最近一小时内您已申请 1 次检测" in response.json()["detail"]
    assert Submission.objects.unscoped("test").count() == 1 and len(_refusals("rate")) == 1


def test_probing_run_is_refused_and_reported(client, county, django_capture_on_commit_callbacks):
    client.force_login(county.secretary_a)
    # A character more each time: 13, 14, … characters of the hidden text plus a guess.
    for n in range(limits.rules.PROBE_RUN):
        response = _page(
            client, county, HIDDEN[: 13 + n] + "党", django_capture_on_commit_callbacks
        )
        assert response.status_code == 302
    response = _page(client, county, HIDDEN[:18] + "党", django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert "疑似在试探其他组织的文本" in response.content.decode()
    assert Submission.objects.unscoped("test").count() == limits.rules.PROBE_RUN
    assert len(_refusals("probe")) == 1
    (notice,) = Notice.objects.all()
    assert notice.recipient == county.dept_admin and "secretary_a" in notice.subject
    alert = AuditEntry.objects.unscoped("test").get(action=limits.PROBE_ALERT)
    assert alert.actor == county.secretary_a
    # Again within the hour: refused and audited, the administrators told once.
    response = _page(client, county, HIDDEN[:19] + "党", django_capture_on_commit_callbacks)
    assert response.status_code == 403 and len(_refusals("probe")) == 2
    assert Notice.objects.count() == 1
    # A real text (long) still goes through, and so does the API's answer for it.
    assert (
        _page(client, county, cjk(400, seed=13), django_capture_on_commit_callbacks).status_code
        == 302
    )


def test_unrelated_short_texts_are_not_a_probe(client, county, django_capture_on_commit_callbacks):
    client.force_login(county.secretary_a)
    for seed in range(limits.rules.PROBE_RUN + 2):
        response = _page(
            client, county, cjk(30, seed=200 + seed), django_capture_on_commit_callbacks
        )
        assert response.status_code == 302
    assert not _refusals("probe") and not Notice.objects.exists()


@pytest.mark.parametrize("persona", ["secretary_a"])
def test_probe_through_the_api_is_refused(client, county, persona):
    from django.core.cache import cache

    cache.clear()
    client.force_login(county.personas()[persona])
    for n in range(limits.rules.PROBE_RUN + 1):
        payload = {"org": county.village_a1.pk, "text": HIDDEN[: 13 + n]}
        response = client.post(API, payload, content_type="application/json")
    assert response.status_code == 403 and "试探" in response.json()["detail"]
    assert Submission.objects.unscoped("test").count() == limits.rules.PROBE_RUN
