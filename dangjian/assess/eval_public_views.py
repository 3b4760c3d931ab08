"""The public pages of 群众评议 (no account): a unit's page behind its QR code with the
phone-friendly form, the thank-you page, and polite refusals. The form posts with CSRF (the
page sets the cookie); nothing is written to a session."""

from __future__ import annotations

import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import eval_selectors as selectors
from dangjian.assess import eval_submit_services as services
from dangjian.assess import rules_eval as rules
from dangjian.assess.eval_forms import HONEYPOT, PublicEvaluationForm
from dangjian.assess.models import EvaluationCode, EvaluationPoint
from dangjian.lib.client_ip import client_ip
from dangjian.lib.forms import attach_errors

DEVICE_SALT = "dangjian.assess.eval.device"
DEVICE_MAX_AGE = rules.DEVICE_COOKIE_DAYS * 24 * 3600


def _device_token(request: HttpRequest) -> tuple[str, bool]:
    """The device token from its signed cookie, or a new one (True: set the cookie)."""
    token = request.get_signed_cookie(
        rules.DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE
    )
    if token:
        return token, False
    return secrets.token_urlsafe(16), True


def _with_device(response: HttpResponse, request: HttpRequest, token: str, new: bool):
    if new:
        response.set_signed_cookie(
            rules.DEVICE_COOKIE,
            token,
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _refusal(request, point, message, status: int) -> HttpResponse:
    context = {"point": point, "message": message}
    return render(request, "assess/eval_refused.html", context, status=status)


@login_not_required
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, public_key: str) -> HttpResponse:
    """评议 — the page a QR code opens: the unit, its introduction, approved comments, and
    the form (the code field in code mode)."""
    point = selectors.public_point(public_key)
    if not point.org.is_active:
        return _refusal(request, point, services.ERRORS["closed"], 403)
    code_mode = point.mode == EvaluationPoint.Mode.CODE
    token, new = _device_token(request) if not code_mode else ("", False)
    if request.method == "POST" and not code_mode and new:
        # Open mode counts a device by the cookie an earlier GET of this page set: a post
        # without it (a script, cookies refused) is refused, nothing stored; the new cookie
        # lets an honest person who opens the page again send the form.
        response = _refusal(request, point, services.ERRORS["no_device"], 400)
        return _with_device(response, request, token, new)
    form = PublicEvaluationForm(
        request.POST or None,
        code_mode=code_mode,
        initial={"code": request.GET.get("code", "")[:40]} if code_mode else None,
    )
    if request.method == "POST" and point.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_submit(
                code=data.get("code", ""),
                point=point,
                overall=data["overall"],
                dimensions=form.dimensions(),
                comment=data["comment"],
                contact=data["contact"],
                honeypot=data[HONEYPOT],
                device_token=token,
                ip=client_ip(request),
            )
        except EvaluationCode.DoesNotExist as error:
            form.add_error("code", str(error))
        except services.AlreadyUsed as error:
            response = _refusal(request, point, error.message, 409)
            return _with_device(response, request, token, new)
        except services.TooManyAttempts as error:
            return _refusal(request, point, error.message, 429)
        except PermissionDenied as error:
            return _refusal(request, point, str(error), 403)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            # 303 See Other: the browser fetches the thank-you page with GET.
            response = redirect(reverse("assess:eval-thanks", args=[point.public_key]))
            response.status_code = 303
            return _with_device(response, request, token, new)
    context = {
        "point": point,
        "form": form,
        "code_mode": code_mode,
        "comments": selectors.approved_comments(point),
    }
    response = render(request, "assess/eval_public.html", context)
    return _with_device(response, request, token, new)


@login_not_required
@require_safe
def thanks(request: HttpRequest, public_key: str) -> HttpResponse:
    point = selectors.public_point(public_key)
    return render(request, "assess/eval_thanks.html", {"point": point})
