"""Pages of the meeting ledger (三会一课台账): the list, the phone's quick entry, a meeting, its
edit page and files, and the compliance table (落实情况) with its .xlsx export."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.excel import workbook_bytes, xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.orglife import meeting_selectors as selectors
from dangjian.orglife import meeting_services as services
from dangjian.orglife import rules_meetings as rules
from dangjian.orglife.meeting_forms import NOT_LISTED, EntryStartForm, MeetingForm
from dangjian.orglife.models import MeetingKind
from dangjian.orgs import rules as org_rules
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, can

PAGE_SIZE = 50


def _date(text: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return default


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """会议台账 — meetings in reach, filtered by organization (its subtree), kind and month."""
    org_pk = query_id(request.GET.get("org"))
    under = org_selectors.org_get(request.user, org_pk) if org_pk else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in MeetingKind.values else ""
    month = (
        selectors.parse_month(request.GET["month"], timezone.localdate())
        if request.GET.get("month")
        else None
    )
    filters = selectors.MeetingFilters(under=under, kind=kind, month=month)
    page = Paginator(selectors.meeting_list(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.attach_counts(list(page.object_list))
    context = {
        "page": page,
        "filters": filters,
        "kinds": MeetingKind.choices,
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:500],
        "recorder": selectors.recordable_orgs(request.user).exists(),
    }
    return render(request, "orglife/meetings/list.html", context)


def _entry_context(request: HttpRequest, orgs: list[Organization]):
    """The organization, kind and day the quick entry lists members for (POST, else GET)."""
    source = request.POST if request.method == "POST" else request.GET
    by_pk = {org.pk: org for org in orgs}
    wanted = query_id(source.get("org"))
    org = by_pk.get(wanted) if wanted else orgs[0]
    allowed = rules.kinds_for(org.org_type) if org else []
    kind = source.get("kind") if source.get("kind") in allowed else (allowed or [""])[0]
    held_on = _date(source.get("held_on"), timezone.localdate())
    return org, kind, held_on


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Quick entry (on a phone): kind, date, topic, and one tap per member (default present)."""
    orgs = list(selectors.recordable_orgs(request.user)[:500])
    if not orgs:
        raise PermissionDenied(services.ERRORS["no_right"])
    org, kind, held_on = _entry_context(request, orgs)
    start = EntryStartForm(
        initial={"org": org.pk if org else None, "kind": kind, "held_on": held_on}, orgs=orgs
    )
    people, all_expected = services.eligible_people(org, kind, held_on) if org else ([], True)
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": kind, "held_on": held_on},
        people=people,
        all_expected=all_expected,
    )
    if request.method == "POST" and org is None:
        form.is_valid()
        form.add_error(None, _("Choose one of the organizations offered."))
    elif request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, org=org, **form.service_arguments()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("orglife:meeting-detail", pk=meeting.pk)
    context = {"start": start, "form": form, "org": org, "all_expected": all_expected}
    return render(request, "orglife/meetings/entry.html", context)


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk)
    context = {
        "meeting": meeting,
        "rows": selectors.attendance_of(meeting),
        "files": selectors.attachments_of(meeting),
        "organizer": can(request.user, Action.CHANGE, meeting),
    }
    return render(request, "orglife/meetings/detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, pk)
    if not can(request.user, Action.CHANGE, meeting):
        raise PermissionDenied(services.ERRORS["no_right"])
    source = request.POST if request.method == "POST" else {}
    kind = source.get("kind") if source.get("kind") in MeetingKind.values else meeting.kind
    held_on = _date(source.get("held_on"), meeting.held_on)
    people, all_expected = services.eligible_people(meeting.org, kind, held_on)
    listed = {row.person_id: (row.status, row.reason) for row in selectors.attendance_of(meeting)}
    unlisted = (NOT_LISTED, "") if not all_expected else ("absent", "")
    initial = {
        name: getattr(meeting, name)
        for name in ("kind", "held_on", "start_time", "topic", "place", "lecturer", "agenda")
    } | {
        "minutes": meeting.minutes,
        "host": meeting.host_id,
        "attendance": {p.pk: listed.get(p.pk, unlisted) for p in people},
    }
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        people=people,
        all_expected=all_expected,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("orglife:meeting-detail", pk=meeting.pk)
    context = {"meeting": meeting, "form": form, "all_expected": all_expected}
    return render(request, "orglife/meetings/edit.html", context)


@require_safe
def meeting_attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    row = selectors.attachment_get(request.user, pk, file_pk)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("no file") from None
    return FileResponse(handle, as_attachment=not row.is_image, filename=row.name)


def _compliance_args(request: HttpRequest):
    org = org_selectors.subtree_org(request.user, query_id(request.GET.get("org")) or None)
    month = selectors.parse_month(request.GET.get("month"), timezone.localdate())
    sort = request.GET.get("sort", "")
    missing = request.GET.get("missing", "")
    return org, month, sort, missing


@require_safe
def meeting_compliance(request: HttpRequest) -> HttpResponse:
    """落实情况 — for each organization in the subtree and each kind: required, held, missing."""
    org, month, sort, missing = _compliance_args(request)
    rows = selectors.compliance_table(org, month, sort=sort, missing=missing)
    # A county holds about a thousand branches and groups: a page at a time (the rate and the
    # .xlsx cover them all).
    page = Paginator(rows, org_rules.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("page", None)
    context = {
        "org": org,
        "month": month,
        "previous": (month - datetime.timedelta(days=1)).replace(day=1),
        "next": selectors.next_month(month),
        "rows": page.object_list,
        "page": page,
        "sort": sort,
        "missing": missing,
        "kinds": MeetingKind.choices,
        "base_query": query.urlencode(),
        "export_query": request.GET.urlencode(),
        "orgs": org_selectors.org_choices(request.user, Action.VIEW).order_by("path")[:500],
        "rate": _rate(rows),
    }
    return render(request, "orglife/meetings/compliance.html", context)


def _rate(rows: list[selectors.ComplianceRow]) -> float | None:
    rate = selectors.rate_of(rows)
    return None if rate is None else round(100 * rate, 1)


@require_safe
def meeting_compliance_export(request: HttpRequest) -> HttpResponse:
    """The compliance table as .xlsx, in the page's sort: held/required per kind, missing."""
    org, month, sort, missing = _compliance_args(request)
    rows = selectors.compliance_table(org, month, sort=sort, missing=missing)
    headers = [_("Code"), _("Organization"), _("Type")]
    headers += [str(label) for _value, label in MeetingKind.choices]
    headers.append(_("Missing"))

    def cell_text(cell: selectors.ComplianceCell) -> str:
        return f"{cell.held}/{cell.required}" if cell.required else "—"

    lines = (
        [row.org_code, row.org_name, selectors.org_type_label(row.org_type)]
        + [cell_text(cell) for cell in row.cells]
        + [row.missing]
        for row in rows
    )
    content = workbook_bytes(headers, lines, title=f"{month:%Y-%m}")
    return xlsx_response(content, f"{_('Meeting compliance')} {org.name} {month:%Y-%m}.xlsx")
