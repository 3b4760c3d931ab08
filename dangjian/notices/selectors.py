"""Reads of notices: a user sees their own, and nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from dangjian.notices.models import Notice
from dangjian.orgs.models import User


def notice_list(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user).order_by("read_at", "-created_at", "-pk")


def notice_get(user: User, pk: int) -> Notice:
    return get_object_or_404(Notice.objects.filter(recipient=user), pk=pk)


def unread_count(user: User) -> int:
    """Once per request (the page header shows it)."""
    cached = getattr(user, "_dangjian_unread", None)
    if cached is None:
        cached = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
        user._dangjian_unread = cached
    return cached
