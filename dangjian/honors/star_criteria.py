"""评星标准 — the criteria a rating run applies: which ones are in force for an issuer's year,
and the checks every saved criteria passes (the page, the API and the defaults alike).

In force for an issuer and year: its own StarCriteria of the year; else the nearest
organization above it that set criteria for that year (a township without its own follows
the county); else the defaults of rules_star.

Inherited by an issuer below another (a township under the county): what would be in force
without its own row. Its own may be stricter, never looser (`check_not_looser`):
- thresholds: for each number of stars, the lowest score that earns at least that many is
  no lower than the inherited one (a level the inherited criteria never give stays out of
  reach);
- vetoes: every inherited veto is kept, in the inherited order, on the same indicator, test
  and effect, at least as strict (ratio_below: value not lower; count_above: value not
  higher; max_stars: cap not higher; minus_stars: not fewer stars taken); vetoes of its own
  may come anywhere. Each veto only ever lowers the stars and does so monotonically, so with
  these rules no organization gets more stars under the issuer's criteria than under the
  inherited ones.
A top-level organization (the county) sets its criteria freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_star as rules
from dangjian.honors.models import StarCriteria
from dangjian.lib.indicators import registered
from dangjian.orgs.models import Organization

ERRORS = {
    "required": _("This field is required."),
    "not_a_list": _("Give a list."),
    "not_an_object": _("Item %(n)s: give an object with the fields named in the API."),
    "number": _("Item %(n)s: “%(value)s” is not a number."),
    "score_range": _("Item %(n)s: the score must lie between 0 and 100."),
    "score_decimals": _("Item %(n)s: the score may have at most one decimal."),
    "stars_range": _("Item %(n)s: stars are a whole number from 1 to 5."),
    "stars_twice": _("Item %(n)s: %(stars)s stars have a threshold already."),
    "thresholds_order": _(
        "Item %(n)s: %(stars)s stars need a higher score than %(lower)s stars (%(min)s); "
        "thresholds go strictly down with the stars."
    ),
    "thresholds_empty": _("Give at least one threshold."),
    "too_many_vetoes": _("At most %(max)s vetoes."),
    "indicator_unknown": _(
        "Item %(n)s: no indicator “%(code)s” is registered; choose one of the list."
    ),
    "when": _("Item %(n)s: the test is “ratio_below” or “count_above”."),
    "effect": _("Item %(n)s: the effect is “max_stars” or “minus_stars”."),
    "veto_value_range": _("Item %(n)s: the value must lie between 0 and %(max)s."),
    "veto_value_decimals": _("Item %(n)s: the value may have at most two decimals."),
    "ratio_range": _("Item %(n)s: a ratio lies between 0 and 1."),
    "veto_stars": _("Item %(n)s: the stars of a veto are a whole number from 1 to 4."),
    "label_required": _("Item %(n)s: give the label shown as the reason (e.g. 整改未按期完成)."),
    "label_long": _("Item %(n)s: the label has %(chars)s characters; at most %(max)s."),
    "unknown_key": _("Item %(n)s: unknown field “%(key)s”."),
    "looser_threshold": _(
        "%(stars)s stars from %(own)s are looser than the criteria of %(source)s (at least "
        "%(min)s): an organization below may make the criteria stricter, never looser."
    ),
    "unreachable_threshold": _(
        "%(stars)s stars from %(own)s are looser than the criteria of %(source)s, under which "
        "no score earns %(stars)s stars: an organization below may make the criteria "
        "stricter, never looser."
    ),
    "veto_dropped": _(
        "The veto “%(label)s” (%(code)s) of %(source)s is missing, milder or out of its order: "
        "keep it, at least as strict and in the same order; vetoes of your own may be added."
    ),
}
DEFAULTS_NAME = _("the defaults")

THRESHOLD_KEYS = ("stars", "min_score")
VETO_KEYS = ("indicator", "when", "value", "effect", "stars", "label")


@dataclass
class Criteria:
    thresholds: list[dict]  # [{"stars": 5, "min_score": "95"}, …] highest first
    vetoes: list[dict] = field(default_factory=list)
    # Where they come from: the issuer's own row, an organization above it, or the defaults.
    row: StarCriteria | None = None
    set_by: Organization | None = None

    @property
    def is_default(self) -> bool:
        return self.set_by is None


def defaults() -> Criteria:
    thresholds = [{"stars": stars, "min_score": str(score)} for stars, score in rules.THRESHOLDS]
    return Criteria(thresholds, [dict(veto) for veto in rules.DEFAULT_VETOES])


def _paths(issuer: Organization) -> list[str]:
    """The paths from the top organization down to `issuer` itself."""
    return [issuer.path[: i + 1] for i, ch in enumerate(issuer.path) if ch == "/"][1:]


def in_force(issuer: Organization, year: int) -> Criteria:
    """The criteria of `issuer`'s year: its own, the nearest above it, or the defaults."""
    return _nearest(_paths(issuer), year)


