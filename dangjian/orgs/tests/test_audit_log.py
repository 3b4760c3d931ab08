"""The audit log page: scoped to the administrator's subtree, filters, old → new."""

from __future__ import annotations

from django.urls import reverse

from dangjian.conftest import make_user
from dangjian.orgs import services
from dangjian.orgs.scoping import Role


def test_a_township_administrator_sees_only_the_townships_entries(county, client):
    services.person_update(actor=county.secretary_a, person=county.person_a, name="张甲改")
    services.person_update(actor=county.secretary_b, person=county.person_b, name="李乙改")
    admin_b = make_user("admin_b", (Role.DEPT_ADMIN, county.township_b))
    client.force_login(admin_b)
    page = client.get(reverse("orgs:audit-list")).content.decode()
    assert "李乙 → 李乙改" in page and "secretary_b" in page
    assert "张甲" not in page and "secretary_a" not in page
    client.force_login(county.dept_admin)
    page = client.get(reverse("orgs:audit-list")).content.decode()
    assert "李乙 → 李乙改" in page and "张甲 → 张甲改" in page


def test_filters_by_organization_person_and_actor(county, client):
    services.person_update(actor=county.secretary_a, person=county.person_a, name="张甲改")
    services.person_update(actor=county.secretary_b, person=county.person_b, name="李乙改")
    client.force_login(county.dept_admin)
    url = reverse("orgs:audit-list")
    by_org = client.get(url, {"org": county.township_b.pk}).content.decode()
    assert "李乙改" in by_org and "张甲改" not in by_org
    by_person = client.get(url, {"person": county.person_a.pk}).content.decode()
    assert "张甲改" in by_person and "李乙改" not in by_person
    by_actor = client.get(url, {"actor": "secretary_b"}).content.decode()
    assert "李乙改" in by_actor and "张甲改" not in by_actor
    admin_b = make_user("admin_b", (Role.DEPT_ADMIN, county.township_b))
    client.force_login(admin_b)
    assert client.get(url, {"org": county.township_a.pk}).status_code == 404


def test_only_administrators_read_the_log(county, client):
    for user in (county.secretary_a, county.member_a, county.inspector_b):
        client.force_login(user)
        assert client.get(reverse("orgs:audit-list")).status_code == 403
