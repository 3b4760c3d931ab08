"""Writes of 群众评议 (evaluation by the people served): a unit's evaluation point (评议点),
one-time codes (评议码), a public evaluation (评议) and the moderation of its comment.

Who may do what:
- setting up a point, making codes, moderating comments: CHANGE at the unit (its secretary,
  the township above, the department); audited (codes once per batch);
- submitting an evaluation: anyone, without an account. Code mode: the code is the
  credential — one code, one vote, the `Evaluation.code` unique key is the guard. Open mode:
  a device token (signed cookie, stored only as a keyed hash), per-address limits and a
  honeypot. Votes are anonymous, not actor actions: no audit row per vote.

The code-mode path is kept lean for the load benchmark (bench/assess_eval_load.py): one SELECT
of the code with its point's state, one INSERT (in a savepoint), nothing else.
"""

from __future__ import annotations

import datetime
import functools
import secrets

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not manage the public evaluation of %(org)s."),
    "inactive": _("%(org)s is no longer active."),
    "mode": _("Choose open or code mode."),
    "intro_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "count": _("Make between 1 and %(max)s codes at a time."),
    "period": _("Codes can be made for the months from %(first)s to %(last)s."),
    "overall": _("Choose satisfied, basically satisfied or dissatisfied."),
    "dimensions_unknown": _("Unknown dimensions: %(names)s."),
    "dimension_value": _("%(name)s: choose satisfied, basically satisfied or dissatisfied."),
    "dimensions_type": _("Give the dimensions as an object of name → rating."),
    "comment_long": _("The comment has %(chars)s characters; at most %(limit)s are accepted."),
    "contact_long": _("The contact has %(chars)s characters; at most %(limit)s are accepted."),
    "code_required": _("Enter the code printed on your slip."),
    "code_unknown": _("No such code. Check the code printed on your slip."),
    "used": _(
        "This code has already been used: each code counts once. Thank you — your evaluation "
        "was already received."
    ),
    "closed": _("This unit is not accepting evaluations at the moment."),
    "not_open_mode": _("This unit takes evaluations with the codes on its slips."),
    "device_twice": _(
        "This device has already evaluated %(org)s this month. Thank you — each device counts "
        "once a month."
    ),
    "ip_limit": _(
        "Too many evaluations came from your network within the hour. Please try again later."
    ),
    "guessing": _("Too many unknown codes were entered from your network. Please try again later."),
    "honeypot": _("Your evaluation could not be accepted."),
    "decision": _("Choose approve or reject."),
    "no_comment": _("This evaluation has no comment to moderate."),
}


class AlreadyUsed(Exception):
    """The code (or, in open mode, the device) has already been counted: HTTP 409, a polite
    page; nothing was stored."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


class TooManyAttempts(Exception):
    """Per-address limits (failed codes, open-mode submissions): HTTP 429, a polite page."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


# ---- keyed hashes and counters ------------------------------------------------------------


def keyed_hash(kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY) of a device token or an address: equal
    values match, the raw value cannot be read back or guessed from a table of addresses."""
    return salted_hmac(f"dangjian.assess.eval.{kind}", value, algorithm="sha256").hexdigest()


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def _count(key: str) -> int:
    """Add one to an hourly counter in the cache; the new value."""
    if cache.add(key, 1, timeout=3600):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        return 1


def _failed_key(ip: str) -> str:
    return f"assess-eval-failed:{keyed_hash('ip', ip)}:{_hour()}"


def check_guessing(ip: str) -> None:
    """Refuse an address that entered too many unknown codes this hour (one cache read)."""
    if (cache.get(_failed_key(ip)) or 0) >= rules.FAILED_CODES_PER_HOUR:
        raise TooManyAttempts(ERRORS["guessing"])


def note_failed_code(ip: str) -> None:
    _count(_failed_key(ip))


# ---- codes ---------------------------------------------------------------------------------


def normalize_code(text: str) -> str:
    """What a person typed → the stored form: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t\n")[:32]


def display_code(code: str) -> str:
    """ABCDEFGHJK → ABCDE-FGHJK (as printed on the slip)."""
    size = rules.CODE_GROUP
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def _new_code() -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))


