"""Reads shared by every part of work tracking (each part keeps its own `<part>_selectors.py`)."""

from __future__ import annotations

from django.http import Http404

from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may_at, scope_prefixes
from dangjian.work.models import (
    ItemEvidence,
    PlanAttachment,
    ProjectFile,
    RectificationEvidence,
)
from dangjian.work.models.tracking import FileBase

# The kinds of file `work:file` serves, by the name in its URL.
FILE_KINDS: dict[str, type[FileBase]] = {
    "plan": PlanAttachment,
    "item": ItemEvidence,
    "project": ProjectFile,
    "rect": RectificationEvidence,
}


def file_get(user: User, kind: str, pk: int) -> FileBase:
    """A plan attachment, report evidence or project file the user may see; 404 otherwise
    (an unknown kind, another kind's id, a row out of scope)."""
    model = FILE_KINDS.get(kind)
    if model is None:
        raise Http404("no such kind of file")
    row = model.objects.visible_to(user, Action.VIEW).filter(pk=pk).first()
    # A plan's files are for those who reach its organization, not for a member who sees the
    # plan through their own item (plan_selectors.sees_whole_plan).
    if row is None or (kind == "plan" and not may_at(user, Action.VIEW, row.plan.org.path)):
        raise Http404("no such file")
    return row


def reads_a_subtree(user: User) -> bool:
    """Whether the user reaches some organization's whole subtree (the lists and reports over
    a subtree: schedule, overdue, coverage); a member reaches only their own records."""
    return user.is_authenticated and (user.is_superuser or bool(scope_prefixes(user)))
