"""A county and a township below it both rate (评星): the township may only make the criteria it
inherits stricter, and per organization and year only the outermost issuer that published a
rating speaks on the public plaque list and the plaque list (the township's stays internal,
labelled with it)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dangjian.honors import star_services
from dangjian.honors.models import StarCriteria, StarRating
from dangjian.honors.tests.fixtures_star import last_year, published_round

pytestmark = pytest.mark.django_db

DEFAULT_VETOES = [
    {
        "indicator": "work.rectifications_on_time",
        "when": "ratio_below",
        "value": "1",
        "effect": "max_stars",
        "stars": 2,
        "label": "整改未按期完成",
    },
    {
        "indicator": "work.items_overdue",
        "when": "count_above",
        "value": "0",
        "effect": "minus_stars",
        "stars": 1,
        "label": "工作事项逾期未完成",
    },
]
DEFAULT_THRESHOLDS = [
    {"stars": 5, "min_score": "95"},
    {"stars": 4, "min_score": "90"},
    {"stars": 3, "min_score": "80"},
    {"stars": 2, "min_score": "70"},
]
# Stricter than the defaults on every line (2★ from 75: a 72 earns one star).
STRICTER = [
    {"stars": 5, "min_score": "96"},
    {"stars": 4, "min_score": "91"},
    {"stars": 3, "min_score": "81"},
    {"stars": 2, "min_score": "75"},
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _save(county, actor, issuer, thresholds, vetoes, year=None):
    return star_services.criteria_save(
        actor=actor, issuer=issuer, year=year or last_year(), thresholds=thresholds, vetoes=vetoes
    )


def _township(county, thresholds, vetoes):
    return _save(county, county.secretary_a, county.township_a, thresholds, vetoes)


def _refused(county, thresholds, vetoes) -> dict:
    with pytest.raises(ValidationError) as refused:
        _township(county, thresholds, vetoes)
    return refused.value.message_dict


def _public_sections(year: int) -> dict[str, str]:
    html = Client().get(reverse("honors:star-public", args=[year])).content.decode()
    return dict(re.findall(r'data-stars="(\d)">(.*?)</section>', html, re.S))


def test_township_overrides_county_stars_on_public_plaque_list(county):
    """The security finding: the township loosened the county's criteria, published, and its
    five stars stood on the public list beside the county's two."""
    year = last_year()
    published_round(county, {county.village_a1: "72"}, year=year)
    star_services.rating_run(actor=county.superuser, issuer=county.root, year=year)
    star_services.ratings_publish(actor=county.superuser, issuer=county.root, year=year)
    # Loosening is refused with the line named, nothing saved.
    messages = _refused(county, [{"stars": 5, "min_score": "0"}], [])
    assert any("5 stars from 0 are looser" in text for text in messages["thresholds"])
    assert "vetoes" in messages  # both default vetoes dropped
    assert not StarCriteria.objects.unscoped("test").exists()
    # The township rates on stricter criteria of its own (72 < 75: one star) and publishes.
    _township(county, STRICTER, DEFAULT_VETOES)
    star_services.rating_run(actor=county.secretary_a, issuer=county.township_a, year=year)
    star_services.ratings_publish(actor=county.secretary_a, issuer=county.township_a, year=year)
    both = StarRating.objects.unscoped("test").filter(org=county.village_a1, published=True)
    assert sorted(both.values_list("issuer_id", "stars")) == sorted(
        [(county.root.pk, 2), (county.township_a.pk, 1)]
    )
    sections = _public_sections(year)
    assert [s for s, body in sections.items() if "甲一村党支部" in body] == ["2"]
    # A re-run of the county not yet published: the county's published rating keeps the
    # township's off the public list (the village is simply absent meanwhile).
    star_services.rating_run(actor=county.superuser, issuer=county.root, year=year)
    sections = _public_sections(year)
    assert not any("甲一村党支部" in body for body in sections.values())


def test_plaque_list_one_rating_per_org_the_outermost_issuers(client, county):
    year = last_year()
    published_round(county, {county.village_a1: "72"}, year=year)
    star_services.rating_run(actor=county.superuser, issuer=county.root, year=year)
    star_services.ratings_publish(actor=county.superuser, issuer=county.root, year=year)
    _township(county, STRICTER, DEFAULT_VETOES)
    star_services.rating_run(actor=county.secretary_a, issuer=county.township_a, year=year)
    star_services.ratings_publish(actor=county.secretary_a, issuer=county.township_a, year=year)
    for user in (county.dept_admin, county.secretary_a):
        client.force_login(user)
        page = client.get(reverse("honors:star-plaque", args=[year])).content.decode()
        stars = re.findall(r'data-stars="(\d)"><td>\d+</td><td[^>]*>甲一村党支部', page)
        assert stars == ["2"], (user, stars)
    # The township's own list is its internal one, named by it.
    client.force_login(county.secretary_a)
    url = reverse("honors:star-plaque", args=[year]) + f"?issuer={county.township_a.pk}"
    page = client.get(url).content.decode()
    assert county.township_a.name in page
    assert re.findall(r'data-stars="(\d)"><td>\d+</td><td[^>]*>甲一村党支部', page) == ["1"]
    # The history shows both, each labelled with its issuer.
    page = client.get(reverse("honors:star-history", args=[county.village_a1.pk])).content
    assert county.root.name in page.decode() and county.township_a.name in page.decode()


