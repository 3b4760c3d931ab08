"""The schedule (推进日程表): a plan's items (or those of the published plans of an
organization's subtree for a year) × 12 months, with each milestone in its month — a grid on
a wide screen, a list by month on a phone — and its .xlsx and .docx exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dangjian.lib.docx_write import docx_response, table_document
from dangjian.lib.excel import workbook_bytes, xlsx_response
from dangjian.lib.http import query_id
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action
from dangjian.work import plan_selectors as selectors
from dangjian.work import rules_plan as rules
from dangjian.work import tracking
from dangjian.work.models import WorkItem, WorkPlan
from dangjian.work.plan_views import year_param


@dataclass
class Schedule:
    title: str
    year: int
    plan: WorkPlan | None
    org: Organization
    items: object  # a list (one plan) or a queryset (a subtree), paged by the page


def _schedule(request: HttpRequest) -> Schedule:
    """?plan=<id> — that plan (any stage); else ?org=<id>&year= — the published plans of the
    organization's subtree (the top of the user's reach by default; this year by default)."""
    plan_pk = query_id(request.GET.get("plan"))
    if plan_pk is not None:
        plan = selectors.plan_get(request.user, plan_pk)
        return Schedule(
            plan.title, plan.year, plan, plan.org, selectors.plan_items(request.user, plan)
        )
    org = org_selectors.subtree_org(request.user, query_id(request.GET.get("org")))
    year = year_param(request.GET.get("year")) or tracking.local_today().year
    items = selectors.schedule_items(request.user, org, year)
    title = _("%(org)s: work schedule %(year)s") % {"org": org.name, "year": year}
    return Schedule(title, year, None, org, items)


@require_safe
def schedule(request: HttpRequest) -> HttpResponse:
    """推进日程表 — items × months; a subtree's schedule a page of items at a time."""
    found = _schedule(request)
    page = None
    items = found.items
    if found.plan is None:
        page = Paginator(items, rules.SCHEDULE_PAGE_SIZE).get_page(request.GET.get("page"))
        items = list(page.object_list)
    rows = selectors.schedule_rows(items, found.year)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "schedule": found,
        "rows": rows,
        "by_month": selectors.months_of(rows),
        "months": rules.MONTHS,
        "page": page,
        "export_query": query.urlencode(),
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:500]
        if found.plan is None
        else [],
    }
    return render(request, "work/plan_schedule.html", context)


def _milestone_text(milestones) -> str:
    return "\n".join(f"{m.due_on:%m-%d} {m.title}" for m in milestones)


def _heading() -> list[str]:
    return [
        _("No."),
        _("Organization"),
        _("Kind"),
        _("Item"),
        _("Content and target"),
        _("Responsible group"),
        _("Responsible person"),
        _("Deadline"),
    ]


def _cells(item: WorkItem) -> list:
    return [
        item.number,
        item.org.name,
        item.get_kind_display(),
        item.title,
        item.target,
        item.group,
        item.owner.name if item.owner else "",
        item.deadline.isoformat(),
    ]


def _all_rows(found: Schedule) -> list[selectors.ScheduleRow]:
    items = found.items if isinstance(found.items, list) else list(found.items)
    return selectors.schedule_rows(items, found.year)


@require_safe
def schedule_xlsx(request: HttpRequest) -> HttpResponse:
    """The schedule as .xlsx: one row per item, one column per month (its milestones)."""
    found = _schedule(request)
    rows = _all_rows(found)
    months = [_("Month %(month)s") % {"month": month} for month in rules.MONTHS]
    lines = (_cells(row.item) + [_milestone_text(cell) for cell in row.months] for row in rows)
    content = workbook_bytes(_heading() + months, lines, title=str(found.year))
    return xlsx_response(content, f"{found.title}.xlsx")


@require_safe
def schedule_docx(request: HttpRequest) -> HttpResponse:
    """The schedule as a Word table to print: the months with milestones in one column."""
    found = _schedule(request)
    # Counted before anything is built: a county's thousands of items are refused at once.
    count = len(found.items) if isinstance(found.items, list) else found.items.count()
    if count > rules.DOCX_MAX_ITEMS:
        messages.error(
            request,
            _("%(count)s items are too many for a Word table (at most %(limit)s): export .xlsx.")
            % {"count": count, "limit": rules.DOCX_MAX_ITEMS},
        )
        return redirect(f"{reverse('work:plan-schedule')}?{request.GET.urlencode()}")
    rows = _all_rows(found)

    def months_text(row: selectors.ScheduleRow) -> str:
        parts = [
            _("%(month)s: %(milestones)s")
            % {
                "month": _("Month %(month)s") % {"month": month},
                "milestones": "；".join(m.title for m in cell),
            }
            for month, cell in zip(rules.MONTHS, row.months, strict=True)
            if cell
        ]
        return "\n".join(parts)

    headers = [h for i, h in enumerate(_heading()) if i != 4] + [_("Schedule")]
    lines = (
        [c for i, c in enumerate(_cells(row.item)) if i != 4] + [months_text(row)] for row in rows
    )
    return docx_response(table_document(found.title, headers, lines), f"{found.title}.docx")
