"""The check page's author (送检人): a person in the reviewer's reach, whose earlier texts
count as their own (去除本人文献复制比)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangjian.originality import services
from dangjian.originality.models import Check, Submission
from dangjian.originality.tests.texts import cjk

NEW = reverse("originality:check-new")
EARLIER = cjk(300, seed=110)  # the author's earlier note, in the index


@pytest.fixture
def earlier_note(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_create(
            actor=county.superuser,
            org=county.village_a1,
            title="张甲的旧心得",
            text=EARLIER,
            author=county.person_a,
            kind=Submission.Kind.NOTE,
            index_it=True,
        )


def _post(client, data, capture):
    with capture(execute=True):
        return client.post(NEW, data)


def test_named_author_excludes_their_own_earlier_text(
    client, county, earlier_note, django_capture_on_commit_callbacks
):
    client.force_login(county.secretary_a)
    text = cjk(100, seed=111) + EARLIER[:100]
    data = {"org": county.village_a1.pk, "title": "新心得", "text": text}
    _post(client, data | {"author": county.person_a.pk}, django_capture_on_commit_callbacks)
    _post(client, data, django_capture_on_commit_callbacks)
    with_author, without = Check.objects.unscoped("test").order_by("pk")
    assert with_author.submission.author == county.person_a and without.submission.author is None
    assert with_author.total_ratio == without.total_ratio == 0.5
    assert with_author.ratio_excluding_own == 0.0 and without.ratio_excluding_own == 0.5
    page = client.get(reverse("originality:check-detail", args=[with_author.pk])).content.decode()
    assert county.person_a.name in page and "本人文献" in page


def test_author_outside_the_reviewers_reach_is_refused(
    client, county, django_capture_on_commit_callbacks
):
    client.force_login(county.secretary_a)
    response = _post(
        client,
        {"org": county.village_a1.pk, "text": cjk(60, seed=112), "author": county.person_b.pk},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Submission.objects.unscoped("test").exists()
    with pytest.raises(PermissionDenied):
        services.text_check(
            actor=county.secretary_a,
            org=county.village_a1,
            title="x",
            text=cjk(60, seed=113),
            author=county.person_b,
        )
    assert not Submission.objects.unscoped("test").exists()


def test_author_list_follows_the_chosen_organization(client, county):
    client.force_login(county.dept_admin)
    page = client.get(NEW + f"?org={county.village_b1.pk}").content.decode()
    at = page.index('id="id_author"')
    select = page[at : page.index("</select>", at)]
    assert county.person_b.name in select and county.person_a.name not in select
    client.force_login(county.secretary_b)  # township A's organization is not B's to name
    page = client.get(NEW + f"?org={county.village_a1.pk}").content.decode()
    assert county.person_a.name not in page and county.person_b.name in page
    assert f'hx-get="{NEW}"' in page and 'hx-select="#id_author"' in page
