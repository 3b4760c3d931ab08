"""The exemplar part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py).

Township A's round (its committee: township A) takes nominations from village A1, made by a
village secretary who is none of the personas (so that every persona of the committee may
review it). Township A's chain sees and changes; township B's people get 404; the member sees
only the nomination of themselves (张甲). The public pages show township B's round in notice
and its award, which everyone may read (no township A name on them).
"""

from __future__ import annotations

import datetime

from django.urls import reverse

NOMINATION_FIELDS = {"category": "member", "summary": "带领群众发展产业"}


def _village_secretary(c):
    from dangjian.conftest import make_user
    from dangjian.orgs.models import User
    from dangjian.orgs.scoping import Role

    found = User.objects.filter(username="sec_a1").first()
    return found or make_user("sec_a1", (Role.SECRETARY, c.village_a1))


def a_round(c):
    from dangjian.honors.models import ExemplarRound
    from dangjian.honors.tests import fixtures_exemplar as fx

    found = ExemplarRound.objects.unscoped("test").filter(org=c.township_a).first()
    return found or fx.round_(c)


def a_nomination(c, photos=()):
    from dangjian.honors.tests import fixtures_exemplar as fx

    return fx.nominate(c, a_round(c), actor=_village_secretary(c), photos=photos)


def a_reviewed(c):
    from dangjian.honors import exemplar_services as services

    nomination = a_nomination(c)
    services.nomination_review(actor=c.superuser, nomination=nomination, decision="approve")
    return nomination


def a_in_notice(c):
    from dangjian.honors.tests import fixtures_exemplar as fx

    nomination = a_nomination(c)
    fx.in_notice(c, nomination.round, nomination)
    return nomination


def a_objection(c):
    from dangjian.honors import exemplar_notice_services as notice_services
    from dangjian.honors.tests import fixtures_exemplar as fx

    nomination = a_in_notice(c)
    fx.running_today(nomination.round)
    return notice_services.objection_lodge(
        nomination=notice_services.public_nomination(nomination.round.public_key, nomination.pk),
        body="该同志事迹材料中的数字与实际不符",
        contact="13900001111",
    )


def a_ended(c):
    from dangjian.honors.tests import fixtures_exemplar as fx

    nomination = a_in_notice(c)
    fx.ended(nomination.round)
    return nomination


def a_award(c):
    from dangjian.honors import exemplar_decision_services as decision_services

    nomination = a_ended(c)
    (award,) = decision_services.round_decide(
        actor=c.superuser,
        round_=nomination.round,
        decisions=[decision_services.Decision(nomination.pk, True)],
        today=nomination.round.notice_end + datetime.timedelta(days=1),
    )
    return award


def b_notice(c):
    from dangjian.honors.models import ExemplarRound
    from dangjian.honors.tests import fixtures_exemplar as fx

    found = ExemplarRound.objects.unscoped("test").filter(org=c.township_b).first()
    if found is None:
        found, _nomination = fx.b_notice(c, photos=[fx.photo()])
        fx.running_today(found)
    return found


def b_nomination(c):
    from dangjian.honors.models import Nomination

    return Nomination.objects.unscoped("test").get(round=b_notice(c))


def b_photo(c):
    from dangjian.honors.models import NominationAttachment

    return NominationAttachment.objects.unscoped("test").get(nomination=b_nomination(c))


def b_award(c):
    from dangjian.honors import exemplar_decision_services as decision_services
    from dangjian.honors.tests import fixtures_exemplar as fx

    round_obj = fx.ended(b_notice(c))
    (award,) = decision_services.round_decide(
        actor=c.superuser,
        round_=round_obj,
        decisions=[decision_services.Decision(b_nomination(c).pk, True)],
        today=round_obj.notice_end + datetime.timedelta(days=1),
    )
    return award


def _latest_notice_nomination(c):
    from dangjian.honors.models import Nomination

    return Nomination.objects.unscoped("test").filter(status="notice").latest("pk")


def _nomination_payload(c) -> dict:
    from dangjian.honors.tests import fixtures_exemplar as fx

    return NOMINATION_FIELDS | {
        "org": c.village_a1.pk,
        "nominee_person": c.person_a.pk,
        "nominee_org": "",
        "deeds": fx.DEEDS,
    }


