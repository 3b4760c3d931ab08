"""设岗定责 services: a secretary defines posts of their organizations, assigns members of the
subtree, reassigns and vacates (audited old → new); bad input refused with its own message,
nothing saved."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import translation

from dangjian.conftest import make_person
from dangjian.honors import post_services as services
from dangjian.honors import rules_post as rules
from dangjian.honors.models import Post
from dangjian.honors.tests import fixtures_commitment as fx
from dangjian.orgs.models import AuditEntry, Organization, Person

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _posts() -> int:
    return Post.objects.unscoped("test").count()


def test_secretary_defines_a_post_held_from_today(county):
    post = services.post_create(
        actor=county.secretary_a,
        org=county.township_a,
        title=" 政策宣传岗 ",
        duties="宣传惠民政策",
        demonstration=True,
        person=county.person_a,  # in village A1, below township A
        today=TODAY,
    )
    assert (post.title, post.person, post.since, post.demonstration) == (
        "政策宣传岗",
        county.person_a,
        TODAY,
        True,
    )
    entry = AuditEntry.objects.unscoped("test").get(action="honors.post.create")
    assert entry.data["person"] == county.person_a.pk


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "岗"}, "title", "At least 2 characters."),
        ({"title": "长" * 81}, "title", "81 characters; at most 80 are accepted."),
        ({"duties": " "}, "duties", "This field is required."),
        ({"duties": "长" * 1001}, "duties", "1,001 characters; at most 1,000 are accepted."),
        ({"since": datetime.date(2026, 1, 1)}, "since", "A vacant post has no “held since” date."),
        (
            {"person": "person_a", "since": datetime.date(2026, 6, 11)},
            "since",
            "Enter a date between 2000-01-01 and 2026-06-10.",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(county, fields, field, message):
    values = {"title": "政策宣传岗", "duties": "宣传惠民政策"} | fields
    if values.get("person") == "person_a":
        values["person"] = county.person_a
    with pytest.raises(ValidationError) as caught:
        services.post_create(actor=county.secretary_a, org=county.village_a1, today=TODAY, **values)
    assert caught.value.message_dict == {field: [message]}
    assert _posts() == 0


def test_the_holder_is_an_active_member_of_the_subtree_with_few_posts(county):
    outsider = make_person(county.superuser, county.township_a, "镇机关党员")
    with pytest.raises(ValidationError) as caught:
        services.post_create(
            actor=county.secretary_a,
            org=county.village_a1,
            title="政策宣传岗",
            duties="宣传",
            person=outsider,
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "person": ["镇机关党员 is not a member of 甲一村党支部 or an organization below it."]
    }
    with pytest.raises(Person.DoesNotExist):  # township B's member: out of reach
        services.post_create(
            actor=county.secretary_a,
            org=county.village_a1,
            title="政策宣传岗",
            duties="宣传",
            person=county.person_b,
            today=TODAY,
        )
    for i in range(rules.POSTS_PER_PERSON_MAX):
        fx.post(county, person=county.person_a, title=f"岗位{i}")
    with pytest.raises(ValidationError) as caught:
        services.post_create(
            actor=county.secretary_a,
            org=county.village_a1,
            title="第四岗",
            duties="宣传",
            person=county.person_a,
            today=TODAY,
        )
    assert caught.value.message_dict == {"person": ["张甲 already holds 3 posts; at most 3."]}
    assert _posts() == rules.POSTS_PER_PERSON_MAX


def test_who_may_not_define_posts(county):
    for actor, error in (
        (county.member_a, PermissionDenied),  # sees village A1, may not change it
        (county.inspector_b, Organization.DoesNotExist),
        (county.secretary_b, Organization.DoesNotExist),
    ):
        with pytest.raises(error):
            services.post_create(
                actor=actor, org=county.village_a1, title="政策宣传岗", duties="宣传", today=TODAY
            )
    assert _posts() == 0


def test_reassign_and_vacate_are_audited(county):
    post = fx.post(county, person=county.person_a)
    other = make_person(county.superuser, county.group_a1, "王组员")
    services.post_assign(actor=county.secretary_a, post=post, person=other, today=TODAY)
    post.refresh_from_db()
    assert (post.person, post.since) == (other, TODAY)
    services.post_assign(actor=county.secretary_a, post=post, person=None, today=TODAY)
    post.refresh_from_db()
    assert (post.person, post.since) == (None, None)
    entries = (
        AuditEntry.objects.unscoped("test")
        .filter(target_type="honors.Post", target_id=str(post.pk))
        .order_by("pk")
    )
    assert [(e.action, e.data["person"]) for e in entries] == [
        ("honors.post.assign", [county.person_a.pk, other.pk]),
        ("honors.post.vacate", [other.pk, None]),
    ]
    with pytest.raises(PermissionDenied):  # the member sees their post, may not change it
        services.post_assign(
            actor=county.member_a, post=fx.post(county, person=county.person_a), person=None
        )


def test_a_post_out_of_use_loses_its_holder_and_takes_none(county):
    post = fx.post(county, person=county.person_a)
    services.post_update(
        actor=county.secretary_a,
        post=post,
        title=post.title,
        duties=post.duties,
        demonstration=True,
        active=False,
    )
    post.refresh_from_db()
    assert (post.active, post.person) == (False, None)
    with pytest.raises(ValidationError) as caught:
        services.post_assign(actor=county.secretary_a, post=post, person=county.person_a)
    assert caught.value.messages == [
        "This post is no longer in use: assign a member to a post in use."
    ]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_assignments_keep_the_per_person_limit(county):
    """Two posts assigned to one member at once (each post locked on its own): the second
    waits for the first on the member's row and then counts it, so the limit holds."""
    if connection.vendor != "postgresql":
        pytest.skip("simultaneous transactions need PostgreSQL (DATABASE_URL=postgresql://...)")
    held = rules.POSTS_PER_PERSON_MAX - 1
    for i in range(held):
        fx.post(county, person=county.person_a, title=f"已有岗位{i}")
    first, second = fx.post(county, title="新岗位甲"), fx.post(county, title="新岗位乙")
    first_assigned, second_started = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def assign_first():
        translation.activate("en")  # a thread starts in the site's language
        try:
            with transaction.atomic():
                services.post_assign(
                    actor=county.secretary_a, post=first, person=county.person_a, today=TODAY
                )
                first_assigned.set()
                # Hold the transaction open until the second one is under way (and, with the
                # lock, waiting for this one).
                second_started.wait(5)
                time.sleep(1)
            outcome["first"] = "assigned"
        except Exception as error:  # reported by the assertion below
            outcome["first"] = error
        finally:
            first_assigned.set()
            connections.close_all()

    def assign_second():
        translation.activate("en")
        try:
            first_assigned.wait(5)
            second_started.set()
            services.post_assign(
                actor=county.secretary_a, post=second, person=county.person_a, today=TODAY
            )
            outcome["second"] = "assigned"
        except ValidationError as error:
            outcome["second"] = error.message_dict
        except Exception as error:  # reported by the assertion below
            outcome["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=assign_first), threading.Thread(target=assign_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["first"] == "assigned", outcome
    limit = rules.POSTS_PER_PERSON_MAX
    expected = f"{county.person_a.name} already holds {limit} posts; at most {limit}."
    assert outcome["second"] == {"person": [expected]}, outcome
    holding = Post.objects.unscoped("test").filter(person=county.person_a, active=True)
    assert holding.count() == limit
