"""Dates far in the future are refused by the forms with the allowed range (the services
decide, so the API and imports get the same answer)."""

import datetime

from django.urls import reverse

from dangjian.orgs.models import Membership, Person


def test_person_form_refuses_a_9999_birth_date_naming_the_range(client, county):
    client.force_login(county.secretary_a)
    data = {
        "name": "远",
        "gender": "M",
        "party_status": "full",
        "primary_org": county.village_a1.pk,
        "birth_date": "9999-12-31",
    }
    response = client.post(reverse("orgs:person-create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1850-01-01" in page and datetime.date.today().isoformat() in page
    assert not Person.objects.unscoped("test").filter(name="远").exists()


def test_date_pickers_offer_only_the_allowed_range(client, county):
    client.force_login(county.secretary_a)
    page = client.get(reverse("orgs:person-create")).content.decode()
    assert 'min="1850-01-01"' in page
    assert f'max="{datetime.date.today().isoformat()}"' in page


def test_transfer_form_refuses_2099(client, county):
    client.force_login(county.dept_admin)
    url = reverse("orgs:person-transfer", args=[county.person_a.pk])
    response = client.post(url, {"to_org": county.village_b1.pk, "on": "2099-01-01"})
    assert response.status_code == 200
    assert "1850-01-01" in response.content.decode()
    current = Membership.objects.unscoped("test").get(person=county.person_a, ended_on=None)
    assert current.org == county.village_a1
