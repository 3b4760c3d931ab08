"""Pages of 设岗定责 / 党员示范岗: the posts in sight (a member: their own), define a post of an
organization, edit it, assign, reassign or vacate it. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.honors import post_selectors as selectors
from dangjian.honors import post_services as services
from dangjian.honors import rules_post as rules
from dangjian.honors.commitment_selectors import orgs_to_pick
from dangjian.honors.post_forms import HolderForm, PostCreateForm, PostEditForm
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import whole_number
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import Organization
from dangjian.orgs.scoping import Action, may_at, scope_prefixes


@require_safe
def post_list(request: HttpRequest) -> HttpResponse:
    """设岗定责: the posts of one organization's subtree (`?org=`, by default the top one the
    user may change); a member or an inspector: the posts in sight."""
    pick = orgs_to_pick(request.user)
    pk = whole_number(request.GET.get("org", ""))
    if pk is not None:
        org = org_selectors.org_get(request.user, pk)
    else:
        org = _default_org(request.user, pick)
    page = Paginator(selectors.post_list(request.user, org), rules.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for post in page:  # from the cached grants, no query
        post.changeable = may_at(request.user, Action.CHANGE, post.org.path)
    context = {
        "page": page,
        "org": org,
        "may_add": org is not None and may_at(request.user, Action.CHANGE, org.path),
        "pick": pick,
    }
    return render(request, "honors/post/list.html", context)


def _default_org(user, pick: list[Organization]) -> Organization | None:
    """From the hub (no `?org=`): the top organization the user may change — the picker's first
    entry — so that "Add a post" is offered, when its subtree holds everything the user reads
    (a list of it then hides nothing). None for a member or an inspector: all posts in sight."""
    if not pick:
        return None
    top = pick[0]
    if all(prefix.startswith(top.path) for prefix in scope_prefixes(user, Action.VIEW)):
        return top
    return None


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_selectors.org_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    form = PostCreateForm(request.POST or None, people=selectors.holder_choices(request.user, org))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_create(
                actor=request.user,
                org=org,
                title=data["title"],
                duties=data["duties"],
                demonstration=data["demonstration"],
                person=form.holder(),
                since=data["since"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Post saved."))
            return redirect(f"{_list_url()}?org={org.pk}")
    return render(request, "honors/post/form.html", {"form": form, "org": org, "post": None})


def _list_url() -> str:
    from django.urls import reverse

    return reverse("honors:post-list")


def _changeable(request: HttpRequest, pk: int):
    post = selectors.post_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, post.org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    return post


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _changeable(request, pk)
    initial = {
        "title": post.title,
        "duties": post.duties,
        "demonstration": post.demonstration,
        "active": post.active,
    }
    form = PostEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Post saved."))
            return redirect(f"{_list_url()}?org={post.org_id}")
    context = {"form": form, "org": post.org, "post": post}
    return render(request, "honors/post/form.html", context)


@require_http_methods(["GET", "POST"])
def post_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign, reassign or vacate a post (audited with the old and new holder)."""
    post = _changeable(request, pk)
    people = selectors.holder_choices(request.user, post.org)
    initial = {"person": post.person_id, "since": post.since}
    form = HolderForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_assign(
                actor=request.user,
                post=post,
                person=form.holder(),
                since=form.cleaned_data["since"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Holder saved."))
            return redirect(f"{_list_url()}?org={post.org_id}")
    return render(request, "honors/post/assign.html", {"form": form, "post": post})