def inherited(issuer: Organization, year: int) -> Criteria | None:
    """What `issuer` inherits for `year` (the nearest above it, or the defaults); None for a
    top-level organization, which inherits nothing."""
    above = _paths(issuer)[:-1]
    return _nearest(above, year) if above else None


def _nearest(paths: list[str], year: int) -> Criteria:
    rows = (
        StarCriteria.objects.unscoped("criteria above the issuer apply to its run")
        .filter(year=year, org__path__in=paths)
        .select_related("org")
    )
    nearest = max(rows, key=lambda row: len(row.org.path), default=None)
    if nearest is None:
        return defaults()
    return Criteria(nearest.thresholds, nearest.vetoes, nearest, nearest.org)


def _lowest_score_for(thresholds: list[dict], stars: int) -> Decimal | None:
    """The lowest score that earns at least `stars` stars; None: no score does."""
    lines = [Decimal(str(row["min_score"])) for row in thresholds if int(row["stars"]) >= stars]
    return min(lines, default=None)


def _covers(own: dict, base: dict) -> bool:
    """`own` is the veto `base`, at least as strict."""
    if (own["indicator"], own["when"], own["effect"]) != (
        base["indicator"],
        base["when"],
        base["effect"],
    ):
        return False
    own_value, base_value = Decimal(str(own["value"])), Decimal(str(base["value"]))
    if base["when"] == rules.WHEN_RATIO_BELOW:
        value_ok = own_value >= base_value
    else:
        value_ok = own_value <= base_value
    if base["effect"] == rules.EFFECT_MAX:
        return value_ok and int(own["stars"]) <= int(base["stars"])
    return value_ok and int(own["stars"]) >= int(base["stars"])


def check_not_looser(thresholds: list[dict], vetoes: list[dict], base: Criteria) -> None:
    """Refuse cleaned criteria looser than the inherited `base` (see the module text), every
    problem at once under "thresholds" and "vetoes"."""
    source = base.set_by.name if base.set_by is not None else str(DEFAULTS_NAME)
    errors: dict[str, list] = {}
    for stars in range(rules.STARS_MAX, rules.FLOOR_STARS, -1):
        own = _lowest_score_for(thresholds, stars)
        floor = _lowest_score_for(base.thresholds, stars)
        if own is None or (floor is not None and own >= floor):
            continue
        params = {"stars": stars, "own": f"{own.normalize():f}", "source": source}
        if floor is None:
            error = _error("unreachable_threshold", **params)
        else:
            error = _error("looser_threshold", **params, min=f"{floor.normalize():f}")
        errors.setdefault("thresholds", []).append(error)
    position = 0
    for veto in base.vetoes:
        found = next((n for n in range(position, len(vetoes)) if _covers(vetoes[n], veto)), None)
        if found is None:
            params = {"label": veto["label"], "code": veto["indicator"], "source": source}
            errors.setdefault("vetoes", []).append(_error("veto_dropped", **params))
        else:
            position = found + 1
    if errors:
        raise ValidationError(errors)


def _error(error_code: str, /, **params) -> ValidationError:
    return ValidationError(ERRORS[error_code], code=error_code, params=params)


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _unknown_keys(n: int, item: dict, keys: tuple[str, ...], problems: list) -> None:
    for key in sorted(set(item) - set(keys)):
        problems.append(_error("unknown_key", n=n, key=key))


