"""The public page of an organization (no login) shows only published commitments, their
progress and verdicts, and demonstration posts held by active members — member names and
nothing else of a person; the member writes and publishes a commitment through the pages;
the overview counts per organization."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from dangjian.honors.models import Commitment
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.orgs.models import Organization, Person

DECEMBER_NOON = datetime.datetime(2026, 12, 5, 4, tzinfo=datetime.UTC)


def _public(client, org) -> str:
    response = client.get(reverse("honors:commitment-public", args=[org.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_shows_published_items_and_demonstration_posts_only(client, county):
    shown = fx.commitment(county, person=county.person_a, title="公开的承诺事项")
    fx.update(shown, text="三月走访一户")
    fx.commitment(county, org=county.village_a1, title="支部自身承诺", verdict="kept")
    fx.commitment(county, person=county.person_a, title="尚未公开草稿", status="draft")
    fx.commitment(county, org=county.township_a, title="镇党委的承诺")  # another organization
    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    fx.post(county, person=county.person_a, title="普通岗位", demonstration=False)
    fx.post(county, person=None, title="空缺示范岗")
    fx.post(county, person=county.person_a, title="停用示范岗", active=False)
    page = _public(client, county.village_a1)  # anonymous
    for text in ("公开的承诺事项", "三月走访一户", "支部自身承诺", "政策宣传示范岗", "张甲"):
        assert text in page, text
    for text in ("尚未公开草稿", "镇党委的承诺", "普通岗位", "空缺示范岗", "停用示范岗"):
        assert text not in page, text
    # Nothing of the person but the name: no phone, ID card, birth date, party status.
    for secret in ("13800138000", "11010519491231002X", "1949", "138****"):
        assert secret not in page, secret


def test_public_page_is_empty_for_an_active_organization_and_404_for_an_inactive_one(
    client, county
):
    fx.commitment(county, person=county.person_b, title="乙镇承诺", status="draft")
    url = reverse("honors:commitment-public", args=[county.village_b1.pk])
    api_url = reverse("api:public-org-commitments", args=[county.village_b1.pk])
    # A draft only: nothing published yet — the page says so, under the organization's name.
    page = _public(client, county.village_b1)
    assert 'id="public-empty"' in page and "尚未公开承诺或党员示范岗。" in page
    assert "乙一村党支部" in page and "乙镇承诺" not in page
    api = client.get(api_url)
    assert api.status_code == 200
    assert (api.json()["commitments"], api.json()["demonstration_posts"]) == ([], [])
    fx.commitment(county, person=county.person_b, title="乙镇公开承诺")
    page = _public(client, county.village_b1)
    assert "乙镇公开承诺" in page and 'id="public-empty"' not in page
    Organization.objects.unscoped("test").filter(pk=county.village_b1.pk).update(is_active=False)
    assert client.get(url).status_code == 404
    assert client.get(api_url).status_code == 404
    assert client.get(reverse("honors:commitment-public", args=[999999])).status_code == 404
    unknown = client.get(reverse("api:public-org-commitments", args=[999999]))
    assert unknown.status_code == 404


def test_public_api_holds_names_only(client, county):
    row = fx.commitment(county, person=county.person_a, title="公开的承诺事项", verdict="partly")
    fx.update(row)
    fx.post(county, person=county.person_a)
    fx.post(county, person=county.person_a, title="普通岗位", demonstration=False)
    response = client.get(reverse("api:public-org-commitments", args=[county.village_a1.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["org_name"] == "甲一村党支部"
    (item,) = body["commitments"]
    assert set(item) == {
        "id", "year", "title", "detail", "due", "person_name", "status", "verdict",
        "evaluation_note", "updates",
    }  # fmt: skip
    assert (item["person_name"], item["verdict"], len(item["updates"])) == ("张甲", "partly", 1)
    assert [post["title"] for post in body["demonstration_posts"]] == ["政策宣传岗"]
    assert "13800138000" not in response.content.decode()


def test_a_member_who_left_is_no_longer_named_on_the_public_page(client, county):
    fx.commitment(county, org=county.village_a1, title="支部公开承诺")  # the organization's own
    row = fx.commitment(county, person=county.person_a, title="公开的承诺事项")
    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    page = _public(client, county.village_a1)
    assert "公开的承诺事项" in page and "政策宣传示范岗" in page and county.person_a.name in page
    Person.objects.unscoped("test").filter(pk=county.person_a.pk).update(is_active=False)
    page = _public(client, county.village_a1)
    assert "支部公开承诺" in page
    assert "公开的承诺事项" not in page and "政策宣传示范岗" not in page
    assert county.person_a.name not in page
    # The ledger keeps the item for the staff.
    client.force_login(county.secretary_a)
    detail = client.get(reverse("honors:commitment-detail", args=[row.pk]))
    assert detail.status_code == 200 and "公开的承诺事项" in detail.content.decode()


def test_a_member_transferred_out_is_no_longer_named_on_the_old_orgs_page(client, county):
    fx.commitment(county, org=county.village_a1, title="支部公开承诺")
    fx.commitment(county, person=county.person_a, title="公开的承诺事项")
    fx.post(county, org=county.township_a, person=county.person_a, title="镇级示范岗")
    # Active, but now a member of village B1: out of village A1's (and township A's) subtree.
    Person.objects.unscoped("test").filter(pk=county.person_a.pk).update(
        primary_org=county.village_b1
    )
    page = _public(client, county.village_a1)
    assert "支部公开承诺" in page and "公开的承诺事项" not in page
    assert county.person_a.name not in page
    response = client.get(reverse("api:public-org-commitments", args=[county.village_a1.pk]))
    assert "公开的承诺事项" not in response.content.decode()
    # Township A's page had only that post: nothing published is left → the empty page.
    page = _public(client, county.township_a)
    assert 'id="public-empty"' in page and "镇级示范岗" not in page
    # A member of a branch below the organization is its member: township A's post shows
    # while the holder's primary organization is village A1.
    Person.objects.unscoped("test").filter(pk=county.person_a.pk).update(
        primary_org=county.village_a1
    )
    assert "镇级示范岗" in _public(client, county.township_a)


def test_member_writes_and_publishes_through_the_pages(client, county):
    client.force_login(county.member_a)
    response = client.get(reverse("honors:commitment-create"))
    first_year = response.context["form"].fields["year"].choices[0][0]
    response = client.post(
        reverse("honors:commitment-create"),
        {"year": first_year, "title": "帮扶", "detail": "", "due": ""},
    )
    assert response.status_code == 200
    assert "至少 4 个字符" in response.content.decode() or "4" in str(
        response.context["form"].errors
    )
    assert not Commitment.objects.unscoped("test").exists()
    response = client.post(
        reverse("honors:commitment-create"),
        {"year": first_year, "title": "帮扶两户困难群众", "detail": "每月走访", "due": ""},
    )
    row = Commitment.objects.unscoped("test").get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "honors:commitment-detail", args=[row.pk]
    )
    # The draft's page offers "公开" — the word of the saved message ("确认后请公开").
    page = client.get(response["Location"]).content.decode()
    assert "承诺已存为草稿，确认后请公开。" in page
    assert '<button class="btn btn-primary" type="submit">公开</button>' in page
    assert "帮扶两户困难群众" not in _public(client, county.village_a1)  # a draft
    client.post(reverse("honors:commitment-publish", args=[row.pk]))
    row.refresh_from_db()
    assert row.status == "published"
    client.logout()
    assert "帮扶两户困难群众" in _public(client, county.village_a1)


def test_detail_offers_evaluation_to_the_organization_not_to_the_member(client, county):
    row = fx.commitment(county, person=county.person_a, year=2026)
    url = reverse("honors:commitment-detail", args=[row.pk])
    with time_machine.travel(DECEMBER_NOON, tick=False):
        client.force_login(county.member_a)
        page = client.get(url).content.decode()
        assert 'id="commitment-evaluate"' not in page
        assert 'id="commitment-add-progress"' in page
        assert client.get(reverse("honors:commitment-evaluate", args=[row.pk])).status_code == 403
        client.force_login(county.secretary_a)
        assert 'id="commitment-evaluate"' in client.get(url).content.decode()
        evaluate_url = reverse("honors:commitment-evaluate", args=[row.pk])
        # The verdict starts blank ("请选择"): saving it untouched is refused, nothing saved.
        form = client.get(evaluate_url).content.decode()
        assert '<option value="" selected>请选择</option>' in form
        response = client.post(evaluate_url, {"verdict": "", "note": "未选结论"})
        assert response.status_code == 200
        assert response.context["form"].errors["verdict"] == ["该字段是必填项。"]
        row.refresh_from_db()
        assert (row.status, row.verdict, row.evaluation_note) == ("published", "", "")
        response = client.post(
            reverse("honors:commitment-evaluate", args=[row.pk]),
            {"verdict": "not_kept", "note": "未完成"},
        )
        assert response.status_code == 302
    row.refresh_from_db()
    assert (row.verdict, row.evaluated_by) == ("not_kept", county.secretary_a)


@pytest.mark.parametrize("persona", ["secretary_a", "secretary_b", "dept_admin"])
def test_overview_counts_per_organization_in_reach(client, county, persona):
    year = 2026
    fx.commitment(county, person=county.person_a, year=year, verdict="kept")
    fx.commitment(county, person=county.person_a, year=year, title="事项二", verdict="partly")
    fx.commitment(county, org=county.village_a1, year=year, title="事项三")
    fx.commitment(county, org=county.village_a1, year=year, title="事项四", status="draft")
    fx.commitment(county, person=county.person_b, year=year, verdict="not_kept")
    fx.commitment(county, person=county.person_b, year=year - 1, title="去年事项", verdict="kept")
    client.force_login(getattr(county, persona))
    response = client.get(reverse("honors:commitment-overview") + f"?year={year}")
    rows = {
        row.org.name: (row.published, row.evaluated, row.kept, row.partly, row.drafts)
        for row in response.context["rows"]
    }
    a = {"甲一村党支部": (3, 2, 1, 1, 1)}
    b = {"乙一村党支部": (1, 1, 0, 0, 0)}
    expected = {"secretary_a": a, "secretary_b": b, "dept_admin": a | b}[persona]
    assert rows == expected


def test_the_picker_leads_to_an_organization_without_commitments(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("honors:commitment-overview")).content.decode()
    assert f'value="{county.village_a1.pk}"' in page
    assert f'value="{county.village_b1.pk}"' not in page
    assert f'value="{county.group_a1.pk}"' not in page  # Party groups make no commitments
    response = client.get(reverse("honors:commitment-overview") + f"?org={county.village_a1.pk}")
    assert response["Location"] == reverse("honors:commitment-org", args=[county.village_a1.pk])


def test_members_see_their_posts_without_the_change_links(client, county):
    post = fx.post(county, person=county.person_a, title="政策宣传示范岗")
    fx.post(county, person=None, title="空缺岗位")
    client.force_login(county.member_a)
    page = client.get(reverse("honors:post-list")).content.decode()
    assert "政策宣传示范岗" in page and "空缺岗位" not in page
    assert reverse("honors:post-edit", args=[post.pk]) not in page
    client.force_login(county.secretary_a)
    page = client.get(reverse("honors:post-list")).content.decode()
    assert reverse("honors:post-edit", args=[post.pk]) in page and "空缺岗位" in page


def test_post_pages_say_post_in_chinese_as_a_post_not_an_office(client, county):
    post = fx.post(county, person=county.person_a, title="政策宣传示范岗")
    client.force_login(county.secretary_a)
    listing = client.get(reverse("honors:post-list")).content.decode()
    assert "<th>岗位</th>" in listing and 'data-label="岗位"' in listing
    edit = client.get(reverse("honors:post-edit", args=[post.pk])).content.decode()
    assert '<label class="form-label" for="id_title">岗位' in edit
    assert "职务" not in listing and "职务" not in edit


@pytest.mark.parametrize(
    ("persona", "org"),
    [("secretary_a", "township_a"), ("dept_admin", "root"), ("superuser", "root")],
)
def test_the_post_list_from_the_hub_opens_on_the_users_own_organization(
    client, county, persona, org
):
    """Without ?org= the list is of the top organization the user may change, with its "Add a
    post" button; the posts are the same as in all of the user's sight."""
    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    fx.post(county, org=county.village_b1, person=None, title="乙村环境岗")
    client.force_login(getattr(county, persona))
    response = client.get(reverse("honors:post-list"))
    own = getattr(county, org)
    assert response.context["org"] == own
    page = response.content.decode()
    assert f'href="{reverse("honors:post-create", args=[own.pk])}">新增岗位</a>' in page
    assert "政策宣传示范岗" in page
    assert ("乙村环境岗" in page) == (org == "root")


