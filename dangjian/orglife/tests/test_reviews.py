"""民主评议党员: a round per branch and year, self-assessment, anonymous mutual ratings (members
never see who rated whom, the committee sees counts only), grades with reasons, closing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dangjian.orglife import reviews_selectors as selectors
from dangjian.orglife import reviews_services as services
from dangjian.orglife.models import MutualRating, ReviewEntry
from dangjian.orglife.tests.dues_fixtures import english  # noqa: F401
from dangjian.orglife.tests.reviews_fixtures import review_round
from dangjian.orgs.models import AuditEntry, Person, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _others(round_, county) -> list[Person]:
    return [
        entry.person for entry in selectors.entries(round_) if entry.person_id != county.person_a.pk
    ]


def test_open_lists_the_members_once_a_year(county):
    round_ = review_round(county)
    assert len(selectors.entries(round_)) == 3
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=county.secretary_a, org=county.village_a1, year=timezone.localdate().year
        )
    assert "already has its" in str(error.value)
    with pytest.raises(ValidationError):
        services.round_open(
            actor=county.secretary_a, org=county.village_a1, year=timezone.localdate().year - 2
        )
    with pytest.raises(PermissionDenied):
        services.round_open(
            actor=county.secretary_b, org=county.village_a1, year=timezone.localdate().year - 1
        )


def test_self_assessment_only_by_the_member(county):
    round_ = review_round(county)
    with pytest.raises(ValidationError):
        services.self_assess(actor=county.member_a, round_=round_, text="太短")
    entry = services.self_assess(
        actor=county.member_a, round_=round_, text="一年来认真学习，按时交纳党费。"
    )
    assert entry.person == county.person_a and entry.self_assessed_at
    with pytest.raises(PermissionDenied):
        services.self_assess(
            actor=county.secretary_a, round_=round_, text="一年来认真学习党章党规。"
        )


def test_ratings_are_anonymous_between_members(county, client):
    round_ = review_round(county)
    first, second = _others(round_, county)
    services.rate(
        actor=county.member_a, round_=round_, grades={first.pk: "excellent", second.pk: "basic"}
    )
    services.rate(actor=first.user, round_=round_, grades={second.pk: "excellent"})
    # Each member reads only the ratings they gave.
    assert selectors.own_ratings(county.member_a, round_) == {
        first.pk: "excellent",
        second.pk: "basic",
    }
    assert selectors.own_ratings(second.user, round_) == {}
    assert MutualRating.objects.visible_to(second.user).count() == 0
    assert MutualRating.objects.visible_to(county.member_a).count() == 2
    # The committee: counts per rated member only.
    counts = selectors.mutual_counts(round_)
    assert counts[second.pk].raters == 2
    assert counts[second.pk].by_grade == {
        "excellent": 1,
        "qualified": 0,
        "basic": 1,
        "unqualified": 0,
    }
    # The audit log says that someone rated, never whom or how.
    entry = AuditEntry.objects.unscoped("test").filter(action="orglife.review.rate").first()
    assert set(entry.data) == {"count"}
    # Second's own page: neither who rated them nor others' self-assessments.
    client.force_login(second.user)
    page = client.get(reverse("orglife:review-detail", args=[round_.pk])).content.decode()
    assert 'id="review-entries"' not in page and "mutual-counts" not in page
    assert county.person_a.name not in page
    rate_page = client.get(reverse("orglife:review-rate", args=[round_.pk])).content.decode()
    assert 'value="excellent" selected' not in rate_page  # nothing pre-filled: they gave none
    # The committee's page shows counts, not raters.
    client.force_login(county.secretary_a)
    page = client.get(reverse("orglife:review-detail", args=[round_.pk])).content.decode()
    assert "1 / 0 / 1 / 0" in page


def test_rating_oneself_or_strangers_is_refused(county):
    round_ = review_round(county)
    with pytest.raises(ValidationError):
        services.rate(
            actor=county.member_a, round_=round_, grades={county.person_a.pk: "excellent"}
        )
    with pytest.raises(ValidationError):
        services.rate(
            actor=county.member_a, round_=round_, grades={county.person_b.pk: "excellent"}
        )
    with pytest.raises(PermissionDenied):
        services.rate(actor=county.secretary_a, round_=round_, grades={})
    assert not MutualRating.objects.unscoped("test").exists()


@pytest.mark.parametrize("grade", ["basic", "unqualified"])
def test_low_grades_need_a_reason(county, grade):
    round_ = review_round(county, extra=0)
    (entry,) = selectors.entries(round_)
    with pytest.raises(ValidationError) as error:
        services.grade_give(actor=county.secretary_a, entry=entry, grade=grade, reason="  ")
    assert "Give the reason" in " ".join(error.value.message_dict["reason"])
    services.grade_give(
        actor=county.secretary_a, entry=entry, grade=grade, reason="全年未参加组织生活"
    )
    entry.refresh_from_db()
    assert entry.grade == grade


def test_member_may_not_grade_and_close_needs_every_grade(county):
    round_ = review_round(county, extra=1)
    entries = selectors.entries(round_)
    with pytest.raises(PermissionDenied):
        services.grade_give(actor=county.member_a, entry=entries[0], grade="excellent")
    services.grade_give(actor=county.secretary_a, entry=entries[0], grade="excellent")
    with pytest.raises(ValidationError) as error:
        services.round_close(actor=county.secretary_a, round_=round_)
    assert "1 member(s) have no grade yet" in str(error.value)
    services.grade_give(actor=county.secretary_a, entry=entries[1], grade="qualified")
    services.round_close(actor=county.secretary_a, round_=round_)
    assert selectors.results(round_) == {"excellent": 1, "qualified": 1}
    (listed,) = selectors.round_list(county.dept_admin)
    assert (listed.members, listed.n_excellent, listed.n_qualified, listed.n_basic) == (2, 1, 1, 0)
    with pytest.raises(ValidationError):
        services.grade_give(actor=county.secretary_a, entry=entries[1], grade="basic", reason="x")


def test_member_pages_show_own_grade_after_closing(county, client):
    round_ = review_round(county, extra=0)
    (entry,) = selectors.entries(round_)
    services.grade_give(actor=county.secretary_a, entry=entry, grade="excellent")
    client.force_login(county.member_a)
    url = reverse("orglife:review-detail", args=[round_.pk])
    assert 'id="own-grade"' not in client.get(url).content.decode()
    services.round_close(actor=county.secretary_a, round_=round_)
    page = client.get(url).content.decode()
    assert 'id="own-grade"' in page and 'id="review-results"' in page


def test_pages_forms_round_trip(county, client):
    round_ = review_round(county, extra=1)
    (other,) = _others(round_, county)
    client.force_login(county.member_a)
    response = client.post(
        reverse("orglife:review-self", args=[round_.pk]),
        {"text": "认真履行党员义务，积极参加活动。"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("orglife:review-rate", args=[round_.pk]), {f"grade_{other.pk}": "qualified"}
    )
    assert response.status_code == 302
    assert MutualRating.objects.unscoped("test").get().grade == "qualified"
    client.force_login(county.secretary_a)
    entry = ReviewEntry.objects.unscoped("test").get(person=other)
    url = reverse("orglife:review-grade", args=[entry.pk])
    assert client.post(url, {"grade": "unqualified", "reason": ""}).status_code == 200
    assert (
        client.post(url, {"grade": "unqualified", "reason": "长期不参加组织生活"}).status_code
        == 302
    )
    assert User.objects.filter(pk=county.member_a.pk).exists()
