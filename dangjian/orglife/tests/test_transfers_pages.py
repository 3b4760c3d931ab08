"""Pages and API of 组织关系转接: the round trip through the pages (A1 → B1), the letter
download, an arrival, the API's contract, and refusals shown on the form."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone

from dangjian.orglife.models import Transfer
from dangjian.orglife.tests.matrix_transfer import issued, village_a2
from dangjian.orgs.models import Person


def _one() -> Transfer:
    return Transfer.objects.unscoped("test").get()


def test_round_trip_through_the_pages(client, county, django_capture_on_commit_callbacks):
    client.force_login(county.secretary_a)
    url = reverse("orglife:transfer-issue") + f"?org={county.village_a1.pk}"
    page = client.get(url).content.decode()
    assert county.person_a.name in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "person": county.person_a.pk,
                "to_org_code": "B1",
                "reason": "外出务工",
                "issued_on": timezone.localdate().isoformat(),
                "valid_days": 30,
            },
        )
    transfer = _one()
    assert response.status_code == 302
    assert response["Location"] == reverse("orglife:transfer-detail", args=[transfer.pk])
    # 转接中 at both ends.
    for user in (county.secretary_a, county.secretary_b):
        client.force_login(user)
        body = client.get(reverse("orglife:transfer-list")).content.decode()
        assert "转接中" in body and county.person_a.name in body and transfer.letter_number in body
    detail = client.get(reverse("orglife:transfer-detail", args=[transfer.pk])).content.decode()
    assert reverse("orglife:transfer-accept", args=[transfer.pk]) in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orglife:transfer-accept", args=[transfer.pk]))
    assert response.status_code == 302
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_b1
    client.force_login(county.secretary_a)
    history = client.get(
        reverse("orglife:transfer-history") + f"?org={county.village_a1.pk}"
    ).content.decode()
    assert county.person_a.name in history and "已接收" in history
    letter = client.get(reverse("orglife:transfer-letter", args=[transfer.pk]))
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert transfer.letter_number in text and county.person_a.name in text
    assert county.village_a1.name in text and county.village_b1.name in text


def test_issue_form_shows_the_refusal_and_saves_nothing(client, county):
    client.force_login(county.secretary_a)
    url = reverse("orglife:transfer-issue") + f"?org={county.village_a1.pk}"
    for code, expected in (("A1G", "党小组"), ("TB", "党支部或党总支"), ("ZZZ", "ZZZ")):
        response = client.post(
            url,
            {
                "person": county.person_a.pk,
                "to_org_code": code,
                "issued_on": timezone.localdate().isoformat(),
                "valid_days": 30,
            },
        )
        assert response.status_code == 200 and expected in response.content.decode()
    assert not Transfer.objects.unscoped("test").exists()


def test_return_from_the_page_keeps_the_person(client, county):
    transfer = issued(county, to_org=county.village_b1)
    client.force_login(county.secretary_b)
    response = client.post(
        reverse("orglife:transfer-return", args=[transfer.pk]), {"reason": "材料不全"}
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "returned"
    county.person_a.refresh_from_db()
    assert county.person_a.primary_org == county.village_a1


def test_register_an_arrival_from_the_page(client, county):
    client.force_login(county.secretary_b)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("orglife:transfer-register"),
        {
            "to_org": county.village_b1.pk,
            "from_text": "邻县某村党支部",
            "letter_number": "邻组转〔2026〕0002",
            "issued_on": today,
            "accepted_on": today,
            "name": "孙来",
            "gender": "F",
            "party_status": "probationary",
            "probationary_on": "2025-07-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.unscoped("test").get(name="孙来")
    assert person.primary_org == county.village_b1
    assert _one().kind == "in"


def test_api_issue_accept_return(client, county):
    client.force_login(county.secretary_a)
    response = client.post(
        reverse("api:orglife-transfer-list"),
        {"person": county.person_a.pk, "to_org": county.group_a1.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "党小组" in response.json()["to_org"][0]
    response = client.post(
        reverse("api:orglife-transfer-list"),
        {"person": county.person_a.pk, "to_org": county.village_b1.pk, "reason": "务工"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "issued" and body["to_name"] == county.village_b1.name
    assert body["letter_number"].startswith("县组转〔")
    pk = body["id"]
    client.force_login(county.secretary_b)
    listed = client.get(reverse("api:orglife-transfer-list") + "?state=pending").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    response = client.post(
        reverse("api:orglife-transfer-accept", args=[pk]), {}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = client.post(
        reverse("api:orglife-transfer-return", args=[pk]),
        {"reason": "晚了"},
        content_type="application/json",
    )
    assert response.status_code == 400
    history = client.get(reverse("api:orglife-transfer-list") + "?state=history").json()
    assert [row["id"] for row in history["results"]] == [pk]


def test_api_return_and_unknown_fields(client, county):
    transfer = issued(county, to_org=village_a2(county))
    client.force_login(county.secretary_a)
    url = reverse("api:orglife-transfer-return", args=[transfer.pk])
    assert client.post(url, {"why": "x"}, content_type="application/json").status_code == 400
    response = client.post(url, {"reason": "材料不全"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["return_reason"] == "材料不全"
    detail = client.get(reverse("api:orglife-transfer-detail", args=[transfer.pk])).json()
    assert detail["status"] == "returned"


def test_history_per_organization_and_direction(client, county):
    from dangjian.orglife import transfer_services as services

    left = issued(county, to_org=county.village_b1)
    services.transfer_accept(actor=county.superuser, transfer=left)
    client.force_login(county.dept_admin)
    url = reverse("orglife:transfer-history")

    def shown(query: str) -> bool:
        return left.letter_number in client.get(url + query).content.decode()

    assert shown(f"?org={county.village_a1.pk}&direction=out")
    assert not shown(f"?org={county.village_a1.pk}&direction=in")
    assert shown(f"?org={county.township_b.pk}&direction=in")
    assert not shown(f"?org={county.township_b.pk}&direction=out")
    assert shown("")
    client.force_login(county.secretary_b)
    assert client.get(url + f"?org={county.village_a1.pk}").status_code == 404
