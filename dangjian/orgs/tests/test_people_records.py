"""People records a county can trust (issue 18 item 7): birth date and gender from the ID-card
number, stage dates in order and agreeing with the party status, exits never deleting,
phone numbers normalised, people who left findable."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dangjian.conftest import make_person
from dangjian.orgs import services
from dangjian.orgs.models import AuditEntry, Membership, Person
from dangjian.orgs.validators import id_card_check_char, normalize_phone, validate_id_card

TODAY = datetime.date.today()


def id_card(born: datetime.date, male: bool = True) -> str:
    first17 = f"110101{born:%Y%m%d}00{'1' if male else '2'}"
    return first17 + id_card_check_char(first17)


def create(county, **fields):
    fields = {"name": "新人", "party_status": "public"} | fields
    return services.person_create(actor=county.dept_admin, primary_org=county.village_a1, **fields)


def refusal(county, **fields) -> dict:
    with pytest.raises(ValidationError) as info:
        create(county, **fields)
    return info.value.message_dict


# ---- ID-card number: birth date and gender ------------------------------------------------


def test_birth_date_and_gender_come_from_the_number(county):
    person = create(county, id_card=id_card(datetime.date(1990, 3, 7), male=False))
    assert (person.birth_date, person.gender) == (datetime.date(1990, 3, 7), "F")


def test_a_matching_birth_date_and_gender_are_accepted(county):
    number = id_card(datetime.date(1990, 3, 7))
    person = create(county, id_card=number, birth_date=datetime.date(1990, 3, 7), gender="M")
    assert person.pk


def test_a_contradicting_birth_date_is_refused_naming_both(county):
    number = id_card(datetime.date(1990, 3, 7))
    errors = refusal(county, id_card=number, birth_date=datetime.date(1990, 3, 8))
    (message,) = errors["birth_date"]
    assert "1990-03-08" in message and "1990-03-07" in message
    assert not Person.objects.unscoped("test").filter(name="新人").exists()


def test_a_contradicting_gender_is_refused_naming_both(county):
    errors = refusal(county, id_card=id_card(datetime.date(1990, 3, 7)), gender="F")
    (message,) = errors["gender"]
    assert "女" in message and "男" in message


def test_gender_is_required_without_a_number(county):
    assert "gender" in refusal(county)


def test_an_old_15_digit_number_is_refused_asking_for_18(county):
    with pytest.raises(ValidationError) as info:
        validate_id_card("110101900307001")
    assert info.value.code == "id_card_old" and "18" in info.value.messages[0]
    assert "18" in refusal(county, id_card="110101900307001", gender="M")["id_card"][0]


def test_an_edit_contradicting_the_number_is_refused(county):
    person = county.person_a  # 11010519491231002X: born 1949-12-31, a woman
    with pytest.raises(ValidationError) as info:
        services.person_update(
            actor=county.dept_admin, person=person, birth_date=datetime.date(1950, 1, 1)
        )
    assert "1949-12-31" in info.value.message_dict["birth_date"][0]


def test_a_viewer_without_personal_data_is_not_told_the_numbers_birth_date(county):
    """A secretary sees the number masked and the birth date as year-month: a refusal must
    not give the day away."""
    with pytest.raises(ValidationError) as info:
        services.person_update(
            actor=county.secretary_a, person=county.person_a, birth_date=datetime.date(1949, 12, 1)
        )
    (message,) = info.value.message_dict["birth_date"]
    assert "1949-12-01" in message and "1949-12-31" not in message


# ---- stage dates ----------------------------------------------------------------------------


def test_applied_one_day_before_the_18th_birthday_is_refused(county):
    born = datetime.date(2000, 5, 10)
    errors = refusal(
        county,
        gender="M",
        birth_date=born,
        party_status="applicant",
        applied_on=datetime.date(2018, 5, 9),
    )
    (message,) = errors["applied_on"]
    assert "2018-05-10" in message and "18" in message


def test_applied_on_the_18th_birthday_is_accepted(county):
    person = create(
        county,
        gender="M",
        birth_date=datetime.date(2000, 5, 10),
        party_status="applicant",
        applied_on=datetime.date(2018, 5, 10),
    )
    assert person.pk


def test_born_on_29_february_turns_18_on_1_march(county):
    born = datetime.date(2004, 2, 29)
    assert services.birthday(born, 18) == datetime.date(2022, 3, 1)
    fields = {"gender": "M", "birth_date": born, "party_status": "applicant"}
    assert "applied_on" in refusal(county, **fields, applied_on=datetime.date(2022, 2, 28))
    assert create(county, **fields, applied_on=datetime.date(2022, 3, 1)).pk


def test_stage_dates_out_of_order_are_refused(county):
    errors = refusal(
        county,
        gender="M",
        party_status="activist",
        applied_on=datetime.date(2020, 5, 1),
        activist_on=datetime.date(2020, 4, 30),
    )
    (message,) = errors["activist_on"]
    assert "2020-04-30" in message and "2020-05-01" in message


def test_stage_dates_on_the_same_day_are_in_order(county):
    day = datetime.date(2020, 5, 1)
    assert create(county, gender="M", party_status="activist", applied_on=day, activist_on=day).pk


def test_a_stage_date_in_the_future_is_refused(county):
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert "applied_on" in refusal(
        county, gender="M", party_status="applicant", applied_on=tomorrow
    )
    assert create(county, gender="M", party_status="applicant", applied_on=TODAY).pk


def test_the_current_stage_needs_its_date(county):
    (message,) = refusal(county, gender="M", party_status="probationary")["probationary_on"]
    assert "预备党员" in message


def test_a_later_stage_date_is_refused(county):
    errors = refusal(
        county,
        gender="M",
        party_status="probationary",
        probationary_on=datetime.date(2023, 1, 1),
        full_member_on=datetime.date(2024, 1, 1),
    )
    assert "full_member_on" in errors


def test_a_non_member_may_keep_dates_once_reached(county):
    """A withdrawn application or a cancelled probation (细则 Art. 35) leaves its dates."""
    person = create(county, gender="M", applied_on=datetime.date(2020, 1, 1), activist_on=None)
    assert person.party_status == "public"


def test_the_person_form_shows_the_stage_rule(client, county):
    client.force_login(county.secretary_a)
    data = {"name": "表单", "gender": "M", "party_status": "candidate"}
    response = client.post(
        reverse("orgs:person-create"), data | {"primary_org": county.village_a1.pk}
    )
    (message,) = response.context["form"].errors["candidate_on"]
    assert "发展对象" in message
    assert not Person.objects.unscoped("t").filter(name="表单").exists()


# ---- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086-13800138000", "13800138000"),
        ("037112345678", "0371-12345678"),
        ("0371 1234 5678", "0371-12345678"),
        ("010-12345678", "010-12345678"),
        ("(021)87654321", "021-87654321"),
        ("0371-1234567", "0371-1234567"),
    ],
)
def test_phone_numbers_are_normalised_on_save(county, typed, stored):
    assert normalize_phone(typed) == stored
    person = create(county, gender="M", phone=typed)
    assert Person.objects.unscoped("t").get(pk=person.pk).phone == stored
    services.person_update(actor=county.dept_admin, person=person, phone=typed)
    assert Person.objects.unscoped("t").get(pk=person.pk).phone == stored


def test_an_organizations_contact_phone_is_normalised_too(county):
    org = services.org_update(
        actor=county.dept_admin, org=county.village_a1, contact_phone="+86 139-0000-1111"
    )
    assert org.contact_phone == "13900001111"


@pytest.mark.parametrize("typed", ["+86 1280013800", "371-1234567", "138001380001"])
def test_unnormalisable_phone_numbers_are_refused(county, typed):
    assert "phone" in refusal(county, gender="M", phone=typed)


# ---- exits: never a deletion ----------------------------------------------------------------


def test_person_exit_closes_the_membership_and_keeps_the_record(county):
    person = county.person_a
    services.person_exit(
        actor=county.secretary_a,
        person=person,
        status="deceased",
        on=datetime.date(2024, 3, 1),
        note="病故",
    )
    person = Person.objects.unscoped("t").get(pk=person.pk)
    assert (person.is_active, person.exit_status, person.exit_on) == (
        False,
        "deceased",
        datetime.date(2024, 3, 1),
    )
    (membership,) = Membership.objects.unscoped("t").filter(person=person)
    assert (membership.ended_on, membership.note) == (datetime.date(2024, 3, 1), "病故")
    entry = AuditEntry.objects.unscoped("t").get(action="orgs.person.exit")
    assert entry.data["status"] == "deceased" and entry.target_id == str(person.pk)


def test_person_exit_refuses_a_future_date_and_one_before_joining(county):
    person = county.person_a  # joined 2020-01-01
    tomorrow = TODAY + datetime.timedelta(days=1)
    for on, field in ((tomorrow, "exit_on"), (datetime.date(2019, 12, 31), "exit_on")):
        with pytest.raises(ValidationError) as info:
            services.person_exit(actor=county.dept_admin, person=person, status="expelled", on=on)
        assert field in info.value.message_dict
    assert "2020-01-01" in info.value.message_dict["exit_on"][0]
    services.person_exit(
        actor=county.dept_admin, person=person, status="expelled", on=datetime.date(2020, 1, 1)
    )


def test_person_exit_needs_the_change_right_and_cannot_repeat(county):
    with pytest.raises(PermissionDenied):
        services.person_exit(
            actor=county.secretary_b,
            person=county.person_a,
            status="moved_out",
            on=datetime.date(2024, 1, 1),
        )
    services.person_exit(
        actor=county.dept_admin,
        person=county.person_a,
        status="moved_out",
        on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as info:
        services.person_exit(
            actor=county.dept_admin,
            person=county.person_a,
            status="deceased",
            on=datetime.date(2024, 2, 1),
        )
    assert "exit_status" in info.value.message_dict


def test_leaving_clears_the_secretary_link(county):
    org = county.village_a1
    services.org_update(actor=county.dept_admin, org=org, secretary=county.person_a)
    services.person_exit(
        actor=county.dept_admin, person=county.person_a, status="deceased", on=TODAY
    )
    org.refresh_from_db()
    assert org.secretary is None


def test_a_suspended_membership_is_restored(county):
    person = county.person_a
    services.person_exit(
        actor=county.dept_admin, person=person, status="suspended", on=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.person_reinstate(
            actor=county.dept_admin, person=person, on=datetime.date(2022, 12, 31)
        )
    services.person_reinstate(
        actor=county.dept_admin, person=person, on=datetime.date(2023, 6, 1), note="恢复党籍"
    )
    person = Person.objects.unscoped("t").get(pk=person.pk)
    assert (person.is_active, person.exit_status, person.exit_on) == (True, "", None)
    spans = Membership.objects.unscoped("t").filter(person=person).order_by("started_on")
    assert [(m.started_on, m.ended_on) for m in spans] == [
        (datetime.date(2020, 1, 1), datetime.date(2023, 1, 1)),
        (datetime.date(2023, 6, 1), None),
    ]


def test_only_a_suspension_is_restored(county):
    services.person_exit(
        actor=county.dept_admin, person=county.person_a, status="expelled", on=TODAY
    )
    with pytest.raises(ValidationError):
        services.person_reinstate(actor=county.dept_admin, person=county.person_a, on=TODAY)


def test_an_edit_cannot_set_or_clear_the_exit(county):
    with pytest.raises(ValidationError) as info:
        services.person_update(
            actor=county.dept_admin, person=county.person_a, exit_status="deceased"
        )
    assert "exit_status" in info.value.message_dict


def test_a_person_who_left_is_not_active(county):
    services.person_exit(
        actor=county.dept_admin, person=county.person_a, status="deceased", on=TODAY
    )
    with pytest.raises(ValidationError) as info:
        services.person_update(actor=county.dept_admin, person=county.person_a, is_active=True)
    assert "is_active" in info.value.message_dict


def test_exit_page_records_and_the_person_page_shows_it(client, county):
    client.force_login(county.secretary_a)
    url = reverse("orgs:person-exit", args=[county.person_a.pk])
    response = client.post(url, {"status": "suspended", "on": "2024-05-01", "note": "处分"})
    assert response.status_code == 302
    page = client.get(reverse("orgs:person-detail", args=[county.person_a.pk])).content.decode()
    assert "停止党籍" in page and "2024-05-01" in page and "处分" in page
    assert reverse("orgs:person-reinstate", args=[county.person_a.pk]) in page
    response = client.post(
        reverse("orgs:person-reinstate", args=[county.person_a.pk]), {"on": "2024-09-01"}
    )
    assert response.status_code == 302
    assert Person.objects.unscoped("t").get(pk=county.person_a.pk).is_active


def test_the_exit_page_refuses_a_future_date_with_the_range(client, county):
    client.force_login(county.secretary_a)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("orgs:person-exit", args=[county.person_a.pk]),
        {"status": "deceased", "on": tomorrow},
    )
    assert response.status_code == 200 and TODAY.isoformat() in response.content.decode()
    assert Person.objects.unscoped("t").get(pk=county.person_a.pk).is_active


def test_nobody_deletes_a_person_in_the_admin(client, county):
    from django.contrib import admin

    from dangjian.orgs.models import Person as Model

    client.force_login(county.superuser)
    model_admin = admin.site._registry[Model]
    request = client.get("/").wsgi_request
    assert not model_admin.has_delete_permission(request, county.person_a)
    url = reverse("admin:orgs_person_delete", args=[county.person_a.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Person.objects.unscoped("t").filter(pk=county.person_a.pk).exists()


def test_the_api_has_no_delete(client, county):
    client.force_login(county.superuser)
    url = reverse("api:person-detail", args=[county.person_a.pk])
    assert client.delete(url).status_code == 405


# ---- people who left stay findable ------------------------------------------------------------


@pytest.fixture
def left(county):
    gone = make_person(county.dept_admin, county.village_a1, "故人")
    services.person_exit(
        actor=county.dept_admin, person=gone, status="deceased", on=datetime.date(2024, 1, 1)
    )
    moved = make_person(county.dept_admin, county.village_a1, "外迁")
    services.person_exit(
        actor=county.dept_admin, person=moved, status="moved_out", on=datetime.date(2024, 1, 1)
    )
    return gone, moved


def _names(client, query: str = "") -> set[str]:
    page = client.get(reverse("orgs:person-list") + query)
    assert page.status_code == 200
    return {person.name for person in page.context["page"]}


def test_the_list_leaves_out_people_who_left_by_default(client, county, left):
    client.force_login(county.secretary_a)
    assert _names(client) == {"张甲"}
    assert _names(client, "?standing=left") == {"故人", "外迁"}
    assert _names(client, "?standing=deceased") == {"故人"}
    assert _names(client, "?standing=all") == {"张甲", "故人", "外迁"}
    page = client.get(reverse("orgs:person-list") + "?standing=left").content.decode()
    assert "死亡" in page and "转出县外" in page


def test_an_unknown_standing_is_reported_not_widened(client, county, left):
    client.force_login(county.secretary_a)
    page = client.get(reverse("orgs:person-list") + "?standing=bogus")
    assert {p.name for p in page.context["page"]} == {"张甲"}
    assert page.context["form"].errors


def test_people_who_left_stay_out_of_reach_of_another_township(client, county, left):
    client.force_login(county.secretary_b)
    assert _names(client, "?standing=all") == {"李乙"}


def test_the_api_lists_people_who_left_with_their_exit(client, county, left):
    client.force_login(county.dept_admin)
    url = reverse("api:person-list")
    default = client.get(url).json()
    rows = default["results"] if isinstance(default, dict) else default
    assert "故人" not in {row["name"] for row in rows}
    answer = client.get(url + "?standing=deceased").json()
    rows = answer["results"] if isinstance(answer, dict) else answer
    (row,) = rows
    assert (row["name"], row["exit_status"], row["exit_on"]) == ("故人", "deceased", "2024-01-01")
    assert row["full_member_on"] == "2020-01-01" and row["is_active"] is False


def test_the_data_check_lists_records_that_break_the_rules(county):
    import io

    from django.core.management import call_command

    Person.objects.unscoped("t").filter(pk=county.person_b.pk).update(full_member_on=None)
    out = io.StringIO()
    call_command("check_people_records", stdout=out)
    text = out.getvalue()
    assert f"#{county.person_b.pk} 李乙" in text and "full_member_on: 1" in text
    assert text.strip().endswith("1 of 2 records break a rule.")
    assert Person.objects.unscoped("t").get(pk=county.person_b.pk).full_member_on is None


def test_the_demo_countys_people_keep_the_record_rules(db):
    import io

    from django.core.management import call_command

    from dangjian.orgs import demo

    demo.build_county(orgs=40, members=300, seed=7, progress=False, today=TODAY)
    out = io.StringIO()
    call_command("check_people_records", stdout=out)
    assert out.getvalue().strip().splitlines()[-1].startswith("0 of "), out.getvalue()[-2000:]
