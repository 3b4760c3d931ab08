"""Personal data an answer or a page must not give away: the "ID-card number already
registered" oracle (bounded, audited, alerting) and the birth date's precision per role."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.conftest import download_export, make_person
from dangjian.orgs import services
from dangjian.orgs.models import AuditEntry, Person

# Valid numbers (GB 11643 check digit) nobody in the fixture holds.
FREE = ["440524188001010014", "110101199003074477", "110101199003071519", "11010119900307803X"]
B_NUMBER = "110105194912310011"  # given to township B's person below


@pytest.fixture
def numbers(county):
    Person.objects.unscoped("test").filter(pk=county.person_b.pk).update(id_card=B_NUMBER)
    return {"in_scope": county.person_a.id_card, "out_of_scope": B_NUMBER}


def _create(county, user, id_card, name="新人", org=None):
    return services.person_create(
        actor=user,
        primary_org=org or county.village_a1,
        name=name,
        gender="" if id_card else "M",  # derived from the number when there is one
        party_status="full",
        full_member_on=datetime.date(2020, 1, 1),
        id_card=id_card,
    )


def _refusal(county, user, id_card, org=None) -> str:
    with pytest.raises(ValidationError) as info:
        _create(county, user, id_card, org=org)
    (message,) = info.value.message_dict["id_card"]
    return message


def _entries(action, user=None):
    entries = AuditEntry.objects.unscoped("test").filter(action=action)
    return entries.filter(actor=user) if user else entries


def test_taken_number_gets_the_same_answer_in_and_out_of_scope(county, numbers):
    inside = _refusal(county, county.secretary_a, numbers["in_scope"])
    outside = _refusal(county, county.secretary_a, numbers["out_of_scope"])
    assert inside == outside
    for holder in (county.person_a, county.person_b):
        assert holder.name not in outside and holder.primary_org.name not in outside


def test_every_hit_is_audited_with_the_number_masked(county, numbers):
    _refusal(county, county.secretary_a, numbers["out_of_scope"])
    (entry,) = _entries(services.ID_CARD_HIT, county.secretary_a)
    assert entry.data == {"id_card": "1101**********0011", "counted": True}
    # Filed where the number was typed, not where its holder is.
    assert entry.org_path == county.village_a1.path


def test_hits_are_bounded_per_user_and_alert_the_county(county, numbers, settings):
    settings.DANGJIAN_ID_CARD_HITS_PER_HOUR = 2
    user = county.secretary_a
    _refusal(county, user, numbers["out_of_scope"])
    assert not _entries(services.ID_CARD_PROBE_ALERT).exists()
    _refusal(county, user, numbers["in_scope"])
    (alert,) = _entries(services.ID_CARD_PROBE_ALERT, user)
    assert alert.data["hits"] == 2 and alert.data["limit"] == 2
    # Over the limit, a number is refused unanswered: registered or not, the same reply.
    refused_taken = _refusal(county, user, numbers["out_of_scope"])
    refused_free = _refusal(county, user, FREE[0])
    assert (
        refused_taken
        == refused_free
        != _refusal(county, county.secretary_b, B_NUMBER, county.village_b1)
    )
    assert _entries(services.ID_CARD_REFUSED, user).count() == 2
    assert _entries(services.ID_CARD_PROBE_ALERT).count() == 1
    # Another user is not affected; people without an ID-card number still can be added.
    _create(county, county.secretary_b, FREE[1], name="乙新", org=county.village_b1)
    _create(county, user, "", name="无号")


def test_hits_older_than_an_hour_no_longer_count(county, numbers, settings):
    settings.DANGJIAN_ID_CARD_HITS_PER_HOUR = 1
    _refusal(county, county.secretary_a, numbers["out_of_scope"])
    _entries(services.ID_CARD_HIT).update(at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    _create(county, county.secretary_a, FREE[0])


def test_hits_on_numbers_the_actor_may_see_whole_are_not_counted(county, numbers, settings):
    settings.DANGJIAN_ID_CARD_HITS_PER_HOUR = 1
    for _ in range(3):
        _refusal(county, county.dept_admin, numbers["out_of_scope"])
    assert not _entries(services.ID_CARD_PROBE_ALERT).exists()
    assert _entries(services.ID_CARD_HIT).count() == 3


def test_the_person_form_answers_generically_and_is_bounded(client, county, numbers, settings):
    settings.DANGJIAN_ID_CARD_HITS_PER_HOUR = 1
    client.force_login(county.secretary_a)
    data = {
        "name": "新人",
        "gender": "M",
        "party_status": "full",
        "full_member_on": "2020-01-01",
        "primary_org": county.village_a1.pk,
        "is_active": "on",
        "id_card": B_NUMBER,
    }
    page = client.post(reverse("orgs:person-create"), data).content.decode()
    assert "请核对号码" in page and "李乙" not in page and "乙一村" not in page
    assert _entries(services.ID_CARD_HIT, county.secretary_a).count() == 1
    page = client.post(reverse("orgs:person-create"), data | {"id_card": FREE[0]}).content.decode()
    assert "一小时后再试" in page
    assert not Person.objects.unscoped("test").filter(name="新人").exists()


def test_editing_to_a_taken_number_goes_through_the_same_gate(client, county, numbers):
    client.force_login(county.secretary_a)
    person = make_person(county.dept_admin, county.village_a1, "编辑")
    data = {"name": "编辑", "party_status": "full", "id_card": B_NUMBER}
    data["full_member_on"] = "2020-01-01"
    page = client.post(reverse("orgs:person-edit", args=[person.pk]), data).content.decode()
    assert "请核对号码" in page
    assert _entries(services.ID_CARD_HIT, county.secretary_a).count() == 1


def test_an_import_answers_within_the_bound(
    client, county, numbers, settings, django_capture_on_commit_callbacks
):
    from dangjian.orgs.tests.test_imports import person_row, run, xlsx

    settings.DANGJIAN_ID_CARD_HITS_PER_HOUR = 1
    rows = [
        person_row(name="一", id_card=B_NUMBER),
        person_row(name="二", gender="女", id_card=numbers["in_scope"]),
        person_row(name="三", id_card=FREE[0]),
    ]
    job = run(client, county.secretary_a, "people", xlsx(rows), django_capture_on_commit_callbacks)
    assert job.status == "failed"
    messages = [e["message"] for e in job.errors]
    assert [e["row"] for e in job.errors] == [2, 3, 4]
    # Row 2 is a hit; rows 3 and 4 come after the limit: the same refusal, taken or not.
    assert messages[0] != messages[1] == messages[2]
    assert "李乙" not in str(job.errors)
    assert _entries(services.ID_CARD_PROBE_ALERT, county.secretary_a).count() == 1


# ---- birth date precision -------------------------------------------------------------------


@pytest.fixture
def born(county):
    Person.objects.unscoped("test").filter(pk=county.person_a.pk).update(
        birth_date=datetime.date(1949, 12, 31)
    )


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("secretary_a", "1949-12"), ("dept_admin", "1949-12-31"), ("member_a", "1949-12-31")],
)
def test_birth_date_on_the_person_page_has_the_roles_precision(
    client, county, born, persona, shown
):
    client.force_login(getattr(county, persona))
    page = client.get(reverse("orgs:person-detail", args=[county.person_a.pk])).content.decode()
    assert shown in page
    if len(shown) == 7:
        assert "1949-12-31" not in page


def test_birth_date_in_the_export_has_the_roles_precision(client, county, born):
    for persona, shown in (("secretary_a", "1949-12"), ("dept_admin", "1949-12-31")):
        client.force_login(getattr(county, persona))
        content = download_export(client, reverse("orgs:person-export"))
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "张甲")
        assert row[2] == shown


def test_edit_form_keeps_the_day_write_only(client, county, born):
    client.force_login(county.secretary_a)
    url = reverse("orgs:person-edit", args=[county.person_a.pk])
    page = client.get(url).content.decode()
    assert "1949-12-31" not in page and "1949-12" in page
    data = {"name": "张甲", "gender": "F", "party_status": "full", "ethnicity": "汉"}
    data["full_member_on"] = "2020-01-01"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.unscoped("test").get(pk=county.person_a.pk)
    assert (person.birth_date, person.ethnicity) == (datetime.date(1949, 12, 31), "汉")


def test_birth_date_helper(county, born):
    person = (
        Person.objects.unscoped("test").select_related("primary_org").get(pk=county.person_a.pk)
    )
    assert person.birth_date_for(county.inspector_b) == "1949-12"
