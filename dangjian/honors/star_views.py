"""Pages of star ratings (评星挂牌): the ratings in reach with their reasons (run and publish
for issuers), an organization's history, the criteria, the printable plaque list and its
.docx, and the public plaque list. Thin: the selectors read, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.honors import rules_star as rules
from dangjian.honors import star_criteria as criteria_rules
from dangjian.honors import star_selectors as selectors
from dangjian.honors import star_services as services
from dangjian.honors.star_compute import reason_text
from dangjian.honors.star_forms import CriteriaForm, FilterForm, RunForm, veto_formset
from dangjian.lib.docx_write import docx_response, table_document
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, may_at


def _rows(ratings) -> list[dict]:
    return [
        {"rating": rating, "reasons": [reason_text(reason) for reason in rating.reasons]}
        for rating in ratings
    ]


@require_safe
def star_list(request: HttpRequest) -> HttpResponse:
    """The current ratings in reach for a year (filters: stars, organization), each with its
    reasons; issuers run, publish and set criteria from here."""
    today = services.local_today()
    issuers = list(selectors.issuer_choices(request.user))
    form = FilterForm(request.GET or None, orgs=selectors.filter_orgs(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or selectors.default_year(request.user, today)
    filters = selectors.RatingFilters(
        year=year, stars=data.get("stars"), org=form.orgs.get(data.get("org"))
    )
    page = Paginator(selectors.rating_list(request.user, filters), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    jobs = selectors.recent_jobs(request.user, year) if issuers else []
    run_form = RunForm(issuers=selectors.issuer_choices(request.user), initial={"year": year})
    run_form.fields["issuer"].choices = [(org.pk, org.name) for org in issuers]
    context = {
        "form": form,
        "year": year,
        "page": page,
        "rows": _rows(page),
        "issuers": issuers,
        "top_issuers": _outermost(issuers),
        "jobs": jobs,
        "jobs_running": any(job.running for job in jobs),
        "run_form": run_form,
        "query": _without_page(request),
    }
    return render(request, "honors/star/list.html", context)


def _outermost(orgs) -> list:
    """The organizations not below another of the list (`orgs` in path order): the criteria
    links of a county's department name the county, not its three hundred branches."""
    kept: list = []
    for org in orgs:
        if not kept or not org.path.startswith(kept[-1].path):
            kept.append(org)
    return kept


def _without_page(request: HttpRequest) -> str:
    """The list's filters as a query string, for the page links (which add their own page)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _issuer_form(request: HttpRequest) -> RunForm | None:
    form = RunForm(request.POST, issuers=selectors.issuer_choices(request.user))
    if form.is_valid():
        return form
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return None


@require_POST
def star_run(request: HttpRequest) -> HttpResponse:
    form = _issuer_form(request)
    year = request.POST.get("year", "")
    if form is not None:
        issuer, year = form.cleaned_data["issuer"], form.cleaned_data["year"]
        try:
            services.rating_run_start(actor=request.user, issuer=issuer, year=year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            params = {"org": issuer.name, "year": year}
            messages.success(request, _("Rating of %(org)s for %(year)s started.") % params)
    return redirect(reverse("honors:star-list") + f"?year={year}")


@require_POST
def star_publish(request: HttpRequest) -> HttpResponse:
    form = _issuer_form(request)
    year = request.POST.get("year", "")
    if form is not None:
        issuer, year = form.cleaned_data["issuer"], form.cleaned_data["year"]
        try:
            count = services.ratings_publish(actor=request.user, issuer=issuer, year=year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)s ratings published.") % {"count": count})
    return redirect(reverse("honors:star-list") + f"?year={year}")


@require_safe
def star_history(request: HttpRequest, pk: int) -> HttpResponse:
    """An organization's stars by year, every run of each year (the current one marked)."""
    org = org_selectors.org_get(request.user, pk)
    rows = _rows(selectors.org_history(request.user, org))
    return render(request, "honors/star/history.html", {"org": org, "rows": rows})


@require_http_methods(["GET", "POST"])
def star_criteria(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The issuer's criteria of a year: thresholds and vetoes (CHANGE at the issuer)."""
    issuer = org_selectors.org_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, issuer.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    current = criteria_rules.in_force(issuer, year)
    form = CriteriaForm(request.POST or None, initial=CriteriaForm.initial_for(current.thresholds))
    vetoes = veto_formset(request.POST or None, current.vetoes)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and vetoes.is_valid():
        try:
            services.criteria_save(
                actor=request.user,
                issuer=issuer,
                year=year,
                thresholds=form.thresholds(),
                vetoes=[veto for sub in vetoes if (veto := sub.veto()) is not None],
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Criteria saved."))
            return redirect("honors:star-criteria", pk=issuer.pk, year=year)
    context = {
        "issuer": issuer,
        "year": year,
        "form": form,
        "vetoes": vetoes,
        "problems": problems,
        "current": current,
    }
    return render(request, "honors/star/criteria.html", context, status=400 if problems else 200)


def _plaque(request: HttpRequest, year: int):
    issuer = None
    issuer_pk = request.GET.get("issuer", "")
    if issuer_pk.isdigit():
        issuer = org_selectors.org_get(request.user, int(issuer_pk))
    return issuer, selectors.plaque_rows(request.user, year, issuer)


@require_safe
def star_plaque(request: HttpRequest, year: int) -> HttpResponse:
    """挂牌名单 — printable on A4: by stars, then name."""
    issuer, rows = _plaque(request, year)
    context = {
        "year": year,
        "issuer": issuer,
        "rows": rows,
        "drafts": sum(1 for row in rows if not row.published),
        "query": f"?issuer={issuer.pk}" if issuer else "",
    }
    return render(request, "honors/star/plaque.html", context)


def plaque_table(rows) -> tuple[list[str], list[list]]:
    headers = [_("No."), _("Organization"), _("Stars"), _("Assessment score")]
    table = [
        [n, row.org.name, "★" * row.stars, "" if row.score is None else f"{row.score:f}"]
        for n, row in enumerate(rows, start=1)
    ]
    return headers, table


@require_safe
def star_plaque_docx(request: HttpRequest, year: int) -> HttpResponse:
    _issuer, rows = _plaque(request, year)
    headers, table = plaque_table(rows)
    title = _("Star-rated organizations of %(year)s (评星挂牌名单)") % {"year": year}
    return docx_response(table_document(title, headers, table), f"{title}.docx")


@login_not_required
@require_safe
def star_public(request: HttpRequest, year: int) -> HttpResponse:
    """The published plaque list of a year, for everyone (no login)."""
    rows = selectors.public_rows(year)
    groups = [
        (stars, [row for row in rows if row.stars == stars])
        for stars in range(rules.STARS_MAX, rules.FLOOR_STARS - 1, -1)
    ]
    context = {"year": year, "groups": [(s, g) for s, g in groups if g], "count": len(rows)}
    return render(request, "honors/star/public.html", context)
