"""Writes of a round (考核轮次): create it, start scoring (a background job fills the
automatic items of every sheet), publish it (ranks and grades per category).

Who may do what:
- create, start, refill and publish a round: CHANGE at the issuing organization;
- the sheets' writes (scores, submit, approve, return) live in round_sheet_services, the
  appeals in round_appeal_services.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dangjian.assess import round_scoring as scoring
from dangjian.assess import rules_round as rules
from dangjian.assess.models import (
    AssessRound,
    RoundFillJob,
    RuleSet,
    ScoreSheet,
)
from dangjian.lib.indicators import Period
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.selectors import secretaries_at
from dangjian.orgs.service_base import audit_record

logger = logging.getLogger(__name__)

ERRORS = {
    "no_right": _("You may not issue or change assessment rounds of this organization."),
    "name": _("Give the round a name."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "period_kind": _("Choose month, quarter or year."),
    "month": _("Enter a month between 1 and 12."),
    "quarter": _("Enter a quarter between 1 and 4."),
    "year": _("Enter a year between %(min)s and %(max)s."),
    "quota": _("Enter a share between 0 and 100 %."),
    "no_rulesets": _(
        "No rule set in force for %(year)s applies to %(org)s: activate the rule sets first."
    ),
    "ruleset_not_active": _("%(name)s is not in force: only rule sets in force score a round."),
    "ruleset_year": _("%(name)s is for %(ruleset_year)s, the round's period is in %(year)s."),
    "ruleset_twice": _("Two rule sets for the category “%(category)s”: choose one."),
    "ruleset_out_of_reach": _("No such rule set in reach of %(org)s."),
    "no_orgs": _("No active organization below %(org)s belongs to the rule sets' categories."),
    "not_draft": _("Scoring has already started in this round."),
    "not_scoring": _("This round is not being scored (it is %(status)s)."),
    "already_filling": _("The automatic items are already being filled; wait for the job."),
    "not_all_approved": _(
        "%(count)s sheets are not approved yet (%(names)s): publish once every sheet is approved."
    ),
}
PUBLISHED_SUBJECT = _("%(round)s: the results are published")


def period_of(kind: str, year: int, number: int | None) -> Period:
    if kind == AssessRound.PeriodKind.MONTH:
        return Period.month(year, number or 1)
    if kind == AssessRound.PeriodKind.QUARTER:
        return Period.quarter(year, number or 1)
    return Period.year(year)


def _period_errors(kind: str, year: int, number: int | None, errors: dict) -> None:
    if kind not in AssessRound.PeriodKind.values:
        errors["period_kind"] = [ERRORS["period_kind"]]
        return
    today = timezone.localdate()
    low, high = 2000, today.year + 1
    if not low <= year <= high:
        errors["year"] = [ValidationError(ERRORS["year"], params={"min": low, "max": high})]
    if kind == AssessRound.PeriodKind.MONTH and not (number and 1 <= number <= 12):
        errors["number"] = [ERRORS["month"]]
    if kind == AssessRound.PeriodKind.QUARTER and not (number and 1 <= number <= 4):
        errors["number"] = [ERRORS["quarter"]]


def rulesets_in_force(org: Organization, year: int) -> list[RuleSet]:
    """The rule sets in force for `year` issued at `org` or above it: per category the one
    issued nearest to `org` (a township's own rules before the county's)."""
    ancestors = [org.path[: i + 1] for i, ch in enumerate(org.path) if ch == "/"][1:]
    rows = (
        RuleSet.objects.unscoped("rule sets in force above the issuer apply to its round")
        .filter(year=year, status=RuleSet.Status.ACTIVE, org__path__in=ancestors)
        .select_related("org")
    )
    chosen: dict[str, RuleSet] = {}
    for row in rows:
        kept = chosen.get(row.category)
        if kept is None or len(row.org.path) > len(kept.org.path):
            chosen[row.category] = row
    return sorted(chosen.values(), key=lambda r: r.category)


def _ruleset_errors(
    org: Organization, year: int, rulesets: list[RuleSet], errors: dict
) -> list[RuleSet]:
    if not rulesets:
        params = {"year": year, "org": org.name}
        errors["rulesets"] = [ValidationError(ERRORS["no_rulesets"], params=params)]
        return []
    problems = []
    seen: set[str] = set()
    for row in rulesets:
        if not org.path.startswith(row.org.path):
            params = {"org": org.name}
            problems.append(ValidationError(ERRORS["ruleset_out_of_reach"], params=params))
        elif row.status != RuleSet.Status.ACTIVE:
            params = {"name": str(row)}
            problems.append(ValidationError(ERRORS["ruleset_not_active"], params=params))
        elif row.year != year:
            params = {"name": str(row), "ruleset_year": row.year, "year": year}
            problems.append(ValidationError(ERRORS["ruleset_year"], params=params))
        elif row.category in seen:
            params = {"category": row.get_category_display()}
            problems.append(ValidationError(ERRORS["ruleset_twice"], params=params))
        seen.add(row.category)
    if problems:
        errors["rulesets"] = problems
    return rulesets


def orgs_in_scope(org: Organization, categories: list[str]):
    """Active organizations below `org` whose category has a rule set in the round."""
    return (
        Organization.objects.unscoped("the round's scope, its issuer checked by the caller")
        .filter(
            path__startswith=org.path,
            is_active=True,
            category__in=categories,
            org_type__in=rules.ASSESSED_ORG_TYPES,
        )
        .exclude(pk=org.pk)
        .order_by("path")
    )


@transaction.atomic
def round_create(
    *,
    actor: User,
    org: Organization,
    name: str,
    period_kind: str,
    year: int,
    number: int | None = None,
    rulesets: list[RuleSet] | None = None,
    excellent_quota_percent: int = rules.EXCELLENT_QUOTA_PERCENT_DEFAULT,
) -> AssessRound:
    """A round of `org` over `period` with one sheet per organization in scope (draft)."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]))
    errors: dict[str, list] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [ERRORS["name"]]
    elif len(name) > 120:
        params = {"chars": len(name), "limit": 120}
        errors["name"] = [ValidationError(ERRORS["too_long"], params=params)]
    _period_errors(period_kind, year, number, errors)
    if not 0 <= excellent_quota_percent <= 100:
        errors["excellent_quota_percent"] = [ERRORS["quota"]]
    if "year" in errors:
        # A year out of range has no rule sets by definition: one message, not two.
        raise ValidationError(errors)
    if rulesets is None:
        rulesets = rulesets_in_force(org, year)
    _ruleset_errors(org, year, rulesets, errors)
    targets = []
    if not errors:
        by_category = {row.category: row for row in rulesets}
        targets = list(orgs_in_scope(org, list(by_category)))
        if not targets:
            errors["rulesets"] = [ValidationError(ERRORS["no_orgs"], params={"org": org.name})]
    if errors:
        raise ValidationError(errors)
    period = period_of(period_kind, year, number)
    row = AssessRound.objects.create(
        org=org,
        name=name,
        period_kind=period_kind,
        period_start=period.start,
        period_end=period.end,
        excellent_quota_percent=excellent_quota_percent,
        created_by=actor,
    )
    row.rulesets.add(*rulesets)
    ScoreSheet.objects.bulk_create(
        ScoreSheet(round=row, org=target, ruleset=by_category[target.category])
        for target in targets
    )
    audit_record(
        actor=actor,
        action="assess.round.create",
        target=row,
        name=name,
        period=str(period),
        rulesets=[r.pk for r in rulesets],
        sheets=len(targets),
    )
    return row


