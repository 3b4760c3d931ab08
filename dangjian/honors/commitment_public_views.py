"""The public page of an organization (no account): its published commitments and its
members' (names only, nothing else of a person), their progress and verdicts, and its
demonstration posts (党员示范岗) with the member and the duties. Read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dangjian.honors import commitment_selectors as selectors


@login_not_required
@require_safe
def public_org(request: HttpRequest, org_id: int) -> HttpResponse:
    page = selectors.public_page(org_id)
    years: dict[int, list] = {}
    for commitment in page.commitments:
        years.setdefault(commitment.year, []).append(commitment)
    context = {"org": page.org, "years": sorted(years.items(), reverse=True), "posts": page.posts}
    return render(request, "honors/commitment/public.html", context)
