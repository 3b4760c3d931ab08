from django import template

register = template.Library()


@register.filter
def percent(ratio: float | None) -> str:
    """0.1234 → 12.3% (CNKI shows one decimal); "—" when there is no figure."""
    if ratio is None or ratio == "":
        return "—"
    return f"{ratio * 100:.1f}%"
