"""Role × URL matrix rows of the dues part (党费).

Everything is about village A1 (township A), where person_a (member_a) pays dues: A's chain
reads and writes, the member reads (their own row; the publication is for every member) and
gets 403 on the writing pages, township B's people get 404.
"""

from __future__ import annotations

from django.urls import reverse


def _with_base(county) -> int:
    from dangjian.orglife.tests.dues_fixtures import declare

    declare(county)
    return county.village_a1.pk


def _org_url(name: str, query: str = ""):
    return lambda c: reverse(name, args=[_with_base(c)]) + query


def _import_payload(county) -> dict:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["身份证号码", "姓名", "类别", "月收入", "起始月份", "农民党费"])
    book.active.append([county.person_a.id_card, county.person_a.name, "employed", 5000, "", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("bases.xlsx", buffer.getvalue())}


def _round_url(name: str):
    from dangjian.orglife.tests.reviews_fixtures import review_round

    return lambda c: reverse(name, args=[review_round(c, extra=1).pk])


def _entry_url(county) -> str:
    from dangjian.orglife.models import ReviewEntry
    from dangjian.orglife.tests.reviews_fixtures import review_round

    round_ = review_round(county, extra=1)
    entry = ReviewEntry.objects.unscoped("test").get(round=round_, person=county.person_a)
    return reverse("orglife:review-grade", args=[entry.pk])


def _rate_payload(county) -> dict:
    from dangjian.orgs.models import Person

    other = Person.objects.unscoped("test").get(name="评议党员0")
    return {f"grade_{other.pk}": "qualified"}


def _election(county) -> int:
    from django.utils import timezone

    from dangjian.orglife import elections_services

    record = elections_services.election_record(
        actor=county.superuser,
        org=county.village_a1,
        elected_on=timezone.localdate(),
        term_number=1,
        members=[(county.person_a, "书记")],
    )
    return record.pk


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from django.utils import timezone

    from dangjian.orglife.tests.dues_fixtures import this_month
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_WRITERS,
        Case,
        api,
        every,
    )

    # The round's own member writes their part; organizers who are not members get 403.
    participant = A_VIEW | {"superuser": 403, "dept_admin": 403, "secretary_a": 403}
    member = frozenset({"member_a"})
    return [
        Case("orglife:dues-home", lambda c: reverse("orglife:dues-home"), every(200)),
        Case("orglife:dues-org", _org_url("orglife:dues-org"), A_VIEW),
        Case("orglife:dues-owed", _org_url("orglife:dues-owed"), A_VIEW),
        Case("orglife:dues-summary", _org_url("orglife:dues-summary"), A_VIEW),
        Case("orglife:dues-publication", _org_url("orglife:dues-publication"), A_VIEW),
        Case(
            "orglife:dues-publication",
            _org_url("orglife:dues-publication", "?format=xlsx"),
            A_VIEW,
        ),
        Case("orglife:dues-ledger-xlsx", _org_url("orglife:dues-ledger-xlsx"), A_VIEW),
        Case(
            "orglife:dues-base",
            _org_url("orglife:dues-base"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {
                "person": c.person_a.pk,
                "category": "retired",
                "income": "5000.01",
                "effective_from": f"{this_month():%Y-%m}",
            },
            writers=A_WRITERS,
        ),
        Case(
            "orglife:dues-pay",
            _org_url("orglife:dues-pay"),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {
                "person": c.person_a.pk,
                "month": f"{this_month():%Y-%m}",
                "months": 1,
                "paid_on": this_month().isoformat(),
            },
            writers=A_WRITERS,
        ),
        Case(
            "orglife:dues-import",
            _org_url("orglife:dues-import"),
            A_CHANGE,
            post=A_CHANGED,
            payload=_import_payload,
            writers=A_WRITERS,
        ),
        Case(
            "orglife:dues-person",
            lambda c: reverse("orglife:dues-person", args=[c.person_a.pk]),
            A_VIEW,
        ),
        Case(
            "api:orglife-dues-list",
            lambda c: reverse("api:orglife-dues-list") + f"?org={_with_base(c)}",
            api(A_VIEW),
            post=api(every(405)),
            why="payments are recorded on the pages; the API reads the year",
        ),
        # 民主评议党员: only the round's members write their own part (organizers who are not
        # members get 403); the committee grades and closes.
        Case(
            "orglife:reviews",
            lambda c: reverse("orglife:reviews"),
            every(200),
            post=A_CREATED,
            payload=lambda c: {"org": c.village_a1.pk, "year": timezone.localdate().year},
            writers=A_WRITERS,
        ),
        Case("orglife:review-detail", _round_url("orglife:review-detail"), A_VIEW),
        Case(
            "orglife:review-self",
            _round_url("orglife:review-self"),
            participant,
            post=participant | {"member_a": 302},
            payload=lambda c: {"text": "一年来按时参加组织生活，认真学习。"},
            writers=member,
        ),
        Case(
            "orglife:review-rate",
            _round_url("orglife:review-rate"),
            participant,
            post=participant | {"member_a": 302},
            payload=_rate_payload,
            writers=member,
        ),
        Case(
            "orglife:review-grade",
            _entry_url,
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"grade": "excellent"},
            writers=A_WRITERS,
        ),
        Case(
            "orglife:review-close",
            _round_url("orglife:review-close"),
            every(405),
            post=A_CHANGED,
            writers=A_WRITERS,
            why="closing is a POST from the round's page",
        ),
        # 换届: the records in reach; recording is the organization's own (CHANGE).
        Case("orglife:elections", lambda c: reverse("orglife:elections"), every(200)),
        Case(
            "orglife:election-detail",
            lambda c: reverse("orglife:election-detail", args=[_election(c)]),
            A_VIEW,
        ),
        Case(
            "orglife:election-create",
            lambda c: reverse("orglife:election-create", args=[c.village_a1.pk]),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {
                "elected_on": timezone.localdate().isoformat(),
                "term_number": 1,
                "person_0": c.person_a.pk,
                "post_0": "书记",
            },
            writers=A_WRITERS,
        ),
    ]
