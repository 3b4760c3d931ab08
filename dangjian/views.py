"""Project-level pages: the home page, login and a health probe."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs import selectors
from dangjian.orgs.scoping import grants


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.home_counts(request.user),
        "person": selectors.person_for_user(request.user),
        "grants": grants(request.user),
        "roots": selectors.org_roots(request.user)[:10],
    }
    return render(request, "home.html", context)


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
