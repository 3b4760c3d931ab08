"""The rules of 发展党员's steps, each refused with its rule and article named: the order
of the steps, each step's own rule (rules_development), and the dates a record hangs on.
Pure checks over a person and their recorded steps; `development_services.step_record`
calls them inside its transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from dangjian.orglife import rules_development as rules
from dangjian.orglife.models import DevelopmentStep
from dangjian.orgs.models import STAGE_DATE_FIELDS, Person, User
from dangjian.orgs.people_checks import birthday

ERRORS = {
    "no_right": _("You may not record development steps of this person."),
    "no_approve": _(
        "This step is recorded by the higher committee (the level above the person's organization)."
    ),
    "unknown_step": _("Unknown step “%(step)s”."),
    "future": _("The date lies in the future; record a step once it has happened."),
    "stage": _(
        "Step out of order: “%(step)s” (%(article)s) belongs to the %(needed)s stage; "
        "this person is at the %(stage)s stage."
    ),
    "requires": _("Step out of order: “%(step)s” comes after “%(before)s” (%(article)s)."),
    "before_previous": _(
        "The date lies before “%(before)s” (%(date)s): steps are recorded in order."
    ),
    "again": _("“%(step)s” is already recorded (%(date)s)."),
    "inactive": _("This person has left the organization; their record is closed."),
    "age": _(
        "Age rule (细则第五条): an applicant must be at least %(years)s years old on the day "
        "of the application; this person turns %(years)s on %(date)s."
    ),
    "birth_date": _("Age rule (细则第五条): the person's birth date is needed."),
    "required": _("This field is required for this step."),
    "recommendation": _(
        "Activist rule (细则第八条): say how the activist was recommended (members or a mass "
        "organization)."
    ),
    "people": _("Name %(count)s different full members (正式党员) for this step (%(article)s)."),
    "not_full": _("%(name)s is not an active full member (正式党员) (%(article)s)."),
    "self": _("The person cannot be their own contact or sponsor."),
    "one_year": _(
        "Activist rule (细则第十三条): at least %(years)s year as an activist before becoming a "
        "development candidate; activist since %(since)s, so not before %(date)s."
    ),
    "half_years": _(
        "Training record rule (细则第十一条): one record for each half year as an activist; "
        "%(needed)s needed, %(found)s recorded."
    ),
    "failed": _("“%(step)s” did not pass (%(article)s): the development cannot go on."),
    "training": _(
        "Training rule (细则第十七条): centralized training of at least %(days)s days or "
        "%(hours)s hours."
    ),
    "above_entitled": _(
        "Vote rule (%(article)s): %(count)s is more than the %(entitled)s members entitled to vote."
    ),
    "quorum": _(
        "Vote rule (细则第二十条): more than half of the %(entitled)s members entitled to vote "
        "must be present; %(count)s were."
    ),
    "majority": _(
        "Vote rule (%(article)s): more than half of the %(entitled)s members entitled to vote "
        "must approve; %(count)s did."
    ),
    "approval_late": _(
        "Approval rule (%(article)s): the higher committee approves within %(months)s months "
        "of the branch assembly's vote (%(vote)s), so by %(date)s."
    ),
    "probation": _(
        "Probation rule (细则第三十二条): the probation lasts until %(date)s (one year from the "
        "branch assembly's vote%(extension)s); this step is not possible before."
    ),
    "months": _(
        "Extension rule (细则第三十二条): a probation is extended by %(low)s to %(high)s months."
    ),
    "note": _("Say why (note)."),
    "file_type": _("“%(name)s” cannot be attached: only %(types)s files are accepted."),
    "file_size": _("The file is %(size)s; the limit is %(limit)s."),
    "file_count": _("At most %(count)s documents per step."),
}

STAGE_INDEX = {stage: index for index, stage in enumerate(rules.STAGES)}


def stage_label(stage: str) -> str:
    from dangjian.orgs.models import PartyStatus

    return str(PartyStatus(stage).label)


def probation_end(person: Person, steps: Sequence[DevelopmentStep]) -> datetime.date | None:
    """预备期满: one year from the assembly's vote (Person.probationary_on), plus any extension."""
    if person.probationary_on is None:
        return None
    months = sum(s.months or 0 for s in current_run(steps) if s.step == "extend_probation")
    return person.probationary_on + relativedelta(years=rules.PROBATION_YEARS, months=months)


