"""The public path of 群众评议 (no account): submitting an evaluation, in code mode (the code
is the credential — one code, one vote, the `Evaluation.code` unique key is the guard) or in
open mode (a device token in a signed cookie, stored only as a keyed hash; per-address limits;
a honeypot). Votes are anonymous, not actor actions: no audit row per vote.

The code-mode path is kept lean for the load benchmark (bench/assess_eval_load.py): one SELECT
of the code with its point's state, one INSERT (in a savepoint), nothing else. Failed codes
are counted per client address (guessing), in the Django cache.
"""

from __future__ import annotations

import datetime
import functools

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from dangjian.assess import rules_eval as rules
from dangjian.assess.eval_services import ERRORS, normalize_code
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.lib.address_limits import address_key
from dangjian.lib.address_limits import count as _count
from dangjian.lib.address_limits import this_hour as _hour
from dangjian.orgs.models import Organization


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


def _failed_key(ip: str) -> str:
    return f"assess-eval-failed:{keyed_hash('ip', address_key(ip))}:{_hour()}"


def check_guessing(ip: str) -> None:
    """Refuse an address that entered too many unknown codes this hour (one cache read)."""
    if (cache.get(_failed_key(ip)) or 0) >= rules.FAILED_CODES_PER_HOUR:
        raise TooManyAttempts(ERRORS["guessing"])


def note_failed_code(ip: str) -> None:
    _count(_failed_key(ip))


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
        unknown = sorted(str(k)[:40] for k in dimensions if k not in rules.DIMENSIONS)
        shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
        if len(dimensions) > len(rules.DIMENSIONS):
            params = {"max": len(rules.DIMENSIONS), "names": shown}
            errors["dimensions"] = [ValidationError(ERRORS["dimensions_many"], params=params)]
        elif unknown:
            params = {"names": shown}
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
    # A contact is kept only with a comment (it is there to answer the comment).
    return dims, comment, contact if comment else ""


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
    orgs = Organization._meta.db_table
    lookup = (
        f"SELECT c.id, c.org_id, c.period, p.is_open, p.mode, o.is_active FROM {quote(codes)} c"
        f" INNER JOIN {quote(points)} p ON p.org_id = c.org_id"
        f" INNER JOIN {quote(orgs)} o ON o.id = c.org_id WHERE c.code = %s"
    )
    columns = ", ".join(quote(Evaluation._meta.get_field(name).column) for name in INSERT_FIELDS)
    marks = ", ".join(["%s"] * len(INSERT_FIELDS))
    insert = f"INSERT INTO {quote(Evaluation._meta.db_table)} ({columns}) VALUES ({marks})"
    if connection.features.can_return_columns_from_insert:
        insert += " RETURNING " + quote(Evaluation._meta.pk.column)
    return lookup, insert


def _find_code(code: str) -> tuple[int, int, datetime.date, bool] | None:
    """(code id, org id, period, accepting: the unit has a point, open, in code mode, and
    the unit is active) — one SELECT; None for an unknown code or a unit without a point."""
    with connection.cursor() as cursor:
        cursor.execute(_sql()[0], [code])
        found = cursor.fetchone()
    if found is None:
        return None
    code_id, org_id, period, is_open, mode, active = found
    if isinstance(period, str):  # SQLite hands a raw cursor the text
        period = datetime.date.fromisoformat(period)
    accepting = bool(is_open) and mode == EvaluationPoint.Mode.CODE and bool(active)
    return code_id, org_id, period, accepting


def check_code_month(period: datetime.date, today: datetime.date) -> None:
    """A code counts only in its own month (with CODE_GRACE_DAYS after it ended):
    PermissionDenied with a polite message naming the code's month otherwise."""
    month = today.replace(day=1)
    if period == month:
        return
    if period > month:
        raise PermissionDenied(ERRORS["code_future"] % {"month": period.strftime("%Y-%m")})
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)
    if period == last_month and today.day <= rules.CODE_GRACE_DAYS:
        return
    raise PermissionDenied(ERRORS["code_past"] % {"month": period.strftime("%Y-%m")})


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
    code_id, org_id, period, accepting = found
    if not accepting:
        raise PermissionDenied(ERRORS["closed"])
    check_code_month(period, timezone.localdate())
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
    """`token`: the device token of the signed cookie an earlier GET of the page set — never
    one made for this request (a script without cookies would be a new device each time)."""
    if not point.is_open or not point.org.is_active:
        raise PermissionDenied(ERRORS["closed"])
    if not token:
        raise ValidationError({"__all__": [ERRORS["no_device"]]})
    month = timezone.localdate().replace(day=1)
    device = keyed_hash("device", token)
    ip_hash = keyed_hash("ip", address_key(ip))
    twice = AlreadyUsed(ERRORS["device_twice"] % {"org": point.org.name})
    seen = Evaluation.objects.unscoped("open mode: has this device evaluated this unit")
    if seen.filter(org_id=point.org_id, period=month, device_hash=device).exists():
        raise twice
    # Counted before the INSERT (cache.incr is atomic): simultaneous posts cannot all pass.
    key = f"assess-eval-open:{point.pk}:{ip_hash}:{_hour()}"
    if _count(key) > rules.OPEN_PER_IP_PER_HOUR:
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
    try:
        return _insert(row)
    except AlreadyUsed:  # the device's unique key (assess_eval_one_per_device): a race
        raise twice from None
