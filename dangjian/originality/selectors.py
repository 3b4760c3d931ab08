"""Reads of the originality check, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may
from dangjian.originality.models import Check, SourceDocument, Submission


def require_reviewer(user: User) -> None:
    if not may(user, Action.REVIEW):
        raise PermissionDenied


def check_list(user: User, q: str = "") -> QuerySet[Check]:
    qs = Check.objects.visible_to(user).select_related("submission__org", "requested_by")
    if q:
        qs = qs.filter(submission__title__icontains=q)
    return qs.order_by("-created_at", "-pk")


def check_get(user: User, pk: int) -> Check:
    return get_object_or_404(
        Check.objects.visible_to(user).select_related(
            "submission__org", "submission__author", "requested_by"
        ),
        pk=pk,
    )


def corpus_list(user: User, q: str = "") -> QuerySet[SourceDocument]:
    require_reviewer(user)
    qs = SourceDocument.objects.defer("text", "stripped")
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-imported_at", "pk")


def corpus_get(user: User, pk: int) -> SourceDocument:
    require_reviewer(user)
    return get_object_or_404(SourceDocument, pk=pk)


@dataclass(frozen=True)
class SourceView:
    """A source as one viewer may see it: the text only when the viewer may read it."""

    ref: str
    title: str
    site: str
    url: str
    text: str | None  # None: another organization's text, not shown
    link: str = ""


def sources_for_report(user: User, refs: list[str]) -> dict[str, SourceView]:
    """Source texts for a report's side-by-side view, in two queries whatever their number.

    Corpus documents are county-wide; a submission's text shows only to those who may see
    that submission (a colleague's note in another township stays hidden).
    """
    from django.urls import reverse

    views: dict[str, SourceView] = {}
    for doc in SourceDocument.objects.filter(ref__in=refs):
        views[doc.ref] = SourceView(
            doc.ref,
            doc.title,
            doc.site,
            doc.url,
            doc.text,
            reverse("originality:corpus-detail", args=[doc.pk]),
        )
    note_refs = [ref for ref in refs if ref.startswith("submission:")]
    visible = {
        s.index_ref: s
        for s in Submission.objects.visible_to(user)
        .filter(index_ref__in=note_refs)
        .select_related("org")
    }
    for ref in note_refs:
        submission = visible.get(ref)
        if submission is not None:
            views[ref] = SourceView(ref, submission.title, submission.org.name, "", submission.text)
    return views


REDACTED_KEYS = ("title", "site", "url")


def report_for(user: User, report: dict) -> dict:
    """The stored report as `user` may read it: a source the user may not see (another
    organization's note) keeps its figures but loses its title, site and address — wherever
    the report mentions it (sources, groups of mirrors, the largest single source)."""
    refs = report_refs(report)
    visible = sources_for_report(user, refs)
    hidden = {ref for ref in refs if ref not in visible}

    def redact(node):
        if isinstance(node, list):
            return [redact(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: redact(value) for key, value in node.items()}
        mentioned = {node["ref"]} if isinstance(node.get("ref"), str) else set()
        mentioned |= set(node.get("refs") or []) if isinstance(node.get("refs"), list) else set()
        if "ref" in node and "title" in node:
            out["hidden"] = bool(mentioned & hidden)
        if mentioned & hidden:
            out |= {key: "" for key in REDACTED_KEYS if key in node}
            if "sites" in node:
                out["sites"] = []
        return out

    redacted = redact(report)
    if report.get("max_single_source_ref") in hidden:
        redacted["max_single_source_title"] = ""
    return redacted


def report_refs(report: dict) -> list[str]:
    """Every source a report mentions (sources, mirrors, edited copies), sorted."""
    return sorted(_refs_in(report))


def _refs_in(node) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_refs_in(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["ref"]} if isinstance(node.get("ref"), str) else set()
    if isinstance(node.get("refs"), list):
        found |= {ref for ref in node["refs"] if isinstance(ref, str)}
    for value in node.values():
        if isinstance(value, (list, dict)):
            found |= _refs_in(value)
    return found