def latest_step(steps: Sequence[DevelopmentStep], code: str) -> DevelopmentStep | None:
    found = [s for s in steps if s.step == code]
    return found[-1] if found else None


def _reached(person: Person, code: str) -> datetime.date | None:
    """The date a stage-entering step is taken to have happened for a person who reached the
    stage before this record existed (imported people): the stage date on Person."""
    current = STAGE_INDEX.get(person.party_status)
    if code in STAGE_INDEX and current is not None and current >= STAGE_INDEX[code]:
        return getattr(person, STAGE_DATE_FIELDS[code]) or datetime.date.min
    return None


def step_date(person: Person, steps: Sequence[DevelopmentStep], code: str) -> datetime.date | None:
    found = latest_step(steps, code)
    if found is not None:
        return found.date
    return _reached(person, code)


def current_run(steps: Sequence[DevelopmentStep]) -> list[DevelopmentStep]:
    """The steps since the last cancellation: a person whose probationary membership was
    cancelled may apply again, and the new application starts a new run of steps (the page
    still shows the whole history)."""
    cancelled = [i for i, s in enumerate(steps) if s.step == "cancel"]
    return list(steps[cancelled[-1] + 1 :]) if cancelled else list(steps)


# When the 转正 vote extends the probation (第三十二条), the application and the vote are held
# again when the extension ends.
AGAIN_AFTER_EXTENSION = ("conversion_application", "conversion_vote")


def recorded_already(rule: rules.Step, steps: Sequence[DevelopmentStep]) -> DevelopmentStep | None:
    """The earlier record of `rule` that forbids recording it again, or None."""
    done = None if rule.repeatable else latest_step(steps, rule.code)
    if done is not None and rule.code in AGAIN_AFTER_EXTENSION:
        extension = latest_step(steps, "extend_probation")
        if extension is not None and extension.date >= done.date:
            return None
    return done


def next_steps(person: Person, steps: Sequence[DevelopmentStep]) -> list[rules.Step]:
    """The steps that may be recorded now (order and stage only; dates are checked on save)."""
    if not person.is_active:
        return []
    steps = current_run(steps)
    return [
        rule
        for rule in rules.STEPS
        if rule.stage == person.party_status
        and recorded_already(rule, steps) is None
        and all(step_date(person, steps, code) is not None for code in rule.requires)
    ]


def deadlines(person: Person, steps: Sequence[DevelopmentStep]) -> list[tuple[str, datetime.date]]:
    """The dates the next steps hang on, for the record page: when the talk is due, the
    earliest day for 发展对象, the approval's last day, the end of the probation."""
    found: list[tuple[str, datetime.date]] = []
    steps = current_run(steps)
    stage, recorded = person.party_status, {s.step for s in steps}
    applied, since = step_date(person, steps, "applicant"), step_date(person, steps, "activist")
    if stage == rules.APPLICANT and "talk" not in recorded and applied and applied.year > 1:
        due = applied + relativedelta(months=rules.TALK_WITHIN_MONTHS)
        found.append((str(DEADLINES["talk"]), due))
    if stage == rules.ACTIVIST and since and since.year > 1:
        earliest = since + relativedelta(years=rules.ACTIVIST_MIN_YEARS)
        found.append((str(DEADLINES["candidate"]), earliest))
    vote = latest_step(steps, "assembly_vote")
    if stage == rules.CANDIDATE and vote is not None:
        last = vote.date + relativedelta(months=rules.APPROVAL_WITHIN_MONTHS)
        found.append((str(DEADLINES["approval"]), last))
    end = probation_end(person, steps)
    if stage == rules.PROBATIONARY and end is not None:
        found.append((str(DEADLINES["probation"]), end))
    return found


DEADLINES = {
    "talk": _("Talk due by (细则第七条)"),
    "candidate": _("Development candidate not before (细则第十三条)"),
    "approval": _("Higher committee approves by (三个月)"),
    "probation": _("Probation ends on"),
}


