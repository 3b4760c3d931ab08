"""Forms through views: specific messages, nothing partial, htmx partials, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.conftest import make_org, make_person
from dangjian.orgs.models import Organization, Person


def test_create_org_under_own_subtree(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("orgs:org-create") + f"?parent={county.village_a1.pk}",
        {
            "code": "A1G2",
            "name": "甲一村第二党小组",
            "category": "rural",
            "org_type": "group",
            "term_years": 5,
            "is_active": "on",
            "contact_phone": "13912345678",
        },
    )
    org = Organization.objects.unscoped("test").get(code="A1G2")
    assert response.status_code == 302 and response.url == reverse("orgs:org-detail", args=[org.pk])
    assert org.parent == county.village_a1 and org.depth == 3


def test_create_org_bad_input_names_the_fields(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("orgs:org-create") + f"?parent={county.village_a1.pk}",
        {
            "code": "TA",
            "name": "",
            "category": "bogus",
            "org_type": "group",
            "term_years": 5,
            "contact_phone": "12",
        },
    )
    form = response.context["form"]
    assert set(form.errors) >= {"name", "category", "contact_phone"}
    assert "11 位手机号" in response.content.decode()
    assert not Organization.objects.unscoped("test").filter(name="").exists()


def test_duplicate_code_reported_on_the_code_field(client, county):
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("orgs:org-create") + f"?parent={county.root.pk}",
        {
            "code": "TB",
            "name": "重复",
            "category": "township",
            "org_type": "committee",
            "term_years": 5,
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_person_form_rejects_bad_id_card_with_reason(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("orgs:person-create"),
        {
            "name": "钱七",
            "gender": "M",
            "party_status": "full",
            "primary_org": county.village_a1.pk,
            "id_card": "110105194912310021",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "校验位" in response.content.decode()
    assert not Person.objects.unscoped("test").filter(name="钱七").exists()


def test_person_form_offers_only_changeable_orgs(client, county):
    client.force_login(county.secretary_b)
    response = client.post(
        reverse("orgs:person-create"),
        {
            "name": "钱七",
            "gender": "M",
            "party_status": "full",
            "primary_org": county.village_a1.pk,
        },
    )
    assert "primary_org" in response.context["form"].errors
    assert not Person.objects.unscoped("test").filter(name="钱七").exists()


def test_transfer_through_the_page(client, county):
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("orgs:person-transfer", args=[county.person_a.pk]),
        {"to_org": county.village_b1.pk, "on": "2024-06-01", "note": "搬迁"},
    )
    assert response.status_code == 302
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_b1
    page = client.get(reverse("orgs:person-detail", args=[county.person_a.pk])).content.decode()
    assert "2024-06-01" in page and county.village_a1.name in page


def test_move_page_moves_subtree(client, county):
    client.force_login(county.dept_admin)
    response = client.post(
        reverse("orgs:org-move", args=[county.village_a1.pk]), {"new_parent": county.township_b.pk}
    )
    assert response.status_code == 302
    assert (
        Organization.objects.unscoped("test")
        .get(pk=county.group_a1.pk)
        .path.startswith(county.township_b.path)
    )


def test_id_cards_masked_for_secretaries_whole_for_admins(client, county):
    client.force_login(county.secretary_a)
    body = client.get(reverse("orgs:person-list")).content.decode()
    assert "1101**********002X" in body and "11010519491231002X" not in body
    client.force_login(county.dept_admin)
    assert "11010519491231002X" in client.get(reverse("orgs:person-list")).content.decode()


def test_member_sees_own_full_id(client, county):
    client.force_login(county.member_a)
    body = client.get(reverse("orgs:person-detail", args=[county.person_a.pk])).content.decode()
    assert "11010519491231002X" in body


def test_tree_children_partial(client, county):
    client.force_login(county.secretary_a)
    body = client.get(
        reverse("orgs:org-children", args=[county.township_a.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert county.village_a1.name in body and "<html" not in body


def test_terms_due_lists_expired(client, county):
    import datetime

    from dangjian.orgs import services

    services.org_update(
        actor=county.dept_admin,
        org=county.village_a1,
        term_elected_on=datetime.date(2015, 1, 1),
        term_years=5,
    )
    client.force_login(county.secretary_a)
    body = client.get(reverse("orgs:org-terms")).content.decode()
    assert county.village_a1.name in body and "已届满" in body


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["orgs:org-list", "orgs:person-list"])
def test_list_query_count_does_not_grow_with_rows(client, county, url_name):
    client.force_login(county.secretary_a)
    query = "?q=村" if url_name == "orgs:org-list" else ""
    url = reverse(url_name) + query
    client.get(url)  # warm caches (content types, sessions)
    small = _count(client, url)
    for i in range(20):
        org = make_org(county.superuser, county.village_a1, f"V{i}", f"新村{i}党支部")
        make_person(county.superuser, org, f"测试{i}")
        org.secretary = Person.objects.unscoped("test").get(name=f"测试{i}")
        org.save()
    large = _count(client, url)
    assert large == small


def test_tree_root_query_count_constant(client, county):
    client.force_login(county.dept_admin)
    url = reverse("orgs:org-list")
    small = _count(client, url)
    for i in range(20):
        make_org(county.superuser, county.root, f"R{i}", f"新镇{i}党委")
    assert _count(client, url) == small


# ---- regressions found in review ---------------------------------------------------------


def _org_post(org, **changes):
    data = {
        "code": org.code,
        "name": org.name,
        "category": org.category,
        "org_type": org.org_type,
        "term_years": 5,
        "is_active": "on",
    }
    return data | changes


def test_far_future_election_date_is_a_field_error(client, county):
    client.force_login(county.secretary_a)
    url = reverse("orgs:org-edit", args=[county.village_a1.pk])
    response = client.post(url, _org_post(county.village_a1, term_elected_on="9998-01-01"))
    assert response.status_code == 200
    assert "term_elected_on" in response.context["form"].errors


def test_term_length_over_ten_years_is_a_field_error(client, county):
    client.force_login(county.secretary_a)
    url = reverse("orgs:org-edit", args=[county.village_a1.pk])
    response = client.post(url, _org_post(county.village_a1, term_years=99))
    assert "term_years" in response.context["form"].errors


def test_edit_form_never_sends_a_masked_id_card_whole(client, county):
    client.force_login(county.secretary_a)
    url = reverse("orgs:person-edit", args=[county.person_a.pk])
    page = client.get(url).content.decode()
    assert "11010519491231002X" not in page and "1101**********002X" in page
    data = {
        "name": "张甲",
        "gender": "F",
        "party_status": "full",
        "full_member_on": "2020-01-01",
        "id_card": "",
        "phone": "13800138000",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    county.person_a.refresh_from_db()
    assert county.person_a.id_card == "11010519491231002X"  # left empty: kept
    client.force_login(county.dept_admin)
    assert "11010519491231002X" in client.get(url).content.decode()


def test_dept_admin_elsewhere_does_not_unmask_this_township(client, county):
    from dangjian.conftest import make_user

    mixed = make_user("mixed", ("dept_admin", county.unit), ("secretary", county.township_a))
    client.force_login(mixed)
    body = client.get(reverse("orgs:person-detail", args=[county.person_a.pk])).content.decode()
    assert "11010519491231002X" not in body and "1101**********002X" in body


def test_transfer_ends_the_secretary_link(county):
    import datetime

    from dangjian.orgs import services

    services.org_update(actor=county.dept_admin, org=county.village_a1, secretary=county.person_a)
    services.person_transfer(
        actor=county.dept_admin,
        person=county.person_a,
        to_org=county.village_b1,
        on=datetime.date(2024, 1, 1),
    )
    county.village_a1.refresh_from_db()
    assert county.village_a1.secretary is None


def test_invalid_filter_is_reported_and_exports_refuse(client, county):
    client.force_login(county.dept_admin)
    page = client.get(reverse("orgs:org-list") + "?q=甲&category=bogus").content.decode()
    assert "未应用" in page
    response = client.post(reverse("orgs:org-export") + "?q=甲&category=bogus")
    assert response.status_code == 400 and "类别" in response.content.decode()
    assert client.post(reverse("orgs:person-export") + "?org=abc").status_code == 400


def test_member_sees_counts_of_what_they_may_see(client, county):
    make_person(county.superuser, county.village_a1, "王同支部")
    client.force_login(county.member_a)
    body = client.get(reverse("orgs:org-list")).content.decode()
    assert "1 人" in body and "下级组织" not in body.split("dj-tree")[-1]


def test_superuser_creates_a_top_level_organization(client, county):
    client.force_login(county.superuser)
    response = client.post(
        reverse("orgs:org-create"),
        {
            "code": "C2",
            "name": "另一县委",
            "category": "other",
            "org_type": "committee",
            "term_years": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organization.objects.unscoped("test").get(code="C2").parent is None
    client.force_login(county.dept_admin)
    assert client.get(reverse("orgs:org-create")).status_code == 404