def cases() -> list:
    # Imported here: this module is read while test_leak_matrix is being imported.
    from dangjian.tests.test_leak_matrix import (
        A_CHANGE,
        A_CHANGED,
        A_CREATED,
        A_VIEW,
        A_VIEW_NO_MEMBER,
        A_WRITERS,
        LOGIN,
        PERSONAS,
        WRITERS,
        Case,
        api,
        every,
    )

    a_changed = A_VIEW_NO_MEMBER | {"superuser": 302, "dept_admin": 302, "secretary_a": 302}
    a_created = A_VIEW_NO_MEMBER | {"superuser": 201, "dept_admin": 201, "secretary_a": 201}
    public = every(200, anonymous=200)
    everyone = frozenset(PERSONAS)
    post_only = every(405, anonymous=LOGIN)
    url = lambda name, obj: lambda c: reverse(name, args=[obj(c).pk])  # noqa: E731

    return [
        Case("honors:exemplar-rounds", lambda c: reverse("honors:exemplar-rounds"), every(200)),
        Case(
            "honors:exemplar-round-create",
            lambda c: reverse("honors:exemplar-round-create"),
            WRITERS,
            post=A_CREATED,
            payload=lambda c: {
                "org": c.township_a.pk,
                "kind": "monthly",
                "period": "2026-10",
                "title": "",
                "notice_days": 5,
            },
            writers=A_WRITERS,
        ),
        Case("honors:exemplar-round", url("honors:exemplar-round", a_round), A_VIEW_NO_MEMBER),
        Case(
            "honors:exemplar-nominate",
            url("honors:exemplar-nominate", a_round),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=_nomination_payload,
            writers=A_WRITERS,
        ),
        Case(
            "honors:exemplar-round-close",
            url("honors:exemplar-round-close", a_round),
            post_only,
            post=a_changed,
            writers=A_WRITERS,
            why="closing nominations is a POST",
        ),
        Case(
            "honors:exemplar-round-notice",
            lambda c: reverse("honors:exemplar-round-notice", args=[a_reviewed(c).round_id]),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            writers=A_WRITERS,
        ),
        Case(
            "honors:exemplar-round-decide",
            lambda c: reverse("honors:exemplar-round-decide", args=[a_ended(c).round_id]),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=lambda c: {f"award_{_latest_notice_nomination(c).pk}": "yes"},
            writers=A_WRITERS,
        ),
        Case("honors:exemplar-nomination", url("honors:exemplar-nomination", a_nomination), A_VIEW),
        Case(
            "honors:exemplar-review",
            url("honors:exemplar-review", a_nomination),
            A_CHANGE,
            post=A_CHANGED,
            payload=lambda c: {"decision": "approve", "note": ""},
            writers=A_WRITERS,
        ),
        Case(
            "honors:exemplar-withdraw",
            url("honors:exemplar-withdraw", a_nomination),
            post_only,
            post=A_CHANGED,
            writers=A_WRITERS,
            why="withdrawing is a POST",
        ),
        Case(
            "honors:exemplar-objection-answer",
            url("honors:exemplar-objection-answer", a_objection),
            A_VIEW_NO_MEMBER,
            post=a_changed,
            payload=lambda c: {"outcome": "dismissed", "answer": "经核实，系误传。"},
            writers=A_WRITERS,
        ),
        Case(
            "honors:exemplar-attachment",
            lambda c: reverse(
                "honors:exemplar-attachment",
                args=[_attachment(a_nomination(c, photos=[_photo()])).pk],
            ),
            A_VIEW,
            why="a file is read: GET only",
        ),
        Case("honors:exemplar-ledger", lambda c: reverse("honors:exemplar-ledger"), every(200)),
        Case(
            "honors:exemplar-ledger-export",
            lambda c: reverse("honors:exemplar-ledger-export"),
            every(200),
            why="an export reads: GET only",
        ),
        Case(
            "honors:exemplar-award-publish",
            url("honors:exemplar-award-publish", a_award),
            post_only,
            post=A_CHANGED,
            writers=A_WRITERS,
            why="publishing is a POST",
        ),
        Case(
            "honors:exemplar-notice",
            lambda c: reverse("honors:exemplar-notice", args=[b_notice(c).public_key]),
            public,
            post=every(303, anonymous=303),
            payload=lambda c: {
                "round": b_nomination(c).round.public_key,
                "nomination": b_nomination(c).pk,
                "body": "该同志事迹材料中的数字与实际不符",
                "name": "",
                "contact": "",
                "website": "",
            },
            writers=everyone,
        ),
        Case(
            "honors:exemplar-public-photo",
            url("honors:exemplar-public-photo", b_photo),
            public,
            why="a photo is read: GET only",
        ),
        Case("honors:exemplar-roll", lambda c: reverse("honors:exemplar-roll"), public),
        Case("honors:exemplar-roll-detail", url("honors:exemplar-roll-detail", b_award), public),
        # API
        Case(
            "api:honors-round-list",
            lambda c: reverse("api:honors-round-list"),
            api(every(200)),
            post=api(a_created),
            payload=lambda c: {"org": c.township_a.pk, "kind": "monthly", "period": "2026-10"},
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:honors-round-detail",
            url("api:honors-round-detail", a_round),
            api(A_VIEW_NO_MEMBER),
            post=api(every(405)),
            why="a round is changed through its actions",
        ),
        Case(
            "api:honors-round-notice",
            lambda c: reverse("api:honors-round-notice", args=[a_reviewed(c).round_id]),
            api(every(405)),
            post=api(A_VIEW_NO_MEMBER),
            writers=A_WRITERS,
            json=True,
            why="an action: POST only",
        ),
        Case(
            "api:honors-round-decide",
            lambda c: reverse("api:honors-round-decide", args=[a_ended(c).round_id]),
            api(every(405)),
            post=api(A_VIEW_NO_MEMBER),
            payload=lambda c: {
                "decisions": [{"nomination": _latest_notice_nomination(c).pk, "award": True}]
            },
            writers=A_WRITERS,
            json=True,
            why="an action: POST only",
        ),
        Case(
            "api:honors-nomination-list",
            lambda c: reverse("api:honors-nomination-list"),
            api(every(200)),
            post=api(a_created),
            payload=lambda c: (
                _nomination_payload(c) | {"round": a_round(c).pk, "nominee_org": None}
            ),
            writers=A_WRITERS,
            json=True,
        ),
        Case(
            "api:honors-nomination-detail",
            url("api:honors-nomination-detail", a_nomination),
            api(A_VIEW),
            post=api(every(405)),
            why="a nomination is reviewed through its action",
        ),
        Case(
            "api:honors-nomination-review",
            url("api:honors-nomination-review", a_nomination),
            api(every(405)),
            post=api(A_CHANGE),
            payload=lambda c: {"decision": "approve"},
            writers=A_WRITERS,
            json=True,
            why="an action: POST only",
        ),
        Case(
            "api:honors-objection-list",
            lambda c: reverse("api:honors-objection-list"),
            api(every(200)),
            post=api(every(405)),
            why="objections are lodged through the public endpoint",
        ),
        Case(
            "api:honors-objection-answer",
            url("api:honors-objection-answer", a_objection),
            api(every(405)),
            post=api(A_VIEW_NO_MEMBER),
            payload=lambda c: {"outcome": "dismissed", "answer": "经核实，系误传。"},
            writers=A_WRITERS,
            json=True,
            why="an action: POST only",
        ),
        Case(
            "api:honors-award-list",
            lambda c: reverse("api:honors-award-list"),
            api(every(200)),
            post=api(every(405)),
            why="awards come from the decision",
        ),
        Case(
            "api:public-objection-list",
            lambda c: reverse("api:public-objection-list"),
            every(405, anonymous=405),
            post=every(201, anonymous=201),
            payload=lambda c: {
                "round": b_nomination(c).round.public_key,
                "nomination": b_nomination(c).pk,
                "body": "该同志事迹材料中的数字与实际不符",
            },
            writers=everyone,
            json=True,
            why="objections are lodged, not listed, in public",
        ),
    ]


def _photo():
    from dangjian.honors.tests import fixtures_exemplar as fx

    return fx.photo()


def _attachment(nomination):
    from dangjian.honors.models import NominationAttachment

    return NominationAttachment.objects.unscoped("test").get(nomination=nomination)
