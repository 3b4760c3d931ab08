"""Project-level pages: the home page, login and a health probe."""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_safe

from dangjian.lib.forms import StyledFormMixin
from dangjian.lib.navigation import home_panels
from dangjian.orgs import account_services, selectors
from dangjian.orgs.scoping import grants


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.home_counts(request.user),
        "person": selectors.person_for_user(request.user),
        "grants": grants(request.user),
        "roots": selectors.org_roots(request.user)[:10],
        "panels": home_panels(request),
    }
    return render(request, "home.html", context)


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass


class GetPostOnlyMixin:
    """GET and POST only (FormView would take PUT as POST), refused before anything else:
    a logged-in user's PUT to the login page is a 405, not a redirect home."""

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class PasswordChangeView(GetPostOnlyMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        account_services.password_changed(user=form.user)
        return response


@method_decorator(login_not_required, name="dispatch")
class LoginView(GetPostOnlyMixin, auth_views.LoginView):
    redirect_authenticated_user = True


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


ERROR_PAGES = {
    403: (
        _("You may not do this"),
        _(
            "Your role does not allow this action here. If you think it should, ask your "
            "organization department."
        ),
    ),
    404: (
        _("Page not found"),
        _("This page does not exist, or it belongs to an organization outside your reach."),
    ),
    500: (
        _("Something went wrong"),
        _(
            "The error has been recorded. Please try again in a moment; if it keeps "
            "happening, tell your system administrator."
        ),
    ),
}


def _error_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    """The error inside the usual layout, with the menu and a way back; `reason`, where
    given, replaces the general explanation."""
    heading, explanation = ERROR_PAGES[status]
    explanation = reason or explanation
    referer = request.META.get("HTTP_REFERER", "")
    back_url = referer if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""
    context = {
        "status": status,
        "heading": heading,
        "explanation": explanation,
        "back_url": back_url,
    }
    return render(request, "error.html", context, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A service's refusal says why ("only the plan's organization closes it"): shown as it is.
    return _error_page(request, 403, str(exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The layout needs the database (menu, roles); when that is what failed, a plain page.
    try:
        return _error_page(request, 500)
    except Exception:
        return HttpResponseServerError(loader.render_to_string("500.html"))
