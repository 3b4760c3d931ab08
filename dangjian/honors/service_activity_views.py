"""Pages of 志愿服务活动: the activities a user sees, an activity (sign up, cancel the
sign-up; for its organisers the sign-ups and the check-in screen), create and cancel, the
check-in screen shown at the place (a QR code of a signed code that expires, renewed on the
page by htmx) and the check-in page that code opens (/honors/s/<code>): one tap checks in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess.eval_qr import qr_svg
from dangjian.honors import rules_service as rules
from dangjian.honors import service_activity_services as services
from dangjian.honors import service_checkin_codes as codes
from dangjian.honors import service_selectors as selectors
from dangjian.honors.service_forms import ActivityForm
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may_at


def _organiser(request: HttpRequest, activity) -> bool:
    return may_at(request.user, Action.CHANGE, activity.org.path)


def _org_choices(request: HttpRequest) -> list[Organization]:
    rows = Organization.objects.visible_to(request.user, Action.CHANGE).filter(is_active=True)
    return list(rows.order_by("path")[: rules.PAGE_SIZE * 4])


@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    """Coming activities first (then the past ones), each with its places left."""
    now = timezone.now()
    shown = request.GET.get("when") == "past"
    rows = selectors.activities_for(request.user)
    rows = (
        rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        if shown
        else rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
    )
    page = Paginator(selectors.with_signup_counts(rows), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "past": shown,
        "organiser": selectors.reads_subtrees(request.user)
        and Organization.objects.visible_to(request.user, Action.CHANGE).exists(),
    }
    return render(request, "honors/service/activities.html", context)


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    choices = _org_choices(request)
    if not choices:
        raise PermissionDenied(services.ERRORS["no_right"])
    org_pk = query_id(request.POST.get("org") or request.GET.get("org"))
    org = choices[0]
    if org_pk is not None:
        org = get_object_or_404(
            Organization.objects.visible_to(request.user, Action.CHANGE), pk=org_pk
        )
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, org=org, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Activity published."))
            return redirect("honors:service-activity", pk=activity.pk)
    context = {"form": form, "org": org, "choices": choices}
    return render(request, "honors/service/activity_form.html", context)


def _detail_context(request: HttpRequest, activity) -> dict:
    person = selectors.member_of(request.user)
    organiser = _organiser(request, activity)
    context = {
        "activity": activity,
        "organiser": organiser,
        "taken": selectors.signup_count(activity),
        "mine": selectors.own_signup(activity, person),
        "eligible": selectors.in_activity_subtree(activity, person),
        "now": timezone.now(),
        "hours": services.activity_hours(activity),
    }
    if organiser:
        context["signups"] = list(selectors.signups_of(activity)[:500])
    return context


@require_safe
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    return render(request, "honors/service/activity.html", _detail_context(request, activity))


def _post_action(request: HttpRequest, pk: int, write, done: str) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    if request.method == "POST":
        try:
            write(actor=request.user, activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("honors:service-activity", pk=activity.pk)
    return render(request, "honors/service/activity.html", _detail_context(request, activity))


@require_http_methods(["GET", "POST"])
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.signup, _("You are signed up."))


@require_http_methods(["GET", "POST"])
def activity_signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.signup_cancel, _("Your sign-up is withdrawn."))


@require_http_methods(["GET", "POST"])
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(request.user, pk)
    if not _organiser(request, activity):
        raise PermissionDenied(services.ERRORS["no_right"])
    return _post_action(
        request,
        pk,
        services.activity_cancel,
        _("The activity is cancelled; those signed up are told."),
    )


@require_safe
def activity_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in screen for the place (organisers only): a QR code of a fresh signed code;
    the page fetches itself every rules.CHECKIN_CODE_REFRESH (htmx, no inline script) so the
    code shown is never older than that, and a code older than CHECKIN_CODE_MAX_AGE no longer
    checks in."""
    activity = selectors.activity_get(request.user, pk)
    if not _organiser(request, activity):
        raise PermissionDenied(services.ERRORS["no_right"])
    url = request.build_absolute_uri(
        reverse("honors:service-checkin", args=[codes.checkin_code(activity)])
    )
    now = timezone.now()
    context = {
        "activity": activity,
        "qr": qr_svg(url, scalable=True),
        "url": url,
        "drawn_at": now,
        "valid_until": now + rules.CHECKIN_CODE_MAX_AGE,
        "refresh_seconds": int(rules.CHECKIN_CODE_REFRESH.total_seconds()),
        "refresh_minutes": int(rules.CHECKIN_CODE_REFRESH.total_seconds() // 60),
        "valid_minutes": int(rules.CHECKIN_CODE_MAX_AGE.total_seconds() // 60),
    }
    return render(request, "honors/service/poster.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_checkin(request: HttpRequest, code: str) -> HttpResponse:
    """签到 — the page the QR code opens: the activity and one button; outside the window
    the button is not offered and the window is said; once checked in, the check-in (time,
    hours, status) instead of the button; an expired or forged code is refused (400) with
    what to do."""
    try:
        activity = selectors.checkin_activity(request.user, code)
    except ValidationError as error:
        context = {"code_problem": " ".join(error.messages)}
        return render(request, "honors/service/checkin.html", context, status=400)
    person = selectors.member_of(request.user)
    done = selectors.own_checkin(activity, person)
    problem = ""
    status = 200
    # Checked in already (a second scan, the back button, a second tap): the check-in is
    # shown, not refused, and no button is offered again.
    if request.method == "POST" and done is None:
        try:
            record = services.check_in(actor=request.user, activity=activity)
        except ValidationError as error:
            problem, status = " ".join(error.messages), 400
        except PermissionDenied as error:
            problem, status = str(error), 403
        else:
            messages.success(request, _checked_in_message(activity, record))
            return redirect("honors:service-mine")
        done = selectors.own_checkin(activity, person)
        if done is not None:  # another tap got there first
            problem, status = "", 200
    now = timezone.now()
    context = {
        "activity": activity,
        "problem": problem,
        "done": done,
        "open": services.checkin_open(activity, now),
        "opens": services.checkin_opens(activity),
        "hours": services.credited(activity, now)[3],
        "pending": not services.vouched(request.user, activity),
    }
    return render(request, "honors/service/checkin.html", context, status=status)


def _checked_in_message(activity, record) -> str:
    params = {"title": activity.title, "hours": record.hours}
    if record.status == record.Status.VERIFIED:
        done = _("Checked in to “%(title)s”: %(hours)s verified hours are added to your year.")
    else:
        done = _(
            "Checked in to “%(title)s”: you organise it, so its %(hours)s hours wait "
            "for verification by someone else."
        )
    return done % params
