"""Every page shows the menu of the signed-in user, never a wider one.

The menu is built from the request's user while the page renders, so a view that handed a
wider user to its template would show it here: township B's secretary and inspector and a
member of village A1 each get the same menu on every page they may open, 403 and 404 pages
included.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian import views
from dangjian.orgs import account_services

pytestmark = pytest.mark.django_db

ORGS = ["orgs:org-list", "orgs:person-list", "orgs:org-terms"]
REVIEW = ["study:review-queue", "originality:check-list"]
STUDY = [
    "study:home",
    "study:session-calendar",
    "study:hall-list",
    "orglife:home",
    "work:home",
    "assess:home",
    "honors:home",
]
MENUS = {
    "secretary_b": ["home", *STUDY, *ORGS, *REVIEW, "orgs:account-list"],
    "inspector_b": ["home", *STUDY, *ORGS, *REVIEW],
    "member_a": ["home", *STUDY, "orgs:person-list"],
}


def pages(county, data, persona: str) -> list[tuple[str, int]]:
    """(URL, expected status) of pages the persona opens, and some it may not."""
    b1, person_b = county.village_b1.pk, county.person_b.pk
    common = [
        (reverse("home"), 200),
        (reverse("notices:list"), 200),
        (reverse("password_change"), 200),
        (reverse("orgs:api-tokens"), 200),
        (reverse("orgs:org-detail", args=[county.root.pk]), 404),
    ]
    if persona == "member_a":
        return [
            *common,
            (reverse("orgs:person-list"), 200),
            (reverse("orgs:person-detail", args=[county.person_a.pk]), 200),
            (reverse("orgs:org-detail", args=[county.village_a1.pk]), 200),
            (reverse("orgs:org-edit", args=[county.village_a1.pk]), 403),
            (reverse("originality:check-list"), 403),
        ]
    reader = [
        *common,
        (reverse("orgs:org-list"), 200),
        (reverse("orgs:org-list") + "?q=村", 200),
        (reverse("orgs:org-detail", args=[b1]), 200),
        (reverse("orgs:person-list"), 200),
        (reverse("orgs:person-detail", args=[person_b]), 200),
        (reverse("orgs:org-terms"), 200),
        (reverse("originality:check-list"), 200),
        (reverse("originality:check-new"), 200),
        (reverse("originality:corpus-list"), 200),
        (reverse("orgs:org-detail", args=[county.village_a1.pk]), 404),
        (reverse("orgs:person-detail", args=[county.person_a.pk]), 404),
    ]
    if persona == "inspector_b":
        return [*reader, (reverse("orgs:org-edit", args=[b1]), 403)]
    return [
        *reader,
        (reverse("orgs:org-edit", args=[b1]), 200),
        (reverse("orgs:org-create") + f"?parent={b1}", 200),
        (reverse("orgs:org-create") + f"?parent={county.village_a1.pk}", 404),
        (reverse("orgs:org-move", args=[b1]), 200),
        (reverse("orgs:person-create"), 200),
        (reverse("orgs:person-edit", args=[person_b]), 200),
        (reverse("orgs:person-transfer", args=[person_b]), 200),
        (reverse("orgs:account-list"), 200),
        (reverse("orgs:account-create"), 200),
        (reverse("orgs:account-detail", args=[county.person_b.user_id]), 200),
        (reverse("orgs:import-status", args=[data.job_b.pk]), 200),
        (reverse("orgs:import-status", args=[data.job_a.pk]), 404),
    ]


@pytest.mark.parametrize("persona", sorted(MENUS))
def test_every_page_shows_the_users_own_menu(client, county, both_townships, persona):
    account_services.account_create(actor=county.dept_admin, person=county.person_b, username="lb")
    county.person_b.refresh_from_db()
    client.force_login(getattr(county, persona))
    expected = [reverse(name) for name in MENUS[persona]]
    for url, status in pages(county, both_townships, persona):
        response = client.get(url)
        assert response.status_code == status, url
        shown = [link for link, _label in response.context["nav_items"]]
        assert shown == expected, url
        assert response.context["nav_can_change"] == (persona == "secretary_b"), url
        assert len(response.context["nav_roles"]) == 1, url


def test_forms_sent_back_with_errors_show_the_users_own_menu(client, county):
    client.force_login(county.secretary_b)
    b1, person_b = county.village_b1.pk, county.person_b.pk
    for url in (
        reverse("orgs:org-edit", args=[b1]),
        reverse("orgs:org-create") + f"?parent={b1}",
        reverse("orgs:org-move", args=[b1]),
        reverse("orgs:person-create"),
        reverse("orgs:person-edit", args=[person_b]),
        reverse("orgs:person-transfer", args=[person_b]),
    ):
        response = client.post(url, {"unknown": "1"})  # bound, with required fields missing
        assert response.status_code == 200, url
        assert response.context["form"].errors, url
        shown = [link for link, _label in response.context["nav_items"]]
        assert shown == [reverse(name) for name in MENUS["secretary_b"]], url


def test_the_one_time_password_page_shows_the_secretarys_menu(client, county):
    account_services.account_create(actor=county.dept_admin, person=county.person_b, username="lb")
    county.person_b.refresh_from_db()
    client.force_login(county.secretary_b)
    response = client.post(reverse("orgs:password-reset", args=[county.person_b.user_id]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    shown = [link for link, _label in response.context["nav_items"]]
    assert shown == [reverse(name) for name in MENUS["secretary_b"]]


def test_the_500_page_shows_the_users_own_menu(rf, county):
    request = rf.get("/")
    request.user = county.member_a
    body = views.server_error(request).content.decode()
    assert f'href="{reverse("orgs:person-list")}"' in body
    assert f'href="{reverse("orgs:org-list")}"' not in body
    assert f'href="{reverse("orgs:account-list")}"' not in body
