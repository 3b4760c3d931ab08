"""Star rating pages: the list with reasons and its filters, scoping (township B never sees
township A's rating), runs and publishing from the list, the criteria form with the service's
messages, the plaque list in order and its .docx, the public list of published ratings."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from dangjian.honors.models import StarCriteria, StarRating
from dangjian.honors.tests.fixtures_star import last_year, published_round, rated, rating_of
from dangjian.honors.tests.matrix_star import _criteria_fields

pytestmark = pytest.mark.django_db


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _rows(response) -> set[int]:
    """The organizations of the ratings table (its rows' data-org)."""
    import re

    return {int(pk) for pk in re.findall(r'<tr data-org="(\d+)"', response.content.decode())}


def test_list_shows_stars_and_reasons_in_reach_only(client, county):
    rated(county)
    year = last_year()
    page = _get(client, county.secretary_a, reverse("honors:star-list") + f"?year={year}")
    assert page.status_code == 200
    assert _rows(page) == {county.township_a.pk, county.village_a1.pk}
    text = page.content.decode()
    assert "96.5" in text and "92" in text
    # Township B's secretary: B's own rows (not rated, no result), nothing of A.
    page = _get(client, county.secretary_b, reverse("honors:star-list") + f"?year={year}")
    assert _rows(page) == {county.township_b.pk, county.village_b1.pk}
    assert "甲镇党委" not in page.content.decode()
    # The stars filter: 5★ only → village A1 alone; the organization filter: B's subtree.
    url = reverse("honors:star-list") + f"?year={year}&stars=5"
    assert _rows(_get(client, county.dept_admin, url)) == {county.village_a1.pk}
    # Criteria links: the outermost organizations the user rates for, not every branch.
    text = _get(client, county.dept_admin, reverse("honors:star-list")).content.decode()
    assert reverse("honors:star-criteria", args=[county.root.pk, year]) in text
    assert reverse("honors:star-criteria", args=[county.township_a.pk, year]) not in text
    text = _get(client, county.secretary_a, reverse("honors:star-list")).content.decode()
    assert reverse("honors:star-criteria", args=[county.township_a.pk, year]) in text
    url = reverse("honors:star-list") + f"?year={year}&org={county.township_b.pk}"
    assert _rows(_get(client, county.dept_admin, url)) == {
        county.township_b.pk,
        county.village_b1.pk,
    }


def test_unpublished_ratings_are_the_issuers_alone(
    client, county, django_capture_on_commit_callbacks
):
    published_round(county, {county.township_a: "92"})
    client.force_login(county.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("honors:star-run"), {"issuer": county.root.pk, "year": last_year()}
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page and "hx-trigger" not in page
    assert rating_of(county.township_a).stars == 4
    list_url = reverse("honors:star-list") + f"?year={last_year()}"
    assert _rows(_get(client, county.secretary_a, list_url)) == set()
    assert county.township_a.pk in _rows(_get(client, county.dept_admin, list_url))
    client.post(reverse("honors:star-publish"), {"issuer": county.root.pk, "year": last_year()})
    assert rating_of(county.township_a).published
    assert county.township_a.pk in _rows(_get(client, county.secretary_a, list_url))


def test_a_run_out_of_reach_is_refused_with_a_message(client, county):
    client.force_login(county.secretary_b)
    response = client.post(
        reverse("honors:star-run"), {"issuer": county.township_a.pk, "year": last_year()},
        follow=True,
    )  # fmt: skip
    assert not StarRating.objects.unscoped("test").exists()
    assert response.status_code == 200
    (message,) = list(response.context["messages"])
    assert message.level_tag == "error"
    assert "alert-danger" in response.content.decode()


def test_history_keeps_every_run(client, county):
    published_round(county, {county.village_a1: "92"})
    from dangjian.honors import star_services

    star_services.rating_run(actor=county.dept_admin, issuer=county.root, year=last_year())
    published_round(county, {county.village_a1: "97"})
    star_services.rating_run(actor=county.dept_admin, issuer=county.root, year=last_year())
    page = _get(
        client, county.dept_admin, reverse("honors:star-history", args=[county.village_a1.pk])
    )
    text = page.content.decode()
    assert text.count('data-current="0"') == 1 and text.count('data-current="1"') == 1
    assert "92" in text and "97" in text
    response = _get(
        client, county.secretary_b, reverse("honors:star-history", args=[county.village_a1.pk])
    )
    assert response.status_code == 404


def test_criteria_form_saves_and_bad_input_is_refused_with_its_message(client, county):
    url = reverse("honors:star-criteria", args=[county.township_a.pk, last_year()])
    client.force_login(county.secretary_a)
    page = client.get(url)
    assert page.status_code == 200 and "95" in page.content.decode()  # the defaults
    # The veto selects name the indicators; their codes are the values only.
    text = page.content.decode()
    assert '<option value="work.rectifications_on_time" selected>整改事项按时销号</option>' in text
    assert "(work." not in text and "（work." not in text
    bad = _criteria_fields(county) | {"min_4": "97"}  # 4★ above 5★ (96)
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "strictly" in response.content.decode() or "严格" in response.content.decode()
    assert not StarCriteria.objects.unscoped("test").exists()
    unknown = _criteria_fields(county) | {"veto-0-indicator": "work.nothing"}
    response = client.post(url, unknown)
    assert not StarCriteria.objects.unscoped("test").exists()
    response = client.post(url, _criteria_fields(county))
    assert response.status_code == 302
    row = StarCriteria.objects.unscoped("test").get()
    assert row.org_id == county.township_a.pk
    assert row.thresholds[0] == {"stars": 5, "min_score": "96"}
    assert row.vetoes[0]["indicator"] == "work.rectifications_on_time"


def test_plaque_list_by_stars_then_name_and_docx(client, county):
    published_round(
        county,
        {
            county.township_a: "91",
            county.village_a1: "96",
            county.township_b: "92",
            county.village_b1: "50",
        },
    )
    from dangjian.honors import star_services

    star_services.rating_run(actor=county.dept_admin, issuer=county.root, year=last_year())
    page = _get(client, county.dept_admin, reverse("honors:star-plaque", args=[last_year()]))
    text = page.content.decode()
    order = [text.index(name) for name in ("甲一村党支部", "乙镇党委", "甲镇党委", "乙一村党支部")]
    assert order == sorted(order)  # 5★; then the 4★ by name (乙 U+4E59 before 甲 U+7532); 1★
    assert "县教育局党组" not in text  # not rated: no plaque
    response = _get(
        client, county.dept_admin, reverse("honors:star-plaque-docx", args=[last_year()])
    )
    from docx import Document

    table = Document(io.BytesIO(response.content)).tables[0]
    names = [row.cells[1].text for row in table.rows[1:]]
    assert names == ["甲一村党支部", *sorted(["甲镇党委", "乙镇党委"]), "乙一村党支部"]
    assert [row.cells[2].text for row in table.rows[1:]] == ["★★★★★", "★★★★", "★★★★", "★"]


def test_public_list_shows_published_ratings_without_login(client, county):
    rated(county, publish=False)
    url = reverse("honors:star-public", args=[last_year()])
    assert "甲镇党委" not in client.get(url).content.decode()
    from dangjian.honors import star_services

    star_services.ratings_publish(actor=county.dept_admin, issuer=county.root, year=last_year())
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "甲镇党委" in text and "甲一村党支部" in text
    assert "乙镇党委" not in text  # not rated: not on the plaque list