def clean_thresholds(raw) -> list[dict]:
    """[{"stars", "min_score"}, …] → the same, highest stars first, scores as text with one
    decimal at most; every problem raised at once under "thresholds"."""
    if not isinstance(raw, list):
        raise ValidationError({"thresholds": [ERRORS["not_a_list"]]})
    if not raw:
        raise ValidationError({"thresholds": [ERRORS["thresholds_empty"]]})
    problems: list[ValidationError] = []
    cleaned: list[tuple[int, Decimal, int]] = []
    seen: set[int] = set()
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(_error("not_an_object", n=n))
            continue
        _unknown_keys(n, item, THRESHOLD_KEYS, problems)
        stars = _whole(item.get("stars"))
        score = _decimal(item.get("min_score"))
        if stars is None or not rules.STARS_MIN <= stars <= rules.STARS_MAX:
            problems.append(_error("stars_range", n=n))
            continue
        if stars in seen:
            problems.append(_error("stars_twice", n=n, stars=stars))
            continue
        seen.add(stars)
        if score is None:
            value = str(item.get("min_score", ""))[:20]
            problems.append(_error("number", n=n, value=value))
        elif not rules.SCORE_MIN <= score <= rules.SCORE_MAX:
            problems.append(_error("score_range", n=n))
        elif score != round(score, rules.SCORE_DECIMALS):
            problems.append(_error("score_decimals", n=n))
        else:
            cleaned.append((stars, score, n))
    if not problems:
        cleaned.sort(key=lambda row: -row[0])
        for (stars, score, n), (lower, lower_score, _n) in pairwise(cleaned):
            if score <= lower_score:
                params = {"n": n, "stars": stars, "lower": lower, "min": f"{lower_score:f}"}
                problems.append(_error("thresholds_order", **params))
    if problems:
        raise ValidationError({"thresholds": problems})
    return [{"stars": stars, "min_score": f"{score.normalize():f}"} for stars, score, _n in cleaned]


def _clean_veto(n: int, item, known: dict, problems: list) -> dict | None:
    if not isinstance(item, dict):
        problems.append(_error("not_an_object", n=n))
        return None
    before = len(problems)
    _unknown_keys(n, item, VETO_KEYS, problems)
    code = str(item.get("indicator") or "").strip()
    if code not in known:
        problems.append(_error("indicator_unknown", n=n, code=code[:60]))
    when, effect = item.get("when"), item.get("effect")
    if when not in rules.WHENS:
        problems.append(_error("when", n=n))
    if effect not in rules.EFFECTS:
        problems.append(_error("effect", n=n))
    value = _decimal(item.get("value"))
    if value is None:
        problems.append(_error("number", n=n, value=str(item.get("value", ""))[:20]))
    elif not 0 <= value <= rules.VETO_VALUE_MAX:
        problems.append(_error("veto_value_range", n=n, max=rules.VETO_VALUE_MAX))
    elif value != round(value, rules.VETO_VALUE_DECIMALS):
        problems.append(_error("veto_value_decimals", n=n))
    elif when == rules.WHEN_RATIO_BELOW and value > 1:
        problems.append(_error("ratio_range", n=n))
    stars = _whole(item.get("stars"))
    if stars is None or not 1 <= stars < rules.STARS_MAX:
        problems.append(_error("veto_stars", n=n))
    label = str(item.get("label") or "").strip()
    if not label:
        problems.append(_error("label_required", n=n))
    elif len(label) > rules.LABEL_MAX_CHARS:
        problems.append(_error("label_long", n=n, chars=len(label), max=rules.LABEL_MAX_CHARS))
    if len(problems) > before:
        return None
    return {
        "indicator": code,
        "when": when,
        "value": f"{value.normalize():f}",
        "effect": effect,
        "stars": stars,
        "label": label,
    }


def clean_vetoes(raw) -> list[dict]:
    """Each veto names a registered indicator (refused otherwise), its test and effect."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError({"vetoes": [ERRORS["not_a_list"]]})
    if len(raw) > rules.VETOES_MAX:
        raise ValidationError({"vetoes": [_error("too_many_vetoes", max=rules.VETOES_MAX)]})
    known = registered()
    problems: list[ValidationError] = []
    cleaned = [_clean_veto(n, item, known, problems) for n, item in enumerate(raw, start=1)]
    if problems:
        raise ValidationError({"vetoes": problems})
    return [veto for veto in cleaned if veto is not None]
