"""The public pages of 评先树优 (no account): a round's 公示 page with its objection form, a
published photo's thumbnail, the honor roll and an awarded exemplar's deeds. The form posts
with CSRF (the page sets the cookie); nothing is written to a session."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.honors import exemplar_notice_services as services
from dangjian.honors import exemplar_selectors as selectors
from dangjian.honors.exemplar_forms import HONEYPOT, ObjectionForm
from dangjian.honors.exemplar_services import local_today
from dangjian.honors.models import ExemplarRound, Nomination
from dangjian.lib.client_ip import client_ip
from dangjian.lib.forms import attach_errors


@login_not_required
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, public_key: str) -> HttpResponse:
    """公示 — the round's nominees with their deeds and photos, the dates, and the form."""
    round_ = selectors.public_round(public_key)
    nominations = selectors.public_nominations(round_)
    today = local_today()
    is_open = (
        round_.status == ExemplarRound.Status.NOTICE
        and round_.notice_start <= today <= round_.notice_end
    )
    in_notice = [n for n in nominations if n.status == Nomination.Status.NOTICE]
    form = ObjectionForm(request.POST or None, nominations=in_notice)
    status = 200
    if request.method == "POST":
        status = _lodge(request, round_, form, is_open=is_open, today=today)
        if status == 303:
            # 303 See Other: the browser fetches the page again with GET.
            url = reverse("honors:exemplar-notice", args=[round_.public_key]) + "?sent=1"
            response = redirect(url)
            response.status_code = 303
            return response
    context = {
        "round": round_,
        "nominations": nominations,
        "form": form,
        "is_open": is_open,
        "ended": round_.status == ExemplarRound.Status.DECIDED
        or (round_.notice_end is not None and today > round_.notice_end),
        "sent": request.GET.get("sent") == "1",
    }
    return render(request, "honors/exemplar/public_notice.html", context, status=status)


def _lodge(request, round_: ExemplarRound, form: ObjectionForm, *, is_open: bool, today) -> int:
    """The form's objection lodged (303) or the status of the page showing why not: 200 for
    a refused form (re-rendered with its messages, as the other pages do: a 4xx would be a
    console error in the browser), 429 over the per-address limit. The API keeps 400."""
    ip = client_ip(request)
    try:
        # Every attempt counts against the address, before anything is checked.
        services.count_attempt(ip)
    except services.TooManyObjections as error:
        form.add_error(None, error.message)
        return 429
    if not is_open:
        try:
            services.check_notice_open(round_, today)
        except ValidationError as closed:
            form.add_error(None, closed)
        return 200
    if not form.is_valid():
        return 200
    data = form.cleaned_data
    try:
        nomination = services.public_nomination(round_.public_key, data["nomination"])
        services.objection_lodge(
            nomination=nomination,
            body=data["body"],
            name=data["name"],
            contact=data["contact"],
            honeypot=data[HONEYPOT],
            ip=ip,
        )
    except Nomination.DoesNotExist:
        form.add_error("nomination", services.ERRORS["not_in_notice"])
    except ValidationError as error:
        attach_errors(form, error)
    else:
        return 303
    return 200


@login_not_required
@require_safe
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """The thumbnail of a photo of a nomination in notice or awarded; anything else 404."""
    row = selectors.public_photo(pk)
    field = row.thumbnail or row.file
    response = FileResponse(field.open("rb"), content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_safe
def roll(request: HttpRequest) -> HttpResponse:
    """光荣榜 — the awarded exemplars of a year (the latest year with awards by default)."""
    years = selectors.roll_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else local_today().year
    awards = list(selectors.roll(year))
    context = {"year": year, "years": years, "awards": awards}
    return render(request, "honors/exemplar/roll.html", context)


@login_not_required
@require_safe
def roll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    award = selectors.roll_award(pk)
    return render(request, "honors/exemplar/roll_detail.html", {"award": award})