def check_order(person: Person, rule: rules.Step, date, steps) -> None:
    if not person.is_active:
        raise ValidationError({"step": ERRORS["inactive"]})
    params = {"step": rule.label, "article": rule.article}
    if rule.stage != person.party_status:
        raise ValidationError(
            {
                "step": ValidationError(
                    ERRORS["stage"],
                    code="order",
                    params=params
                    | {
                        "needed": stage_label(rule.stage),
                        "stage": stage_label(person.party_status),
                    },
                )
            }
        )
    done = recorded_already(rule, steps)
    if done is not None:
        raise ValidationError(
            {"step": ERRORS["again"] % {"step": rule.label, "date": done.date.isoformat()}}
        )
    # Every step lies on or after the day the person entered their current stage, so the
    # record reads in order even for steps that require nothing else of that stage.
    entered = (
        step_date(person, steps, person.party_status) if rule.code != rules.APPLICANT else None
    )
    if entered is not None and date < entered:
        label = rules.BY_CODE[person.party_status].label
        raise ValidationError(
            {"date": ERRORS["before_previous"] % {"before": label, "date": entered.isoformat()}}
        )
    for code in rule.requires:
        before = step_date(person, steps, code)
        if before is None:
            raise ValidationError(
                {
                    "step": ValidationError(
                        ERRORS["requires"],
                        code="order",
                        params=params | {"before": rules.BY_CODE[code].label},
                    )
                }
            )
        if date < before:
            raise ValidationError(
                {
                    "date": ERRORS["before_previous"]
                    % {"before": rules.BY_CODE[code].label, "date": before.isoformat()}
                }
            )


def _check_people(actor: User, person: Person, rule: rules.Step, fields: dict) -> None:
    first, second = fields.get("first_person"), fields.get("second_person")
    params = {"count": rules.CONTACTS_MIN, "article": rule.article}
    if first is None or second is None or first.pk == second.pk:
        raise ValidationError({"second_person": ERRORS["people"] % params})
    for key, other in (("first_person", first), ("second_person", second)):
        if other.pk == person.pk:
            raise ValidationError({key: ERRORS["self"]})
        visible = Person.objects.visible_to(actor).filter(pk=other.pk)
        if not visible.filter(is_active=True, party_status=rules.FULL).exists():
            raise ValidationError(
                {key: ERRORS["not_full"] % {"name": other.name, "article": rule.article}}
            )


def _check_vote(rule: rules.Step, fields: dict) -> None:
    counts = {key: fields.get(key) for key in ("entitled", "attended", "approved")}
    for key, value in counts.items():
        if value is None:
            raise ValidationError({key: ERRORS["required"]})
    entitled = counts["entitled"]
    for key in ("attended", "approved"):
        if counts[key] > entitled:
            params = {"article": rule.article, "count": counts[key], "entitled": entitled}
            raise ValidationError({key: ERRORS["above_entitled"] % params})
    if entitled < 1 or counts["attended"] * 2 <= entitled:
        raise ValidationError(
            {"attended": ERRORS["quorum"] % {"entitled": entitled, "count": counts["attended"]}}
        )
    if counts["approved"] * 2 <= entitled:
        params = {"article": rule.article, "entitled": entitled, "count": counts["approved"]}
        raise ValidationError({"approved": ERRORS["majority"] % params})


def _half_years(start: datetime.date, end: datetime.date) -> int:
    delta = relativedelta(end, start)
    return (delta.years * 12 + delta.months) // rules.TRAINING_RECORD_MONTHS


