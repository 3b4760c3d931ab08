from django import template

from dangjian.originality import rules as originality_rules

register = template.Library()


@register.filter
def ratio_class(ratio: float | None) -> str:
    """The badge colour of a copy ratio, by the originality check's thresholds."""
    if ratio is None:
        return "text-bg-secondary"
    if ratio >= originality_rules.RATIO_HIGH:
        return "text-bg-danger"
    if ratio >= originality_rules.RATIO_WARN:
        return "text-bg-warning"
    return "text-bg-success"


@register.filter
def at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit
