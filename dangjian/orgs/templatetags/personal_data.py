"""Personal data at the precision the viewer's role needs."""

from django import template

register = template.Library()


@register.filter
def birth_date_for(person, viewer) -> str:
    """{{ person|birth_date_for:user }}: the whole date, or year and month only."""
    return person.birth_date_for(viewer)
