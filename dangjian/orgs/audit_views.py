"""操作记录 — the audit log page for department administrators: who, what, when, old → new."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin
from dangjian.orgs import rules, selectors
from dangjian.orgs.scoping import Action, may


class AuditFilterForm(StyledFormMixin, forms.Form):
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    actor = forms.CharField(label=_("By (user name)"), max_length=150, required=False)
    action = forms.CharField(label=_("Action starts with"), max_length=60, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)


@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.AUDIT):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AuditFilters(
        under=selectors.org_get(request.user, data["org"]) if data.get("org") else None,
        person=selectors.person_get(request.user, data["person"]) if data.get("person") else None,
        actor=data.get("actor", ""),
        action=data.get("action", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    page = Paginator(selectors.audit_list(request.user, filters), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = selectors.org_names_for_paths(request.user, [entry.org_path for entry in page])
    rows = [
        {
            "entry": entry,
            "org": names.get(entry.org_path, ""),
            "changes": (entry.data or {}).get("changes", {}),
            "details": {k: v for k, v in (entry.data or {}).items() if k != "changes"},
        }
        for entry in page
    ]
    context = {"form": form, "page": page, "rows": rows, "filters": filters}
    return render(request, "orgs/audit_list.html", context)
