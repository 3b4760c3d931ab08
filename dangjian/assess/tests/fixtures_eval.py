"""Rows the eval tests start from, written with the ORM so each test states its rows:
township A's evaluation point (code mode by default), codes of this month, evaluations."""

from __future__ import annotations

from django.utils import timezone

_serial = iter(range(1, 10**9))


def this_month():
    return timezone.localdate().replace(day=1)


def point(county, org=None, *, mode="code", is_open=True, intro="欢迎对我们的工作提出意见"):
    from dangjian.assess.models import EvaluationPoint

    org = org or county.township_a
    return EvaluationPoint.objects.create(
        org=org, public_key=f"key{org.pk}x{next(_serial)}", mode=mode, is_open=is_open, intro=intro
    )


def code(county, org=None, *, period=None, value=None):
    """One unused code (township A, this month), drawn as the service draws them."""
    from dangjian.assess.eval_services import _new_code
    from dangjian.assess.models import EvaluationCode

    return EvaluationCode.objects.create(
        org=org or county.township_a,
        period=period or this_month(),
        code=value or _new_code(),
        created_by=county.superuser,
    )


def evaluation(county, org=None, *, overall="satisfied", period=None, comment="", **extra):
    from dangjian.assess.models import Evaluation

    return Evaluation.objects.create(
        org=org or county.township_a,
        period=period or this_month(),
        overall=overall,
        comment=comment,
        moderation="pending" if comment else "",
        **extra,
    )
