"""Writes of star ratings (评星挂牌): an issuer's criteria for a year, the rating run over the
grassroots organizations below it, and publishing. Every write needs CHANGE at the issuer,
validates each field with its own message, saves atomically and is audited.

A run rates every grassroots organization below the issuer (star_selectors.grassroots_below)
from its published assessment result of the year (assess.result_selectors.year_results: the
yearly round's total, else the mean of the year's monthly rounds, else of its quarterly ones)
against the criteria in force (star_criteria.in_force), vetoes measured through the
registered indicators. The previous run's rows stay as history (current=False); the new ones
are unpublished until the issuer publishes them (the secretaries of the rated organizations
are told then).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dangjian.assess.result_selectors import year_results
from dangjian.honors import star_compute as compute
from dangjian.honors import star_criteria as criteria_rules
from dangjian.honors import star_selectors as selectors
from dangjian.honors.models import StarCriteria, StarRating, StarRunJob
from dangjian.honors.star_measure import Measurer
from dangjian.lib.indicators import registered
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.selectors import secretaries_at
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not rate the organizations below this one, nor set its criteria."),
    "no_orgs_below": _("%(org)s has no organizations below it to rate."),
    "year": _("Enter a year between %(min)s and %(max)s."),
    "indicator_gone": _(
        "The criteria name the indicator “%(code)s”, which is no longer registered: correct "
        "the criteria first."
    ),
    "already_running": _(
        "A rating of %(org)s for %(year)s is already under way: wait for it to finish."
    ),
    "run_failed": _("The rating stopped on an unexpected error; nothing was saved. Try again."),
    "nothing_to_publish": _(
        "There are no unpublished ratings of %(org)s for %(year)s: run the rating first."
    ),
}
PUBLISHED_SUBJECT = _("Star ratings of %(year)s are published")


def local_today() -> datetime.date:
    return timezone.localdate()


def check_year(year, field: str = "year") -> int:
    """A year from rules.DATE_MIN's to this one (a year not begun has no results)."""
    latest = local_today().year
    earliest = org_rules.DATE_MIN.year
    if isinstance(year, bool) or not isinstance(year, int) or not earliest <= year <= latest:
        params = {"min": earliest, "max": latest}
        raise ValidationError({field: ValidationError(ERRORS["year"], params=params)})
    return year


def _require_issuer(actor: User, issuer: Organization) -> None:
    require(actor, Action.CHANGE, issuer, str(ERRORS["no_right"]))


@transaction.atomic
def criteria_save(
    *, actor: User, issuer: Organization, year: int, thresholds, vetoes
) -> StarCriteria:
    """The issuer's criteria of `year` (a second save replaces the first; the audit entry
    keeps old → new). An issuer below another may not loosen what it inherits
    (star_criteria.check_not_looser)."""
    _require_issuer(actor, issuer)
    errors: dict[str, list] = {}
    try:
        check_year(year)
    except ValidationError as error:
        errors.update(error.message_dict)
    cleaned: dict[str, list] = {}
    for name, clean, raw in (
        ("thresholds", criteria_rules.clean_thresholds, thresholds),
        ("vetoes", criteria_rules.clean_vetoes, vetoes),
    ):
        try:
            cleaned[name] = clean(raw)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    base = criteria_rules.inherited(issuer, year)
    if base is not None:
        criteria_rules.check_not_looser(cleaned["thresholds"], cleaned["vetoes"], base)
    row = (
        StarCriteria.objects.unscoped("the issuer's own row, permission checked above")
        .filter(org=issuer, year=year)
        .first()
    )
    old = None if row is None else {"thresholds": row.thresholds, "vetoes": row.vetoes}
    if row is None:
        row = StarCriteria(org=issuer, year=year)
    row.thresholds, row.vetoes, row.updated_by = cleaned["thresholds"], cleaned["vetoes"], actor
    row.save()
    ensure_still_in_scope(actor, row)
    audit_record(
        actor=actor, action="honors.star.criteria", target=row, year=year, old=old, new=cleaned
    )
    return row


@dataclass(frozen=True)
class RunSummary:
    issuer: Organization
    year: int
    rated: int
    not_rated: int
    by_stars: dict[int, int]


def _check_run(actor: User, issuer: Organization, year: int) -> criteria_rules.Criteria:
    _require_issuer(actor, issuer)
    check_year(year)
    criteria = criteria_rules.in_force(issuer, year)
    known = registered()
    for veto in criteria.vetoes:
        if veto["indicator"] not in known:
            params = {"code": veto["indicator"]}
            error = ValidationError(ERRORS["indicator_gone"], params=params)
            raise ValidationError({"vetoes": error})
    # The issuer's own criteria saved before those above it were tightened: refused until
    # corrected (a lower issuer never rates on looser criteria than it inherits).
    if criteria.set_by == issuer:
        base = criteria_rules.inherited(issuer, year)
        if base is not None:
            criteria_rules.check_not_looser(criteria.thresholds, criteria.vetoes, base)
    return criteria


def _no_orgs_below(issuer: Organization) -> ValidationError:
    params = {"org": issuer.name}
    return ValidationError({"issuer": ValidationError(ERRORS["no_orgs_below"], params=params)})


