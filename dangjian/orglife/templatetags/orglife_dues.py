"""`{{ fen|yuan }}`: an amount in fen shown as yuan with two decimals."""

from django import template

from dangjian.orglife.dues_calc import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen):
    return _yuan(fen)
