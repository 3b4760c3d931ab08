"""Pages of account management (账号与角色): list, create, roles, password, lock, status.

Thin like the other views: the account is loaded through its person's scope (404 outside the
manager's reach), one service call per POST, the one-time password rendered once, never stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dangjian.lib.forms import attach_errors
from dangjian.lib.http import search_text
from dangjian.orgs import account_selectors, account_services, rules
from dangjian.orgs.account_forms import AccountCreateForm, ApiTokenForm, RoleGrantForm
from dangjian.orgs.scoping import Action, may


def _require_manager(request: HttpRequest) -> None:
    if not may(request.user, Action.MANAGE_ACCOUNTS):
        raise PermissionDenied


@require_safe
def account_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    q = search_text(request)
    page = Paginator(account_selectors.account_list(request.user, q), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "orgs/account_list.html", {"page": page, "q": q})


@never_cache
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    initial = {"person": request.GET.get("person")} if request.GET.get("person") else None
    form = AccountCreateForm(request.POST or None, initial=initial, manager=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = account_services.account_create(
                actor=request.user,
                person=form.cleaned_data["person"],
                username=form.cleaned_data["username"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return _show_password(request, account, password)
    return render(request, "orgs/account_form.html", {"form": form})


@require_safe
def account_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    return _detail(request, person, RoleGrantForm(manager=request.user))


def _detail(request: HttpRequest, person, grant_form: RoleGrantForm, status: int = 200):
    context = {
        "person": person,
        "account": person.user,
        "roles": account_selectors.account_roles(request.user, person.user),
        "locked": account_selectors.is_locked_out(person.user),
        "grant_form": grant_form,
        "is_self": person.user_id == request.user.pk,
    }
    return render(request, "orgs/account_detail.html", context, status=status)


@require_POST
def role_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    form = RoleGrantForm(request.POST, manager=request.user)
    if form.is_valid():
        try:
            account_services.role_grant(
                actor=request.user,
                account=person.user,
                role=form.cleaned_data["role"],
                org=form.cleaned_data["org"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("orgs:account-detail", user_id=user_id)
    return _detail(request, person, form, status=400)


@require_POST
def role_revoke(request: HttpRequest, user_id: int, pk: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    assignment = account_selectors.role_assignment_get(request.user, person.user, pk)
    account_services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("The role was revoked."))
    return redirect("orgs:account-detail", user_id=user_id)


@never_cache
@require_POST
def password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    password = account_services.password_reset(actor=request.user, account=person.user)
    return _show_password(request, person.user, password)


def _show_password(request: HttpRequest, account, password: str) -> HttpResponse:
    response = render(
        request, "orgs/account_password.html", {"account": account, "password": password}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def account_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    active = request.POST.get("active") == "1"
    account_services.account_set_active(actor=request.user, account=person.user, active=active)
    messages.success(
        request, _("The account is active again.") if active else _("The account is deactivated.")
    )
    return redirect("orgs:account-detail", user_id=user_id)


@require_POST
def account_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_manager(request)
    person = account_selectors.account_get(request.user, user_id)
    account_services.account_unlock(actor=request.user, account=person.user)
    messages.success(request, _("The account can log in again."))
    return redirect("orgs:account-detail", user_id=user_id)


@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: make one (shown once), see when each was last used."""
    new_token = ""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = account_services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": account_selectors.api_tokens(request.user),
        "new_token": new_token,
    }
    response = render(request, "orgs/api_tokens.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = account_selectors.api_token_get(request.user, pk)
    account_services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token is revoked."))
    return redirect("orgs:api-tokens")
