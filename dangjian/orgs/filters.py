"""List filters from query parameters, shared by the pages, the exports and the API: one
parser, so a filter means the same thing on every face (and an invalid one is never a wider
list)."""

from __future__ import annotations

from django.http import QueryDict

from dangjian.lib.http import whole_number
from dangjian.orgs import selectors
from dangjian.orgs.forms import OrgFilterForm, PersonFilterForm
from dangjian.orgs.models import User


def parse_id(value: str | None) -> int:
    # No row has id 0: an unparsable id is simply not found (404).
    return whole_number(str(value or "")) or 0


def _valid(form) -> dict:
    """The filter values that are valid; the caller reports the form's errors for the others."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def org_filters(user: User, params: QueryDict) -> tuple[OrgFilterForm, selectors.OrgFilters]:
    form = OrgFilterForm(params or None)
    data = _valid(form)
    under = selectors.org_get(user, parse_id(params["under"])) if params.get("under") else None
    filters = selectors.OrgFilters(
        q=data.get("q", ""),
        category=data.get("category", ""),
        org_type=data.get("org_type", ""),
        under=under,
        include_inactive=data.get("inactive", False),
    )
    return form, filters


def person_filters(
    user: User, params: QueryDict
) -> tuple[PersonFilterForm, selectors.PersonFilters]:
    form = PersonFilterForm(params or None)
    data = _valid(form)
    under = selectors.org_get(user, data["org"]) if data.get("org") else None
    filters = selectors.PersonFilters(
        q=data.get("q", ""),
        party_status=data.get("party_status", ""),
        under=under,
        include_inactive=data.get("inactive", False),
        standing=data.get("standing", ""),
    )
    return form, filters