def _filling(round_: AssessRound):
    """The round's fill jobs still waiting or running."""
    return RoundFillJob.objects.unscoped("jobs of the round").filter(
        round=round_, status__in=(RoundFillJob.Status.PENDING, RoundFillJob.Status.RUNNING)
    )


@transaction.atomic
def round_start(*, actor: User, round_: AssessRound) -> RoundFillJob:
    """Open scoring (draft → scoring) or fill the automatic items again while scoring: a
    background job fills every sheet; the round page shows its progress."""
    require(actor, Action.CHANGE, round_, str(ERRORS["no_right"]))
    locked = AssessRound.objects.unscoped("the round being started, checked above")
    round_ = locked.select_for_update().get(pk=round_.pk)
    if round_.status == AssessRound.Status.PUBLISHED:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["not_scoring"], params=params))
    if _filling(round_).exists():
        raise ValidationError(ERRORS["already_filling"])
    first = round_.status == AssessRound.Status.DRAFT
    if first:
        round_.status = AssessRound.Status.SCORING
        round_.save(update_fields=["status"])
    job = RoundFillJob.objects.create(round=round_, requested_by=actor)
    audit_record(actor=actor, action="assess.round.start", target=round_, job=job.pk, first=first)
    from dangjian.assess.round_tasks import fill_round

    transaction.on_commit(lambda: fill_round.enqueue(job.pk))
    return job