def test_where_the_county_did_not_rate_the_townships_published_rating_is_public(county):
    year = last_year()
    # The county's round has township B only; township A's own round rates village A1.
    published_round(county, {county.township_b: "91"}, year=year)
    published_round(county, {county.village_a1: "96"}, year=year, issuer=county.township_a)
    star_services.rating_run(actor=county.superuser, issuer=county.root, year=year)
    star_services.ratings_publish(actor=county.superuser, issuer=county.root, year=year)
    county_row = StarRating.objects.unscoped("test").get(org=county.village_a1)
    assert county_row.stars == 0  # not rated by the county: no result in its rounds
    star_services.rating_run(actor=county.secretary_a, issuer=county.township_a, year=year)
    star_services.ratings_publish(actor=county.secretary_a, issuer=county.township_a, year=year)
    sections = _public_sections(year)
    assert [s for s, body in sections.items() if "甲一村党支部" in body] == ["5"]


@pytest.mark.parametrize(
    ("thresholds", "vetoes", "field", "words"),
    [
        # 4★ from 89 where the inherited asks 90.
        (
            [{"stars": 5, "min_score": "95"}, {"stars": 4, "min_score": "89"}],
            DEFAULT_VETOES,
            "thresholds",
            "4 stars from 89 are looser than the criteria of 示范县委 (at least 90)",
        ),
        # Fewer lines that still loosen: 3★ and 2★ from 85 and 60 → 2★ from 60 < 70.
        (
            [{"stars": 3, "min_score": "85"}, {"stars": 2, "min_score": "60"}],
            DEFAULT_VETOES,
            "thresholds",
            "2 stars from 60 are looser",
        ),
        # The veto of an overdue rectification dropped.
        (DEFAULT_THRESHOLDS, DEFAULT_VETOES[1:], "vetoes", "“整改未按期完成”"),
        # Made milder: at most 3 stars instead of 2.
        (DEFAULT_THRESHOLDS, [dict(DEFAULT_VETOES[0], stars=3), DEFAULT_VETOES[1]], "vetoes",
         "“整改未按期完成”"),
        # Milder: ratio below 0.9 instead of below 1.
        (DEFAULT_THRESHOLDS, [dict(DEFAULT_VETOES[0], value="0.9"), DEFAULT_VETOES[1]],
         "vetoes", "“整改未按期完成”"),
        # Milder: more than 2 overdue items instead of more than 0.
        (DEFAULT_THRESHOLDS, [DEFAULT_VETOES[0], dict(DEFAULT_VETOES[1], value="2")], "vetoes",
         "“工作事项逾期未完成”"),
        # Out of order: minus one, then the cap, gives 2 where the inherited order gives 1.
        (DEFAULT_THRESHOLDS, [DEFAULT_VETOES[1], DEFAULT_VETOES[0]], "vetoes",
         "out of its order"),
    ],
)  # fmt: skip
def test_looser_criteria_of_the_township_refused_with_their_message(
    county, thresholds, vetoes, field, words
):
    _save(county, county.dept_admin, county.root, DEFAULT_THRESHOLDS, DEFAULT_VETOES)
    before = StarCriteria.objects.unscoped("test").count()
    messages = _refused(county, thresholds, vetoes)
    assert any(words in text for text in messages[field]), messages
    assert StarCriteria.objects.unscoped("test").count() == before


def test_stricter_criteria_and_extra_vetoes_are_accepted(county):
    extra = dict(DEFAULT_VETOES[1], value="3", stars=2, label="逾期事项较多")
    vetoes = [
        dict(DEFAULT_VETOES[0], value="1", stars=1),  # a lower cap: stricter
        extra,
        DEFAULT_VETOES[1],
    ]
    # 2★ and above only from 80: a level left out of reach is stricter.
    row = _township(county, [{"stars": 5, "min_score": "97"}, {"stars": 2, "min_score": "80"}],
                    vetoes)  # fmt: skip
    assert row.org_id == county.township_a.pk and len(row.vetoes) == 3
    # The county itself (top level) sets its criteria freely.
    _save(county, county.dept_admin, county.root, [{"stars": 5, "min_score": "60"}], [])


def test_inherited_from_the_county_not_only_the_defaults(county):
    _save(county, county.dept_admin, county.root, STRICTER, [])
    messages = _refused(county, DEFAULT_THRESHOLDS, [])
    assert any("of 示范县委 (at least 96)" in text for text in messages["thresholds"]), messages


def test_a_run_on_criteria_the_county_later_tightened_is_refused(county):
    year = last_year()
    published_round(county, {county.village_a1: "92"}, year=year)
    _township(county, DEFAULT_THRESHOLDS, DEFAULT_VETOES)
    _save(county, county.dept_admin, county.root, STRICTER, DEFAULT_VETOES)
    with pytest.raises(ValidationError) as refused:
        star_services.rating_run(actor=county.secretary_a, issuer=county.township_a, year=year)
    assert "looser" in str(refused.value.message_dict["thresholds"])
    assert not StarRating.objects.unscoped("test").exists()
