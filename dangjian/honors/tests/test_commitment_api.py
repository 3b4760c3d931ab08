"""/api/v1/honors/commitments and /posts: the contract's paths and keys, 400 naming the field,
403/404 by reach, nothing partial; the public endpoint needs no login."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.honors.models import Commitment, CommitmentUpdate, Post
from dangjian.honors.tests import fixtures_commitment as fx

DECEMBER_NOON = datetime.datetime(2026, 12, 5, 4, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def no_throttle_carryover():
    cache.clear()


def _json(client, method: str, url: str, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def test_member_writes_edits_publishes_and_reports_progress(client, county):
    client.force_login(county.member_a)
    year = timezone.localdate().year
    url = reverse("api:honors-commitment-list")
    created = _json(client, "post", url, {"year": year, "title": "帮扶两户困难群众"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["person"], body["person_name"], body["status"], body["org"]) == (
        county.person_a.pk,
        "张甲",
        "draft",
        county.village_a1.pk,
    )
    detail = reverse("api:honors-commitment-detail", args=[body["id"]])
    patched = _json(client, "patch", detail, {"detail": "每月走访一次"})
    assert patched.status_code == 200 and patched.json()["detail"] == "每月走访一次"
    assert patched.json()["title"] == "帮扶两户困难群众"
    published = _json(client, "post", reverse("api:honors-commitment-publish", args=[body["id"]]))
    assert published.json()["status"] == "published"
    refused = _json(client, "patch", detail, {"title": "改一改标题"})
    assert refused.status_code == 400
    progress = _json(
        client,
        "post",
        reverse("api:honors-commitment-updates", args=[body["id"]]),
        {"date": timezone.localdate().isoformat(), "text": "走访一户"},
    )
    assert progress.status_code == 201 and len(progress.json()["updates"]) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "帮扶两户困难群众"}, "year"),
        ({"year": 2026, "title": "帮扶两户困难群众", "colour": "red"}, "colour"),
        ({"year": 2026, "title": "帮扶"}, "title"),
        ({"year": 1999, "title": "帮扶两户困难群众"}, "year"),
        ({"year": 2026, "title": "帮扶两户困难群众", "due": "soon"}, "due"),
    ],
)
def test_bad_payloads_name_the_field(client, county, payload, field):
    with time_machine.travel(DECEMBER_NOON, tick=False):
        client.force_login(county.member_a)
        response = _json(client, "post", reverse("api:honors-commitment-list"), payload)
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Commitment.objects.unscoped("test").exists()


def test_reach_404_and_403(client, county):
    row = fx.commitment(county, person=county.person_a)
    client.force_login(county.secretary_b)
    assert client.get(reverse("api:honors-commitment-detail", args=[row.pk])).status_code == 404
    created = _json(
        client,
        "post",
        reverse("api:honors-commitment-list"),
        {
            "year": timezone.localdate().year,
            "title": "帮扶两户困难群众",
            "person": county.person_a.pk,
        },
    )
    assert created.status_code == 404
    client.force_login(county.member_a)
    evaluated = _json(
        client,
        "post",
        reverse("api:honors-commitment-evaluate", args=[row.pk]),
        {"verdict": "kept"},
    )
    assert evaluated.status_code == 403
    listed = client.get(reverse("api:honors-commitment-list")).json()
    assert [item["id"] for item in listed["results"]] == [row.pk]
    fx.commitment(county, org=county.village_a1, title="支部承诺")  # not the member's
    assert client.get(reverse("api:honors-commitment-list")).json()["count"] == 1
    assert Commitment.objects.unscoped("test").filter(status="evaluated").count() == 0


def test_evaluate_in_december_with_the_verdict_named(client, county):
    row = fx.commitment(county, person=county.person_a, year=2026)
    url = reverse("api:honors-commitment-evaluate", args=[row.pk])
    with time_machine.travel(DECEMBER_NOON, tick=False):
        client.force_login(county.secretary_a)
        bad = _json(client, "post", url, {"verdict": "excellent"})
        assert bad.status_code == 400 and list(bad.json()) == ["verdict"]
        good = _json(client, "post", url, {"verdict": "partly", "note": "完成一半"})
    assert good.status_code == 200
    assert (good.json()["verdict"], good.json()["status"]) == ("partly", "evaluated")


def test_posts_are_defined_and_reassigned_in_one_patch(client, county):
    client.force_login(county.secretary_a)
    created = _json(
        client,
        "post",
        reverse("api:honors-post-list"),
        {
            "org": county.village_a1.pk,
            "title": "政策宣传岗",
            "duties": "宣传惠民政策",
            "demonstration": True,
            "person": county.person_a.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["person_name"], body["since"]) == ("张甲", timezone.localdate().isoformat())
    detail = reverse("api:honors-post-detail", args=[body["id"]])
    outsider = make_person(county.superuser, county.township_a, "镇机关党员")
    # The title and an impossible holder together: neither is saved.
    refused = _json(client, "patch", detail, {"title": "新名字", "person": outsider.pk})
    assert refused.status_code == 400 and list(refused.json()) == ["person"]
    post = Post.objects.unscoped("test").get()
    assert (post.title, post.person_id) == ("政策宣传岗", county.person_a.pk)
    vacated = _json(client, "patch", detail, {"person": None})
    assert vacated.status_code == 200 and vacated.json()["person"] is None
    client.force_login(county.member_a)
    assert _json(client, "patch", detail, {"title": "新名字"}).status_code == 404  # not theirs now
    assert CommitmentUpdate.objects.unscoped("test").count() == 0


def test_public_endpoint_needs_no_login(client, county):
    fx.commitment(county, person=county.person_b, title="乙镇公开承诺")
    response = client.get(reverse("api:public-org-commitments", args=[county.village_b1.pk]))
    assert response.status_code == 200
    assert response.json()["commitments"][0]["person_name"] == "李乙"