# ---- ranks, grades, publication -------------------------------------------------------------


def rank_round(round_: AssessRound) -> None:
    """Ranks and grades of every sheet, per category (the rule set's category)."""
    sheets = list(
        ScoreSheet.objects.unscoped("ranking covers every sheet of the round")
        .filter(round=round_)
        .select_related("ruleset")
        .only("pk", "total", "ruleset__category")
    )
    by_category: dict[str, list[ScoreSheet]] = defaultdict(list)
    for sheet in sheets:
        by_category[sheet.ruleset.category].append(sheet)
    for group in by_category.values():
        totals = [Decimal(sheet.total) for sheet in group]
        for sheet, rank, grade in zip(
            group,
            scoring.ranks(totals),
            scoring.grades(totals, round_.excellent_quota_percent),
            strict=True,
        ):
            sheet.rank, sheet.grade = rank, grade
    ScoreSheet.objects.unscoped("ranking covers every sheet of the round").bulk_update(
        sheets, ["rank", "grade"], batch_size=500
    )


@transaction.atomic
def round_publish(*, actor: User, round_: AssessRound) -> AssessRound:
    """Publish a round whose sheets are all approved: rank and grade per category, and tell
    the assessed organizations' secretaries."""
    require(actor, Action.CHANGE, round_, str(ERRORS["no_right"]))
    round_ = (
        AssessRound.objects.unscoped("the round being published, checked above")
        .select_for_update()
        .get(pk=round_.pk)
    )
    if round_.status != AssessRound.Status.SCORING:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["not_scoring"], params=params))
    if _filling(round_).exists():
        raise ValidationError(ERRORS["already_filling"])
    sheets = ScoreSheet.objects.unscoped("the sheets of the round being published")
    pending = sheets.filter(round=round_).exclude(status=ScoreSheet.Status.APPROVED)
    counted = pending.aggregate(n=Count("pk"))["n"]
    if counted:
        names = "、".join(pending.order_by("org__path").values_list("org__name", flat=True)[:5])
        params = {"count": counted, "names": names + ("…" if counted > 5 else "")}
        raise ValidationError(ValidationError(ERRORS["not_all_approved"], params=params))
    rank_round(round_)
    round_.status = AssessRound.Status.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    audit_record(actor=actor, action="assess.round.publish", target=round_)
    _notify_published(round_)
    return round_


def secretaries_of(org_ids) -> list[User]:
    """The accounts holding the secretary role at exactly these organizations, each once."""
    found = {user.pk: user for users in secretaries_at(org_ids).values() for user in users}
    return list(found.values())


def _notify_published(round_: AssessRound) -> None:
    from django.urls import reverse

    from dangjian.notices.services import notice_send

    org_ids = list(
        ScoreSheet.objects.unscoped("the assessed organizations of a published round")
        .filter(round=round_)
        .values_list("org_id", flat=True)
    )
    link = reverse("assess:round-ranking", args=[round_.pk])
    subject = gettext_now(PUBLISHED_SUBJECT) % {"round": round_.name}

    def send() -> None:
        notice_send(
            recipients=secretaries_of(org_ids),
            subject=subject,
            link=link,
            key=f"assess-round-published-{round_.pk}",
        )

    transaction.on_commit(send)


def appeal_deadline(round_: AssessRound) -> datetime.date | None:
    if round_.published_at is None:
        return None
    published = timezone.localtime(round_.published_at).date()
    return published + datetime.timedelta(days=rules.APPEAL_DAYS)
