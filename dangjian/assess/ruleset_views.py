"""Pages of the rule sets (百分考核细则): the list by year and category, a rule set as a tree
with each level's totals and guidance, the four defaults, a new version, a draft's items
(add, change, delete), .xlsx import and export, activation. Thin: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_item_services as item_services
from dangjian.assess import ruleset_selectors as selectors
from dangjian.assess import ruleset_services as services
from dangjian.assess import ruleset_xlsx as xlsx
from dangjian.assess.models import AssessCategory, RuleItem, RuleSet
from dangjian.assess.ruleset_forms import DefaultsForm, ImportForm, ItemForm
from dangjian.lib.excel import xlsx_response
from dangjian.lib.forms import attach_errors
from dangjian.lib.http import query_id
from dangjian.lib.indicators import registered
from dangjian.orgs import rules as org_rules
from dangjian.orgs.scoping import Action, may_at

NO_ISSUER = gettext_lazy(
    "You may not issue rule sets: they are issued by the organization department."
)


def _may_change(request: HttpRequest, ruleset: RuleSet) -> bool:
    return may_at(request.user, Action.CHANGE, ruleset.org.path)


@require_safe
def ruleset_list(request: HttpRequest) -> HttpResponse:
    """考核细则 — by year and category, newest first."""
    category = request.GET.get("category", "")
    if category not in rules.CATEGORIES:
        category = ""
    filters = selectors.RuleSetFilters(year=query_id(request.GET.get("year")), category=category)
    rows = selectors.ruleset_list(request.user, filters)
    page = Paginator(rows, org_rules.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "categories": AssessCategory.choices,
        "base_query": query.urlencode(),
        "may_issue": selectors.may_issue(request.user),
    }
    return render(request, "assess/ruleset_list.html", context)


@require_safe
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = selectors.ruleset_get(request.user, pk)
    tree = selectors.ruleset_tree(ruleset)
    context = {
        "ruleset": ruleset,
        "tree": tree,
        "totals": selectors.totals(tree),
        "may_change": _may_change(request, ruleset),
        "is_draft": ruleset.status == RuleSet.Status.DRAFT,
        "indicators": registered(),
    }
    return render(request, "assess/ruleset_detail.html", context)


@require_http_methods(["GET", "POST"])
def ruleset_defaults(request: HttpRequest) -> HttpResponse:
    """Drafts of the four categories' default rule sets for a year."""
    issuers = selectors.issuers(request.user)
    if not issuers:
        raise PermissionDenied(NO_ISSUER)
    form = DefaultsForm(
        request.POST or None,
        initial={"year": timezone.localdate().year, "org": issuers[0].pk},
        issuers=issuers,
    )
    if request.method == "POST" and form.is_valid():
        org = next(org for org in issuers if org.pk == form.cleaned_data["org"])
        try:
            created, manual = services.ruleset_install_defaults(
                actor=request.user, org=org, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("%(count)s draft rule sets created.") % {"count": len(created)}
            )
            for category, codes in manual.items():
                messages.info(
                    request,
                    _(
                        "%(category)s: %(codes)s are scored by an inspector for now, their "
                        "indicator is not available yet."
                    )
                    % {"category": AssessCategory(category).label, "codes": "、".join(codes)},
                )
            return redirect(f"{_list_url()}?year={form.cleaned_data['year']}")
    return render(request, "assess/ruleset_defaults.html", {"form": form})


def _list_url() -> str:
    from django.urls import reverse

    return reverse("assess:ruleset-list")


def _confirm(request: HttpRequest, pk: int, *, draft: bool, title: str, action, done: str):
    ruleset = selectors.ruleset_get(request.user, pk)
    if draft:
        services.require_draft_change(request.user, ruleset)
    elif not _may_change(request, ruleset):
        raise PermissionDenied(services.ERRORS["no_right"] % {"org": ruleset.org.name})
    error = None
    if request.method == "POST":
        try:
            result = action(actor=request.user, ruleset=ruleset)
        except ValidationError as refused:
            error = refused
        else:
            messages.success(request, done)
            return redirect("assess:ruleset-detail", pk=result.pk)
    context = {"ruleset": ruleset, "title": title, "errors": error.messages if error else []}
    return render(request, "assess/ruleset_confirm.html", context)


@require_http_methods(["GET", "POST"])
def ruleset_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        draft=False,
        title=_("Make a new version"),
        action=services.ruleset_new_version,
        done=_("New version created as a draft."),
    )


@require_http_methods(["GET", "POST"])
def ruleset_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm(
        request,
        pk,
        draft=True,
        title=_("Put into force"),
        action=services.ruleset_activate,
        done=_("The rule set is in force."),
    )


def _top_choices(ruleset: RuleSet) -> list[RuleItem]:
    return [
        item
        for item in selectors.ruleset_tree(ruleset)
        if item.kind == RuleItem.Kind.INDICATOR and item.scoring == RuleItem.Scoring.MANUAL
    ]


@require_http_methods(["GET", "POST"])
def ruleset_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = selectors.ruleset_get(request.user, pk)
    services.require_draft_change(request.user, ruleset)
    parents = _top_choices(ruleset)
    wanted = query_id(request.GET.get("parent"))
    form = ItemForm(
        request.POST or None,
        initial={"parent": wanted, "kind": "indicator", "scoring": "manual"},
        indicators=registered(),
        parents=parents,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent_pk = data.pop("parent")
        parent = next((item for item in parents if item.pk == parent_pk), None)
        try:
            item_services.item_add(actor=request.user, ruleset=ruleset, data=data, parent=parent)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Indicator added."))
            return redirect("assess:ruleset-detail", pk=ruleset.pk)
    context = {"ruleset": ruleset, "form": form, "item": None}
    return render(request, "assess/ruleset_item_form.html", context)


@require_http_methods(["GET", "POST"])
def ruleset_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    ruleset = item.ruleset
    services.require_draft_change(request.user, ruleset)
    fields = ("code", "name", "kind", "max_points", "scoring", "auto_indicator", "guidance")
    form = ItemForm(
        request.POST or None,
        initial={name: getattr(item, name) for name in fields},
        indicators=registered(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item_services.item_change(actor=request.user, item=item, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("assess:ruleset-detail", pk=ruleset.pk)
    context = {"ruleset": ruleset, "form": form, "item": item}
    return render(request, "assess/ruleset_item_form.html", context)


@require_http_methods(["GET", "POST"])
def ruleset_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(request.user, pk)
    ruleset = item.ruleset
    services.require_draft_change(request.user, ruleset)
    errors: list[str] = []
    if request.method == "POST":
        try:
            item_services.item_delete(actor=request.user, item=item)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Indicator deleted."))
            return redirect("assess:ruleset-detail", pk=ruleset.pk)
    context = {"ruleset": ruleset, "item": item, "errors": errors}
    return render(request, "assess/ruleset_item_delete.html", context)


@require_http_methods(["GET", "POST"])
def ruleset_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's items replaced by an .xlsx sheet's (the export's columns), all or nothing."""
    ruleset = selectors.ruleset_get(request.user, pk)
    services.require_draft_change(request.user, ruleset)
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            xlsx.ruleset_import(actor=request.user, ruleset=ruleset, content=upload.read())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Items imported."))
            return redirect("assess:ruleset-detail", pk=ruleset.pk)
    return render(request, "assess/ruleset_import.html", {"ruleset": ruleset, "form": form})


@require_safe
def ruleset_export(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = selectors.ruleset_get(request.user, pk)
    return xlsx_response(xlsx.export_bytes(ruleset), xlsx.export_filename(ruleset))