def period_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(today.year - 1, 1, 1)
    last = today.replace(day=1)
    for _step in range(rules.CODE_MONTHS_AHEAD):
        last = (last + datetime.timedelta(days=32)).replace(day=1)
    return first, last


def evaluation_codes_create(
    *, actor: User, org: Organization, count: int, period: datetime.date
) -> list[EvaluationCode]:
    """评议码: `count` new one-time codes for `org` and the month of `period` (bulk-written,
    audited once for the batch)."""
    period = period.replace(day=1)
    if not may_at(actor, Action.CHANGE, org.path):
        require(actor, Action.CHANGE, org, str(ERRORS["no_right"] % {"org": org.name}))
    errors: dict[str, list] = {}
    if not isinstance(count, int) or not 1 <= count <= rules.MAX_CODES_PER_REQUEST:
        errors["count"] = [
            ValidationError(ERRORS["count"], params={"max": rules.MAX_CODES_PER_REQUEST})
        ]
    first, last = period_bounds(timezone.localdate())
    if not first <= period <= last:
        params = {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")}
        errors["period"] = [ValidationError(ERRORS["period"], params=params)]
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    if errors:
        raise ValidationError(errors)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(_new_code())
        if len(codes) == count:  # drop any already issued (vanishingly rare), then refill
            taken = EvaluationCode.objects.unscoped("uniqueness of new codes, any unit")
            codes -= set(taken.filter(code__in=codes).values_list("code", flat=True))
    rows = [EvaluationCode(org=org, period=period, code=code, created_by=actor) for code in codes]
    with transaction.atomic():
        EvaluationCode.objects.bulk_create(rows, batch_size=500)
        audit_record(
            actor=actor,
            action="assess.evaluation_codes_create",
            target=rows[0],
            org=org.pk,
            period=period.strftime("%Y-%m"),
            count=count,
        )
    return rows


# ---- points --------------------------------------------------------------------------------


def point_save(
    *,
    actor: User,
    org: Organization,
    mode: str = EvaluationPoint.Mode.CODE,
    is_open: bool = True,
    intro: str = "",
) -> EvaluationPoint:
    """Set up or change `org`'s evaluation point (评议点); a new one gets its random public
    key (the QR code's address), which never changes afterwards."""
    if not may_at(actor, Action.CHANGE, org.path):
        require(actor, Action.CHANGE, org, str(ERRORS["no_right"] % {"org": org.name}))
    errors: dict[str, list] = {}
    if mode not in EvaluationPoint.Mode.values:
        errors["mode"] = [ERRORS["mode"]]
    intro = (intro or "").strip()
    if len(intro) > rules.INTRO_MAX_CHARS:
        params = {"chars": len(intro), "limit": rules.INTRO_MAX_CHARS}
        errors["intro"] = [ValidationError(ERRORS["intro_long"], params=params)]
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        point = (
            EvaluationPoint.objects.visible_to(actor, Action.CHANGE)
            .select_for_update()
            .filter(org=org)
            .first()
        )
        if point is None:
            point = EvaluationPoint(org=org, public_key=secrets.token_urlsafe(16))
            old = None
        else:
            old = {"mode": point.mode, "is_open": point.is_open, "intro": point.intro}
        point.mode, point.is_open, point.intro = mode, bool(is_open), intro
        point.save()
        ensure_still_in_scope(actor, point)
        new = {"mode": point.mode, "is_open": point.is_open, "intro": point.intro}
        changes = {k: [old[k], v] for k, v in new.items() if old and old[k] != v}
        audit_record(
            actor=actor,
            action=f"assess.evaluation_point_{'create' if old is None else 'update'}",
            target=point,
            **(new if old is None else {"changes": changes}),
        )
    return point


# ---- submission ----------------------------------------------------------------------------


def clean_answers(*, overall: str, dimensions, comment: str, contact: str) -> tuple[dict, str, str]:
    """Validate the answers (no database): ValidationError naming each bad field."""
    errors: dict[str, list] = {}
    if overall not in rules.OVERALL_VALUES:
        errors["overall"] = [ERRORS["overall"]]
    dims: dict[str, str] = {}
    if dimensions in (None, ""):
        dimensions = {}
    if not isinstance(dimensions, dict):
        errors["dimensions"] = [ERRORS["dimensions_type"]]
    else:
        unknown = sorted(str(k) for k in dimensions if k not in rules.DIMENSIONS)
        if unknown:
            params = {"names": ", ".join(unknown)}
            errors["dimensions"] = [ValidationError(ERRORS["dimensions_unknown"], params=params)]
        else:
            for name, value in dimensions.items():
                if value in (None, ""):
                    continue
                if value not in rules.OVERALL_VALUES:
                    errors.setdefault("dimensions", []).append(
                        ValidationError(ERRORS["dimension_value"], params={"name": name})
                    )
                else:
                    dims[name] = value
    comment = (comment or "").strip()
    contact = (contact or "").strip()
    if len(comment) > rules.COMMENT_MAX_CHARS:
        params = {"chars": len(comment), "limit": rules.COMMENT_MAX_CHARS}
        errors["comment"] = [ValidationError(ERRORS["comment_long"], params=params)]
    if len(contact) > rules.CONTACT_MAX_CHARS:
        params = {"chars": len(contact), "limit": rules.CONTACT_MAX_CHARS}
        errors["contact"] = [ValidationError(ERRORS["contact_long"], params=params)]
    if errors:
        raise ValidationError(errors)
    return dims, comment, contact


def _insert(row: Evaluation) -> Evaluation:
    """One INSERT in a savepoint: a second vote with the same code breaks the unique key and
    is refused, leaving the surrounding transaction usable."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        raise AlreadyUsed(ERRORS["used"]) from None
    return row


# The code-mode hot path in plain SQL (≥ 300 votes/s on 2 cores is asked): building the same
# two statements with the ORM costs ~2 ms of CPU per vote, more than everything else in the
# service. The statements are the ORM's own, written out once; the values go through each
# model field's own conversion for the database. Rows are read without a user on purpose:
# the public has none — the code is the credential.
INSERT_FIELDS = (
    "org_id",
    "period",
    "overall",
    "dimensions",
    "comment",
    "contact",
    "moderation",
    "code_id",
    "device_hash",
    "ip_hash",
    "submitted_at",
)


@functools.cache
def _sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    codes, points = EvaluationCode._meta.db_table, EvaluationPoint._meta.db_table
    lookup = (
        f"SELECT c.id, c.org_id, c.period, p.is_open FROM {quote(codes)} c"
        f" LEFT JOIN {quote(points)} p ON p.org_id = c.org_id WHERE c.code = %s"
    )
    columns = ", ".join(quote(Evaluation._meta.get_field(name).column) for name in INSERT_FIELDS)
    marks = ", ".join(["%s"] * len(INSERT_FIELDS))
    insert = f"INSERT INTO {quote(Evaluation._meta.db_table)} ({columns}) VALUES ({marks})"
    if connection.features.can_return_columns_from_insert:
        insert += " RETURNING " + quote(Evaluation._meta.pk.column)
    return lookup, insert


def _find_code(code: str) -> tuple[int, int, datetime.date, bool | None] | None:
    """(code id, org id, period, the point's is_open or None) — one SELECT."""
    with connection.cursor() as cursor:
        cursor.execute(_sql()[0], [code])
        found = cursor.fetchone()
    if found is None:
        return None
    code_id, org_id, period, is_open = found
    if isinstance(period, str):  # SQLite hands a raw cursor the text
        period = datetime.date.fromisoformat(period)
    return code_id, org_id, period, None if is_open is None else bool(is_open)


def _insert_fast(row: Evaluation) -> Evaluation:
    """As `_insert`, with the INSERT written out (see _sql)."""
    row.submitted_at = timezone.now()
    params = [
        Evaluation._meta.get_field(name).get_db_prep_save(getattr(row, name), connection)
        for name in INSERT_FIELDS
    ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_sql()[1], params)
            if connection.features.can_return_columns_from_insert:
                row.pk = cursor.fetchone()[0]
            else:  # pragma: no cover - both our databases return columns
                row.pk = cursor.lastrowid
    except IntegrityError:
        raise AlreadyUsed(ERRORS["used"]) from None
    row._state.adding = False
    row._state.db = connection.alias
    return row


def evaluation_submit(
    *,
    code: str = "",
    point: EvaluationPoint | None = None,
    overall: str,
    dimensions=None,
    comment: str = "",
    contact: str = "",
    honeypot: str = "",
    device_token: str = "",
    ip: str = "",
) -> Evaluation:
    """评议 — public, no account. With `code` (code mode): the code's unit and month (limited
    to `point`'s unit when the form of a point is used); an unknown code is
    EvaluationCode.DoesNotExist (404), a used one AlreadyUsed (409). Without a code, `point`
    must be in open mode: one evaluation per device, unit and month, per-address limits."""
    if honeypot:
        raise ValidationError({"__all__": [ERRORS["honeypot"]]})
    dims, comment, contact = clean_answers(
        overall=overall, dimensions=dimensions, comment=comment, contact=contact
    )
    moderation = Evaluation.Moderation.PENDING if comment else Evaluation.Moderation.NONE
    code = normalize_code(code)
    if code:
        return _submit_code(code, point, overall, dims, comment, contact, moderation, ip)
    if point is None or point.mode != EvaluationPoint.Mode.OPEN:
        raise ValidationError({"code": [ERRORS["code_required"]]})
    return _submit_open(point, overall, dims, comment, contact, moderation, device_token, ip)


def _submit_code(code, point, overall, dims, comment, contact, moderation, ip) -> Evaluation:
    check_guessing(ip)
    found = _find_code(code)
    if found is None or (point is not None and found[1] != point.org_id):
        note_failed_code(ip)
        raise EvaluationCode.DoesNotExist(ERRORS["code_unknown"])
    code_id, org_id, period, open_state = found
    if open_state is False:
        raise PermissionDenied(ERRORS["closed"])
    row = Evaluation(
        org_id=org_id,
        period=period,
        overall=overall,
        dimensions=dims,
        comment=comment,
        contact=contact,
        moderation=moderation,
        code_id=code_id,
    )
    return _insert_fast(row)


def _submit_open(point, overall, dims, comment, contact, moderation, token, ip) -> Evaluation:
    if not point.is_open:
        raise PermissionDenied(ERRORS["closed"])
    if not token:
        raise ValidationError({"__all__": [ERRORS["honeypot"]]})
    month = timezone.localdate().replace(day=1)
    device = keyed_hash("device", token)
    ip_hash = keyed_hash("ip", ip)
    seen = Evaluation.objects.unscoped("open mode: has this device evaluated this unit")
    if seen.filter(org_id=point.org_id, period=month, device_hash=device).exists():
        raise AlreadyUsed(ERRORS["device_twice"] % {"org": point.org.name})
    key = f"assess-eval-open:{point.pk}:{ip_hash}:{_hour()}"
    if (cache.get(key) or 0) >= rules.OPEN_PER_IP_PER_HOUR:
        raise TooManyAttempts(ERRORS["ip_limit"])
    row = Evaluation(
        org_id=point.org_id,
        period=month,
        overall=overall,
        dimensions=dims,
        comment=comment,
        contact=contact,
        moderation=moderation,
        device_hash=device,
        ip_hash=ip_hash,
    )
    row = _insert(row)
    _count(key)
    return row


# ---- moderation ----------------------------------------------------------------------------


def evaluation_moderate(*, actor: User, evaluation: Evaluation, decision: str) -> Evaluation:
    """Approve (shown on the public page) or reject a comment; CHANGE at the unit; audited."""
    message = str(ERRORS["no_right"] % {"org": evaluation.org.name})
    require(actor, Action.CHANGE, evaluation, message)
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": [ERRORS["decision"]]})
    if not evaluation.comment:
        raise ValidationError({"decision": [ERRORS["no_comment"]]})
    new = (
        Evaluation.Moderation.APPROVED if decision == "approve" else Evaluation.Moderation.REJECTED
    )
    with transaction.atomic():
        old = evaluation.moderation
        evaluation.moderation = new
        evaluation.moderated_by = actor
        evaluation.moderated_at = timezone.now()
        evaluation.save(update_fields=["moderation", "moderated_by", "moderated_at"])
        audit_record(
            actor=actor,
            action="assess.evaluation_moderate",
            target=evaluation,
            moderation=[old, new],
        )
    return evaluation
