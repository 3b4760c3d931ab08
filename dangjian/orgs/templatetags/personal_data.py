"""Personal data at the precision the viewer's role needs."""

from django import template

from dangjian.orgs.spreadsheets import birth_date_for as _birth_date_for

register = template.Library()


@register.filter
def birth_date_for(person, viewer) -> str:
    """{{ person|birth_date_for:user }}: the whole date, or year and month only."""
    return _birth_date_for(person, viewer)
