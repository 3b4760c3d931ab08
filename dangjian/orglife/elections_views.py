"""Pages of 换届: the election records in reach, one record, and recording an election (which
renews the organization's term)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from dangjian.lib.forms import StyledFormMixin, attach_errors
from dangjian.orglife import elections_services as services
from dangjian.orglife.models import ElectedMember, ElectionRecord
from dangjian.orgs import rules as org_rules
from dangjian.orgs import selectors as org_selectors
from dangjian.orgs.models import PartyStatus, Person
from dangjian.orgs.scoping import Action, may, may_at

COMMITTEE_ROWS = 9  # a committee has at most 9 members in a branch (7 usual) — rows offered


class ElectionForm(StyledFormMixin, forms.Form):
    elected_on = forms.DateField(
        label=gettext_lazy("Elected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_number = forms.IntegerField(label=gettext_lazy("Term (届次)"), min_value=1, max_value=99)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for index in range(COMMITTEE_ROWS):
            self.fields[f"person_{index}"] = forms.ModelChoiceField(
                label=gettext_lazy("Committee member %(n)s") % {"n": index + 1},
                queryset=people,
                required=False,
            )
            self.fields[f"post_{index}"] = forms.CharField(
                label=gettext_lazy("Post"), max_length=40, required=False
            )
        # The mixin styled the fields declared on the class; these were added after it.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        members = [
            (data[f"person_{i}"], data[f"post_{i}"])
            for i in range(COMMITTEE_ROWS)
            if data.get(f"person_{i}")
        ]
        return {
            "elected_on": data["elected_on"],
            "term_number": data["term_number"],
            "note": data["note"],
            "members": members,
        }


@require_safe
def election_list(request: HttpRequest) -> HttpResponse:
    records = (
        ElectionRecord.objects.visible_to(request.user)
        .select_related("org")
        .order_by("-elected_on", "org__path")[:200]
    )
    orgs = []
    if may(request.user, Action.CHANGE):
        orgs = (
            org_selectors.org_choices(request.user, Action.CHANGE)
            .exclude(org_type="group")
            .order_by("path")[:300]
        )
    return render(request, "orglife/elections/list.html", {"records": records, "orgs": orgs})


@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_selectors.org_get(request.user, pk)
    if not may_at(request.user, Action.CHANGE, org.path):
        raise PermissionDenied(services.ERRORS["no_right"])
    people = (
        Person.objects.visible_to(request.user)
        .filter(
            primary_org__path__startswith=org.path,
            is_active=True,
            party_status=PartyStatus.FULL,
        )
        .order_by("name", "pk")
    )
    initial = {
        "elected_on": timezone.localdate(),
        "term_number": (org.term_number or 0) + 1,
        "post_0": "书记",
    }
    form = ElectionForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.election_record(actor=request.user, org=org, **form.service_fields())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Election recorded; the term is renewed."))
            return redirect("orglife:election-detail", pk=record.pk)
    context = {"org": org, "form": form, "term_years": org_rules.term_years_for(org.org_type)}
    return render(request, "orglife/elections/form.html", context)


@require_safe
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        ElectionRecord.objects.visible_to(request.user).select_related("org"), pk=pk
    )
    members = (
        ElectedMember.objects.unscoped("the committee of a record in reach")
        .filter(election=record)
        .select_related("person")
    )
    return render(request, "orglife/elections/detail.html", {"record": record, "members": members})