@pytest.mark.parametrize("persona", ["member_a", "inspector_b"])
def test_who_may_not_change_posts_sees_the_posts_in_sight_without_an_add_button(
    client, county, persona
):
    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    fx.post(county, org=county.village_b1, person=None, title="乙村环境岗")
    client.force_login(getattr(county, persona))
    response = client.get(reverse("honors:post-list"))
    assert response.context["org"] is None
    page = response.content.decode()
    assert "新增岗位" not in page
    seen = {"member_a": "政策宣传示范岗", "inspector_b": "乙村环境岗"}[persona]
    assert seen in page


def test_the_post_list_is_not_narrowed_for_one_who_reads_wider_than_they_change(client, county):
    """A secretary of village A1 who also inspects the county: the list from the hub keeps
    every post in sight (B's too); the picker opens village A1 with its "Add a post"."""
    from dangjian.conftest import make_user
    from dangjian.orgs.scoping import Role

    fx.post(county, person=county.person_a, title="政策宣传示范岗")
    fx.post(county, org=county.village_b1, person=None, title="乙村环境岗")
    both = make_user("both", (Role.SECRETARY, county.village_a1), (Role.INSPECTOR, county.root))
    client.force_login(both)
    response = client.get(reverse("honors:post-list"))
    assert response.context["org"] is None
    page = response.content.decode()
    assert "乙村环境岗" in page and "政策宣传示范岗" in page and "新增岗位" not in page
    response = client.get(reverse("honors:post-list") + f"?org={county.village_a1.pk}")
    assert "乙村环境岗" not in response.content.decode()
    assert reverse("honors:post-create", args=[county.village_a1.pk]) in response.content.decode()