def check_rule(actor, person, rule, date, fields, steps) -> bool:
    """The step's own rule; returns whether the step is late (recorded after its deadline)."""
    code = rule.code
    if code == "applicant":
        if person.birth_date is None:
            raise ValidationError({"date": ERRORS["birth_date"]})
        # The people records' own 18th birthday (born 29 February: 1 March), so a step the
        # record later refuses is never accepted here.
        adult = birthday(person.birth_date, rules.MIN_AGE_YEARS)
        if date < adult:
            params = {"years": rules.MIN_AGE_YEARS, "date": adult.isoformat()}
            raise ValidationError({"date": ERRORS["age"] % params})
    elif code == "talk":
        applied = step_date(person, steps, "applicant")
        return date > applied + relativedelta(months=rules.TALK_WITHIN_MONTHS)
    elif code == "activist":
        if not fields.get("recommendation"):
            raise ValidationError({"recommendation": ERRORS["recommendation"]})
    elif code in ("contacts", "introducers"):
        _check_people(actor, person, rule, fields)
    elif code == "training_record":
        previous = latest_step(steps, "training_record")
        since = previous.date if previous else step_date(person, steps, "activist")
        return date > since + relativedelta(months=rules.TRAINING_RECORD_MONTHS)
    elif code == "candidate":
        since = step_date(person, steps, "activist")
        earliest = since + relativedelta(years=rules.ACTIVIST_MIN_YEARS)
        if date < earliest:
            params = {
                "years": rules.ACTIVIST_MIN_YEARS,
                "since": since.isoformat(),
                "date": earliest.isoformat(),
            }
            raise ValidationError({"date": ERRORS["one_year"] % params})
        needed = _half_years(since, date)
        found = sum(1 for s in steps if s.step == "training_record" and s.date <= date)
        if found < needed:
            raise ValidationError(
                {"step": ERRORS["half_years"] % {"needed": needed, "found": found}}
            )
    elif code in ("political_review", "pre_review"):
        if not fields.get("result"):
            raise ValidationError({"result": ERRORS["required"]})
    elif code == "centralized_training":
        days, hours = fields.get("days") or 0, fields.get("hours") or 0
        if days < rules.TRAINING_MIN_DAYS and hours < rules.TRAINING_MIN_HOURS:
            params = {"days": rules.TRAINING_MIN_DAYS, "hours": rules.TRAINING_MIN_HOURS}
            raise ValidationError({"days": ERRORS["training"] % params})
    elif code in ("committee_review", "application_form"):
        for before in ("political_review",) if code == "committee_review" else ("pre_review",):
            done = latest_step(steps, before)
            if done is not None and done.result != "passed":
                params = {"step": done.rule.label, "article": done.rule.article}
                raise ValidationError({"step": ERRORS["failed"] % params})
    elif code in ("assembly_vote", "conversion_vote"):
        _check_vote(rule, fields)
        if code == "conversion_vote":
            _check_probation_over(person, steps, date)
    elif code in ("probationary", "full"):
        vote = latest_step(steps, "assembly_vote" if code == "probationary" else "conversion_vote")
        latest = vote.date + relativedelta(months=rules.APPROVAL_WITHIN_MONTHS)
        if date > latest:
            params = {
                "article": rule.article,
                "months": rules.APPROVAL_WITHIN_MONTHS,
                "vote": vote.date.isoformat(),
                "date": latest.isoformat(),
            }
            raise ValidationError({"date": ERRORS["approval_late"] % params})
        if code == "full":
            _check_probation_over(person, steps, date)
    elif code == "extend_probation":
        months = fields.get("months")
        if months is None or not rules.EXTENSION_MIN_MONTHS <= months <= rules.EXTENSION_MAX_MONTHS:
            params = {"low": rules.EXTENSION_MIN_MONTHS, "high": rules.EXTENSION_MAX_MONTHS}
            raise ValidationError({"months": ERRORS["months"] % params})
        _check_probation_over(person, steps, date)
    elif code == "cancel" and not (fields.get("note") or "").strip():
        raise ValidationError({"note": ERRORS["note"]})
    return False


def _check_probation_over(person: Person, steps, date: datetime.date) -> None:
    end = probation_end(person, steps)
    if end is not None and date < end:
        extended = sum(s.months or 0 for s in steps if s.step == "extend_probation")
        extension = f" + {extended}" if extended else ""
        raise ValidationError(
            {"date": ERRORS["probation"] % {"date": end.isoformat(), "extension": extension}}
        )


def validate_documents(uploads: Sequence[File]) -> None:
    if len(uploads) > rules.DOCUMENTS_PER_STEP:
        raise ValidationError(
            {"documents": ERRORS["file_count"] % {"count": rules.DOCUMENTS_PER_STEP}}
        )
    for upload in uploads:
        name = Path(upload.name or "").name
        if Path(name).suffix.lower() not in rules.DOCUMENT_EXTENSIONS:
            params = {"name": name, "types": " ".join(rules.DOCUMENT_EXTENSIONS)}
            raise ValidationError({"documents": ERRORS["file_type"] % params})
        if upload.size > rules.DOCUMENT_MAX_BYTES:
            params = {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(rules.DOCUMENT_MAX_BYTES),
            }
            raise ValidationError({"documents": ERRORS["file_size"] % params})
