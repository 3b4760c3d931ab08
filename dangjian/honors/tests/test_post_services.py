"""设岗定责 services: a secretary defines posts of their organizations, assigns members of the
subtree, reassigns and vacates (audited old → new); bad input refused with its own message,
nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
