"""The kernel's promises: scoping fails closed, the system check guards the scoping paths,
no write goes around the services (admin), side effects wait for the commit, error pages."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from dangjian import views
from dangjian.orgs.checks import check_scoped_models
from dangjian.orgs.models import AuditEntry, Organization, Person
from dangjian.orgs.scoping import ScopeError, unscoped_block
from dangjian.originality import index, services
from dangjian.originality.models import Check, Submission


@pytest.mark.parametrize(
    "query",
    [
        lambda: list(Person.objects.all()),
        lambda: Person.objects.filter(name="张甲").first(),
        lambda: Person.objects.count(),
        lambda: Person.objects.exists(),
        lambda: list(Person.objects.iterator()),
        lambda: Person.objects.filter(pk=1).update(name="x"),
        lambda: Person.objects.filter(pk=1).delete(),
        lambda: Organization.objects.get(code="TA"),
        lambda: list(Organization.objects.values_list("name", flat=True)),
    ],
    ids=["list", "first", "count", "exists", "iterator", "update", "delete", "get", "values"],
)
def test_unscoped_queries_raise(county, query):
    with pytest.raises(ScopeError):
        query()


def test_related_managers_fail_closed_too(county):
    with pytest.raises(ScopeError):
        list(county.township_a.children.all())


def test_scoped_and_explicitly_unscoped_queries_work(county):
    assert list(Person.objects.visible_to(county.secretary_b)) == [county.person_b]
    assert Person.objects.unscoped("test").count() == 2
    with unscoped_block("test"):
        assert Person.objects.count() == 2
    with pytest.raises(ValueError):
        Person.objects.unscoped("")


def test_system_check_fails_on_a_broken_scoping_path(monkeypatch):
    assert check_scoped_models() == []
    monkeypatch.setattr(Person, "ORG_PATH", "primary_org__no_such_field")
    monkeypatch.setattr(Submission, "SELF_PATH", "org")
    ids = sorted(error.id for error in check_scoped_models())
    assert ids == ["dangjian.E002", "dangjian.E003"]


def test_admin_cannot_change_an_orgs_parent_or_add_orgs(client, county):
    client.force_login(county.superuser)
    change = reverse("admin:orgs_organization_change", args=[county.village_a1.pk])
    response = client.post(change, {"parent": county.township_b.pk, "code": "A1", "name": "x"})
    assert response.status_code == 403
    village = Organization.objects.unscoped("test").get(pk=county.village_a1.pk)
    assert village.parent_id == county.township_a.pk and village.path == county.village_a1.path
    assert client.get(reverse("admin:orgs_organization_add")).status_code == 403
    # Read-only viewing still works for the system administrator.
    assert client.get(change).status_code == 200


def test_audit_entries_cannot_be_changed_through_any_url(client, county):
    entry = AuditEntry.objects.unscoped("test").first()
    client.force_login(county.superuser)
    for name in ("admin:orgs_auditentry_change", "admin:orgs_auditentry_delete"):
        response = client.post(reverse(name, args=[entry.pk]), {"action": "forged", "post": "yes"})
        assert response.status_code == 403
    assert AuditEntry.objects.unscoped("test").get(pk=entry.pk).action == entry.action


def test_audit_entry_names_the_targets_organization_and_model(county):
    entry = AuditEntry.objects.unscoped("test").get(
        action="orgs.person.create", target_id=str(county.person_b.pk)
    )
    assert entry.org_path == county.village_b1.path and entry.target_type == "orgs.Person"


def test_a_rolled_back_submission_leaves_nothing_in_the_index(
    county, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submission = services.submission_create(
                    actor=county.secretary_a,
                    org=county.village_a1,
                    title="草稿",
                    text="学习心得" * 30,
                    index_it=True,
                )
                raise RuntimeError("the caller's transaction fails after the service")
        except RuntimeError:
            pass
    assert services.submission_ref(submission) not in index.engine()
    assert len(index.engine()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.submission_create(
            actor=county.secretary_a,
            org=county.village_a1,
            title="定稿",
            text="学习心得" * 30,
            index_it=True,
        )
    assert services.submission_ref(kept) in index.engine()


def test_a_check_requested_across_scopes_is_not_found(county):
    submission = services.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="甲", text="学习心得" * 30
    )
    with pytest.raises(Submission.DoesNotExist):
        services.check_request(actor=county.secretary_b, submission=submission)
    assert not Check.objects.unscoped("test").exists()
    check = services.check_request(actor=county.secretary_a, submission=submission)
    entry = AuditEntry.objects.unscoped("test").get(action="originality.check.request")
    assert entry.target_id == str(check.pk) and entry.org_path == county.village_a1.path


def test_404_and_403_are_chinese_pages_inside_the_layout(client, county):
    client.force_login(county.member_a)
    for url, status in (
        (reverse("orgs:org-detail", args=[county.village_b1.pk]), 404),
        (reverse("orgs:org-edit", args=[county.village_a1.pk]), 403),
        ("/no/such/page/", 404),
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == status
        assert "返回首页" in body and 'class="navbar' in body, url
        assert county.village_b1.name not in body


def test_500_page_is_chinese_even_when_the_layout_fails(rf: RequestFactory, monkeypatch):
    request = rf.get("/")
    response = views.server_error(request)  # no user, no session: the plain fallback
    assert response.status_code == 500 and "出错" in response.content.decode()


def test_import_jobs_are_permission_checked_and_audited(county):
    from django.core.exceptions import PermissionDenied

    from dangjian.orgs import services as org_services
    from dangjian.orgs.models import ImportJob

    for outsider in (county.member_a, county.inspector_b):
        with pytest.raises(PermissionDenied):
            org_services.import_job_create(
                actor=outsider, kind="people", filename="a.xlsx", content=b""
            )
    assert not ImportJob.objects.unscoped("test").exists()
    job = org_services.import_job_create(
        actor=county.secretary_b, kind="people", filename="b.xlsx", content=b""
    )
    assert job.scope_org == county.township_b
    entry = AuditEntry.objects.unscoped("test").get(action="orgs.import.create")
    assert entry.org_path == county.township_b.path and entry.target_id == str(job.pk)
