"""评优 — the year's award lists: 优秀调研文章 (best mean rubric score) and 优秀讲课 (best
mean listeners' rating), as .xlsx and as .docx, for those who score (Action.SCORE)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dangjian.lib.docx_write import docx_response, table_document
from dangjian.lib.excel import workbook_bytes, xlsx_response
from dangjian.lib.http import whole_number
from dangjian.study import lecture_selectors, research_selectors


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    if 2000 <= (whole_number(value) or 0) <= 2100:
        return int(value)
    return timezone.localdate().year


def _articles(request: HttpRequest, year: int) -> tuple[str, list[str], list[list]]:
    title = _("Outstanding research articles %(year)s") % {"year": year}
    headers = [_("Rank"), _("Title"), _("Author"), _("Organization"), _("Mean score")]
    headers.append(_("Reviewers"))
    rows = [
        [rank, a.title, a.topic.author.name, a.topic.org.name, round(float(a.mean), 1), a.reviewers]
        for rank, a in enumerate(research_selectors.awards(request.user, year), start=1)
    ]
    return title, headers, rows


def _lectures(request: HttpRequest, year: int) -> tuple[str, list[str], list[list]]:
    title = _("Outstanding lectures %(year)s") % {"year": year}
    headers = [_("Rank"), _("Title"), _("lecturer"), _("Organization"), _("rating")]
    headers.append(_("Listeners"))
    rows = [
        [rank, x.title, x.lecturer.name, x.org.name, round(float(x.rating), 2), x.raters]
        for rank, x in enumerate(lecture_selectors.lecture_awards(request.user, year), start=1)
    ]
    return title, headers, rows


LISTS = {"articles": _articles, "lectures": _lectures}


@require_safe
def award_list(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    research_selectors.require_scorer(request.user)
    if kind not in LISTS or fmt not in ("xlsx", "docx"):
        raise Http404("no such list")
    title, headers, rows = LISTS[kind](request, _year(request))
    if fmt == "xlsx":
        return xlsx_response(workbook_bytes(headers, rows, title=title), f"{title}.xlsx")
    return docx_response(table_document(title, headers, rows), f"{title}.docx")
