"""Pages of study sessions (集中学习): the calendar, a session, its attendance, minutes, the
room's QR code and the member's sign-in, and the schedules that generate sessions."""

from __future__ import annotations

import calendar
import datetime
from io import BytesIO

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.scoping import Action, can, may
from dangjian.study import selectors
from dangjian.study import sessions_selectors as sessions
from dangjian.study import sessions_services as services
from dangjian.study.models import StudySession
from dangjian.study.sessions_forms import AttendanceForm, GenerateForm, ScheduleForm, SessionForm


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    aware = timezone.make_aware
    return (
        aware(datetime.datetime.combine(month, datetime.time())),
        aware(datetime.datetime.combine(following, datetime.time())),
    )


def month_grid(month: datetime.date, rows: list[StudySession]) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with that day's sessions."""
    by_day: dict[datetime.date, list[StudySession]] = {}
    for session in rows:
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            {"day": day, "in_month": day.month == month.month, "sessions": by_day.get(day, [])}
            for day in week
        ]
        for week in weeks
    ]


@require_safe
def session_calendar(request: HttpRequest) -> HttpResponse:
    """学习日历 — a month grid on wide screens, a list on a phone; filtered by organization."""
    month = selectors.parse_month(request.GET.get("month"), timezone.localdate())
    org = None
    if request.GET.get("org"):
        org = org_selectors.org_get(request.user, _int_or_404(request.GET["org"]))
    rows = list(sessions.session_list(request.user, *_month_bounds(month), org=org))
    context = {
        "month": month,
        "previous": (month - datetime.timedelta(days=1)).replace(day=1),
        "next": (month + datetime.timedelta(days=32)).replace(day=1),
        "org": org,
        "rows": rows,
        "weeks": month_grid(month, rows),
        "org_choices": sessions.org_choices(request.user).order_by("path")[:500],
        "organizer": may(request.user, Action.CHANGE),
    }
    return render(request, "study/sessions/calendar.html", context)


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = sessions.session_get(request.user, pk)
    organizer = can(request.user, Action.CHANGE, session)
    context = {
        "session": session,
        "own": sessions.own_attendance(request.user, session),
        "open": session.sign_in_open(timezone.now()),
        "organizer": organizer,
        "rows": sessions.attendance_of(session) if organizer else [],
    }
    return render(request, "study/sessions/detail.html", context)


def _organized(request: HttpRequest, pk: int) -> StudySession:
    """A session the user may see (404 otherwise) and organizes (403 otherwise)."""
    session = sessions.session_get(request.user, pk)
    if not can(request.user, Action.CHANGE, session):
        raise PermissionDenied(services.ERRORS["no_right"])
    return session


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Agenda, materials and minutes (纪要)."""
    session = _organized(request, pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("study:session-detail", pk=session.pk)
    return render(request, "study/sessions/edit.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary records or corrects the whole attendance list in one form."""
    session = _organized(request, pk)
    form = AttendanceForm(request.POST or None, rows=sessions.attendance_of(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, session=session, rows=form.entries())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("study:session-detail", pk=session.pk)
    return render(request, "study/sessions/attendance.html", {"session": session, "form": form})


@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _organized(request, pk)
    try:
        services.session_close(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Session closed; absentees are asked to make it up."))
    return redirect("study:session-detail", pk=session.pk)


def _sign_in(request: HttpRequest, session: StudySession, via: str) -> HttpResponse:
    try:
        services.session_sign_in(actor=request.user, session=session, via=via)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Signed in. Welcome!"))
    return redirect("study:session-detail", pk=session.pk)


@require_POST
def session_sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap on the session's page: the caller's own attendance only."""
    return _sign_in(request, sessions.session_get(request.user, pk), "tap")


@require_safe
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The room's QR code: a signed, expiring link to the sign-in, drawn as inline SVG."""
    session = _organized(request, pk)
    link = request.build_absolute_uri(
        reverse("study:session-scan", args=[services.qr_token(session)])
    )
    svg = BytesIO()
    segno.make(link, error="m").save(
        svg,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        svgclass="dj-qr",
        lineclass=None,
        nl=False,
    )
    context = {"session": session, "link": link, "svg": mark_safe(svg.getvalue().decode())}
    return render(request, "study/sessions/qr.html", context)


@require_http_methods(["GET", "POST"])
def session_scan(request: HttpRequest, token: str) -> HttpResponse:
    """What a scan opens: the session and one button that signs the logged-in member in."""
    try:
        pk = services.session_id_from_token(token)
    except ValidationError as error:
        return render(
            request, "study/sessions/scan.html", {"error": " ".join(error.messages)}, status=400
        )
    session = sessions.session_get(request.user, pk)
    if request.method == "POST":
        return _sign_in(request, session, "qr")
    context = {
        "session": session,
        "own": sessions.own_attendance(request.user, session),
        "open": session.sign_in_open(timezone.now()),
    }
    return render(request, "study/sessions/scan.html", context)


@require_http_methods(["GET", "POST"])
def session_schedules(request: HttpRequest) -> HttpResponse:
    """学习安排: the schedules in reach, and a new one."""
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(services.ERRORS["no_right"])
    form = ScheduleForm(request.POST or None, orgs=sessions.organizable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            schedule = services.schedule_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Schedule saved: now generate its sessions."))
            return redirect(f"{reverse('study:session-schedules')}#schedule-{schedule.pk}")
    context = {
        "form": form,
        "schedules": sessions.schedule_list(request.user),
        "generate": GenerateForm(initial=_default_range(), auto_id=False),
    }
    return render(request, "study/sessions/schedules.html", context)


def _default_range() -> dict:
    today = timezone.localdate()
    return {"start": today, "end": today + datetime.timedelta(days=90)}


@require_POST
def session_generate(request: HttpRequest, pk: int) -> HttpResponse:
    if not may(request.user, Action.CHANGE):
        raise PermissionDenied(services.ERRORS["no_right"])
    schedule = sessions.schedule_get(request.user, pk)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            created = services.sessions_generate(
                actor=request.user, schedule=schedule, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)s sessions created.") % {"n": len(created)})
    return redirect(f"{reverse('study:session-schedules')}#schedule-{schedule.pk}")


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("bad id") from None
