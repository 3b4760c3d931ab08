"""党费 pages and API: the sheet, owed list, publication, forms with their messages, the member's
own view, the API's JSON."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.orglife.dues_calc import add_months
from dangjian.orglife.models import DuesPayment
from dangjian.orglife.tests.dues_fixtures import declare, pay, this_month

pytestmark = pytest.mark.django_db


def login(client, user) -> None:
    client.force_login(user)


def test_sheet_shows_paid_owed_and_advance(client, county):
    other = make_person(county.superuser, county.village_a1, "乙党员")
    year = timezone.localdate().year
    declare(county, income_fen=300_000, month=datetime.date(year, 1, 1))
    declare(county, other, category="student", income_fen=None, month=datetime.date(year, 1, 1))
    pay(county, month=this_month())
    if this_month().month < 12:
        pay(county, other, month=add_months(this_month(), 1))
    login(client, county.secretary_a)
    page = client.get(reverse("orglife:dues-org", args=[county.village_a1.pk])).content.decode()
    assert f'data-month="{this_month():%Y-%m}" class="table-success">15.00' in page
    assert "乙党员" in page and "table-danger" in page
    if this_month().month < 12:
        assert 'class="table-info">0.20' in page
    owed = client.get(reverse("orglife:dues-owed", args=[county.village_a1.pk])).content.decode()
    assert f'id="owed-{other.pk}"' in owed
    assert (f'id="owed-{county.person_a.pk}"' in owed) == (this_month().month > 1)


def test_member_sees_own_row_and_the_whole_publication(client, county):
    other = make_person(county.superuser, county.village_a1, "乙党员")
    declare(county)
    declare(county, other, category="student", income_fen=None)
    pay(county)
    login(client, county.member_a)
    sheet = client.get(reverse("orglife:dues-org", args=[county.village_a1.pk])).content.decode()
    assert "乙党员" not in sheet and "张甲" in sheet
    assert reverse("orglife:dues-pay", args=[county.village_a1.pk]) not in sheet
    publication = client.get(
        reverse("orglife:dues-publication", args=[county.village_a1.pk])
    ).content.decode()
    assert "乙党员" in publication and 'id="publication-total">42.00' in publication
    home = client.get(reverse("orglife:dues-home")).content.decode()
    assert 'id="own-dues"' in home and "42.00" in home
    xlsx = client.get(
        reverse("orglife:dues-publication", args=[county.village_a1.pk]) + "?format=xlsx"
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_payment_form_refuses_a_second_payment_with_its_message(client, county):
    declare(county)
    pay(county)
    login(client, county.secretary_a)
    url = reverse("orglife:dues-pay", args=[county.village_a1.pk])
    data = {
        "person": county.person_a.pk,
        "month": f"{this_month():%Y-%m}",
        "months": 1,
        "paid_on": timezone.localdate().isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "42.00" in response.content.decode()  # the first payment, named in the message
    assert DuesPayment.objects.unscoped("test").count() == 1


def test_base_form_converts_yuan_to_fen(client, county):
    login(client, county.secretary_a)
    url = reverse("orglife:dues-base", args=[county.village_a1.pk])
    data = {
        "person": county.person_a.pk,
        "category": "employed",
        "income": "3000.01",
        "effective_from": f"{this_month():%Y-%m}",
    }
    assert client.post(url, data).status_code == 302
    from dangjian.orglife.dues_services import due_for

    assert due_for(county.person_a, this_month()) == 3_000
    bad = client.post(url, data | {"income": "-5"})
    assert bad.status_code == 200


def test_import_page_lists_row_messages(client, county):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["身份证号码", "姓名", "类别", "月收入", "起始月份", "农民党费"])
    book.active.append([county.person_a.id_card, "张甲", "employed", -3, "", None])
    buffer = io.BytesIO()
    book.save(buffer)
    login(client, county.secretary_a)
    response = client.post(
        reverse("orglife:dues-import", args=[county.village_a1.pk]),
        {"file": SimpleUploadedFile("b.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200 and 'id="import-problems"' in response.content.decode()
    template = client.get(
        reverse("orglife:dues-import", args=[county.village_a1.pk]) + "?template=1"
    )
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_year_per_member_per_month(client, county):
    year = timezone.localdate().year
    declare(county, income_fen=1_000_001, month=datetime.date(year, 1, 1))
    pay(
        county,
        month=datetime.date(year, 1, 1),
        paid_on=datetime.date(year, 1, 1),
        amount_fen=25_000,
    )
    login(client, county.secretary_a)
    response = client.get(
        reverse("api:orglife-dues-list") + f"?org={county.village_a1.pk}&year={year}"
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["org"], data["year"]) == (county.village_a1.pk, year)
    (member,) = data["members"]
    assert member["person"] == county.person_a.pk and member["category"] == "employed"
    january = member["months"][0]
    assert january == {
        "month": f"{year}-01",
        "due_fen": 20_000,
        "paid_fen": 25_000,
        "paid_on": f"{year}-01-01",
        "owed": False,
        "advance": False,
    }
    months_begun = timezone.localdate().month
    assert member["due_fen"] == 20_000 * months_begun
    assert member["owed_fen"] == 20_000 * (months_begun - 1)
    assert len(member["months"]) == 12
    bad = client.get(reverse("api:orglife-dues-list") + "?org=x")
    assert bad.status_code == 400 and "org" in bad.json()
    bad_year = client.get(
        reverse("api:orglife-dues-list") + f"?org={county.village_a1.pk}&year=1900"
    )
    assert bad_year.status_code == 400
    login(client, county.secretary_b)
    hidden = client.get(reverse("api:orglife-dues-list") + f"?org={county.village_a1.pk}")
    assert hidden.status_code == 404


def test_the_organization_picker_opens_a_sheet_in_scope_only(client, county):
    client.force_login(county.secretary_a)
    home = reverse("orglife:dues-home")
    response = client.get(home + f"?org={county.village_a1.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("orglife:dues-org", args=[county.village_a1.pk])
    assert client.get(home + f"?org={county.village_b1.pk}").status_code == 404