@transaction.atomic
def rating_run_start(*, actor: User, issuer: Organization, year: int) -> StarRunJob:
    """Queue a rating run (the checks first, so a refusal is immediate); the background job
    calls `rating_run` and the ratings page shows its progress."""
    _check_run(actor, issuer, year)
    below = Organization.objects.unscoped("the issuer's subtree, checked above")
    if not below.filter(path__startswith=issuer.path).exclude(pk=issuer.pk).exists():
        raise _no_orgs_below(issuer)
    jobs = StarRunJob.objects.unscoped("the issuer's jobs, permission checked above")
    running = (StarRunJob.Status.PENDING, StarRunJob.Status.RUNNING)
    if jobs.filter(issuer=issuer, year=year, status__in=running).exists():
        params = {"org": issuer.name, "year": year}
        raise ValidationError({"year": ValidationError(ERRORS["already_running"], params=params)})
    job = StarRunJob.objects.create(issuer=issuer, year=year, requested_by=actor)
    audit_record(actor=actor, action="honors.star.run_start", target=issuer, year=year, job=job.pk)
    from dangjian.honors.star_tasks import run_ratings

    transaction.on_commit(lambda: run_ratings.enqueue(job.pk))
    return job


def run_job(job: StarRunJob) -> RunSummary:
    """The background job's work: the run, its progress and its summary on the job row."""
    job.mark_running()
    summary = rating_run(
        actor=job.requested_by, issuer=job.issuer, year=job.year, progress=job.report_progress
    )
    total = summary.rated + summary.not_rated
    job.report_progress(total, total)
    by_stars = {str(stars): count for stars, count in sorted(summary.by_stars.items())}
    job.mark_done(
        summary={"rated": summary.rated, "not_rated": summary.not_rated, "by_stars": by_stars}
    )
    return summary


def rating_run(*, actor: User, issuer: Organization, year: int, progress=None) -> RunSummary:
    """Rate every grassroots organization below `issuer` for `year` (see the module text).
    `progress(done, total)` is told every few organizations (a background job's bar)."""
    criteria = _check_run(actor, issuer, year)
    results = year_results(issuer, year)
    orgs = selectors.grassroots_below(issuer, set(results))
    if not orgs:
        raise _no_orgs_below(issuer)
    measurer = Measurer(issuer, year)
    rows: list[StarRating] = []
    for done, org in enumerate(orgs, start=1):
        result = results.get(org.pk)
        stars, reasons = compute.rate(
            result, year, criteria.thresholds, criteria.vetoes, measurer.for_org(org)
        )
        rows.append(
            StarRating(
                org=org,
                issuer=issuer,
                year=year,
                stars=stars,
                score=None if result is None else result.score,
                grade="" if result is None else result.grade,
                reasons=reasons,
                rated_by=actor,
            )
        )
        if progress is not None and done % 50 == 0:
            progress(done, len(orgs))
    with transaction.atomic():
        StarRating.objects.unscoped("the issuer's previous run becomes history").filter(
            issuer=issuer, year=year, current=True
        ).update(current=False)
        StarRating.objects.bulk_create(rows, batch_size=1000)
        by_stars: dict[int, int] = {}
        for row in rows:
            by_stars[row.stars] = by_stars.get(row.stars, 0) + 1
        not_rated = by_stars.pop(0, 0)
        audit_record(
            actor=actor,
            action="honors.star.run",
            target=issuer,
            year=year,
            rated=len(rows) - not_rated,
            not_rated=not_rated,
            by_stars={str(stars): count for stars, count in sorted(by_stars.items())},
        )
    return RunSummary(issuer, year, len(rows) - not_rated, not_rated, by_stars)


@transaction.atomic
def ratings_publish(*, actor: User, issuer: Organization, year: int) -> int:
    """Publish the issuer's current ratings of `year` (the public plaque list shows them);
    the rated organizations' secretaries are told. Returns how many were published."""
    _require_issuer(actor, issuer)
    check_year(year)
    rows = StarRating.objects.unscoped("the issuer's own run, permission checked above").filter(
        issuer=issuer, year=year, current=True, published=False
    )
    org_ids = list(rows.values_list("org_id", flat=True))
    if not org_ids:
        params = {"org": issuer.name, "year": year}
        raise ValidationError(
            {"year": ValidationError(ERRORS["nothing_to_publish"], params=params)}
        )
    count = rows.update(published=True)
    audit_record(actor=actor, action="honors.star.publish", target=issuer, year=year, count=count)
    _notify(org_ids, year, issuer)
    return count


def _notify(org_ids: list[int], year: int, issuer: Organization) -> None:
    from django.urls import reverse

    from dangjian.notices.services import notice_send

    subject = gettext_now(PUBLISHED_SUBJECT) % {"year": year}
    link = reverse("honors:star-list") + f"?year={year}"

    def send() -> None:
        users = {user.pk: user for users in secretaries_at(org_ids).values() for user in users}
        notice_send(
            recipients=users.values(),
            subject=subject,
            link=link,
            key=f"honors-star-published-{issuer.pk}-{year}",
        )

    transaction.on_commit(send)
