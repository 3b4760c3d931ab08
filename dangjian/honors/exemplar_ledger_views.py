"""The ledger (台账) of awards: filters by year, category and organization, the county's
counts, the .xlsx export, and publishing an award's deeds to the learning hall."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from dangjian.honors import exemplar_decision_services as decision_services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors import rules_exemplar as rules
from dangjian.honors.exemplar_forms import LedgerForm
from dangjian.honors.exemplar_services import local_today, nominee_name
from dangjian.lib.excel import workbook_bytes, xlsx_response
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may_at


def _filters(request: HttpRequest) -> tuple[LedgerForm, selectors.LedgerFilters]:
    years = list(range(local_today().year, rules.YEAR_MIN - 1, -1))[:10]
    orgs = (
        Organization.objects.visible_to(request.user).filter(org_type="committee").order_by("path")
    )
    query = request.GET.copy()
    # This year unless another (or "all years", an empty year) is asked: the county counts
    # its exemplars by year.
    query.setdefault("year", str(local_today().year))
    form = LedgerForm(query, years=years, orgs=orgs)
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.LedgerFilters(
            year=data["year"], category=data["category"], org=data["org"]
        )
    else:
        filters = selectors.LedgerFilters()
    return form, filters


@require_safe
def ledger(request: HttpRequest) -> HttpResponse:
    """台账 — awards by year, category and organization, with the counts."""
    form, filters = _filters(request)
    awards = selectors.ledger(request.user, filters)
    page = Paginator(awards, rules.PAGE_SIZE).get_page(request.GET.get("page"))
    for award in page:
        award.publishable = award.hall_material_id is None and may_at(
            request.user, Action.CHANGE, award.round.org.path
        )
    context = {
        "form": form,
        "page": page,
        "counts": selectors.ledger_counts(awards),
        "query": request.GET.urlencode(),
    }
    return render(request, "honors/exemplar/ledger.html", context)


HEADERS = [
    gettext_lazy("Year"),
    gettext_lazy("Honor"),
    gettext_lazy("Category"),
    gettext_lazy("Exemplar"),
    gettext_lazy("Organization"),
    gettext_lazy("Nominated by"),
    gettext_lazy("Awarded on"),
    pgettext_lazy("exemplar", "Round"),
]


@require_safe
def ledger_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    rows = []
    for award in selectors.ledger(request.user, filters):
        nomination = award.nomination
        person = nomination.nominee_person
        rows.append(
            [
                award.year,
                award.title,
                award.get_category_display(),
                nominee_name(nomination),
                person.primary_org.name if person else nomination.nominee_org.name,
                nomination.org.name,
                award.awarded_on,
                award.round.title,
            ]
        )
    content = workbook_bytes([str(h) for h in HEADERS], rows, title=_("Awards"))
    return xlsx_response(content, f"awards-{local_today():%Y%m%d}.xlsx")


@require_POST
def award_publish(request: HttpRequest, pk: int) -> HttpResponse:
    award = selectors.award_get(request.user, pk)
    try:
        decision_services.award_publish(actor=request.user, award=award)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The deeds are published in the learning hall."))
    return redirect("honors:exemplar-ledger")
