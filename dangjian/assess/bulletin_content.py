"""The content of a monthly supervision bulletin (督查通报), computed once and rendered twice: as
the .docx (bulletin_docx) and as the browser preview (bulletin_views). The same function feeds
both, so the preview shows exactly what the document says.

What it says, for the issuing organization's grassroots committees (target_selectors) and the
month: who handed in on time, late (with the days) and not at all, BY NAME; the marks (落实 /
部分落实 / 未落实 counts); highlights (the issuer's text, or by default the committees on time
whose every item was marked 落实); problems (the issuer's text, followed always by the items
marked 未落实, listed by committee); the ranking of the issuer's latest PUBLISHED round whose
period covers the month (read here from the models, not through the round part's modules), or
a sentence saying there is none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dangjian.assess import target_selectors as selectors
from dangjian.assess.bulletin_numerals import chinese_date
from dangjian.assess.models import AssessRound, Bulletin, MonthlyTarget, ScoreSheet, TargetItem
from dangjian.orgs.models import Organization

SYSTEM = "a bulletin reads every committee under its issuer (CHANGE checked when requested)"
H1, H2, P = "h1", "h2", "p"
GRADES = {"excellent": "优秀", "good": "良好", "fair": "一般", "poor": "较差"}
MARK_NAMES = {"done": "落实", "partial": "部分落实", "not_done": "未落实"}
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    name: str
    category: str
    total: str
    grade: str


@dataclass
class BulletinContent:
    issuer: str
    number_text: str  # 〔2026〕3号
    title: str
    month: datetime.date
    deadline: datetime.date
    date_text: str  # 二〇二六年十一月三十日
    on_time: list[str]
    late: list[tuple[str, int]]
    missing: list[str]
    pending: list[str]
    marks: dict[str, int]
    unmarked: int
    round_name: str = ""
    ranking: list[RankRow] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (h1|h2|p, text)


def number_text(year: int, number: int) -> str:
    """发文字号: 〔2026〕3号 (六角括号, no leading zero)."""
    return f"〔{year}〕{number}号"


def bulletin_title(month: datetime.date) -> str:
    return f"关于{month.year}年{month.month}月创先争优月度目标落实情况的督查通报"


def _names(names: list[str]) -> str:
    return "、".join(names) + "。" if names else "无。"


def published_ranking(issuer: Organization, month: datetime.date):
    """The issuer's latest published round whose period covers the month, with its sheets
    by rank (two queries); (None, []) when there is none."""
    found = (
        AssessRound.objects.unscoped(SYSTEM)
        .filter(
            org=issuer,
            status=AssessRound.Status.PUBLISHED,
            period_start__lte=month,
            period_end__gte=selectors.month_end(month),
        )
        .order_by("-period_start", "-published_at", "-pk")
        .first()
    )
    if found is None:
        return None, []
    sheets = (
        ScoreSheet.objects.unscoped(SYSTEM)
        .filter(round=found)
        .select_related("org")
        .order_by("rank", "-total", "org__path")
    )
    rows = [
        RankRow(
            sheet.rank,
            sheet.org.name,
            sheet.org.get_category_display(),
            f"{sheet.total:.2f}",
            GRADES.get(sheet.grade, ""),
        )
        for sheet in sheets
    ]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0))
    return found, rows


def _not_done(issuer: Organization, month: datetime.date) -> list[TargetItem]:
    return list(
        TargetItem.objects.unscoped(SYSTEM)
        .filter(
            target__org__path__startswith=issuer.path,
            target__month=month,
            mark=TargetItem.Mark.NOT_DONE,
        )
        .exclude(target__org=issuer)
        .select_related("target__org")
        .order_by("target__org__path", "position")
    )


def content_for(
    issuer: Organization,
    month: datetime.date,
    *,
    year: int,
    number: int,
    issued_on: datetime.date,
    highlights: str = "",
    problems: str = "",
    today: datetime.date | None = None,
) -> BulletinContent:
    """Everything the bulletin says (a handful of queries, whatever the county's size)."""
    today = today or selectors.local_today()
    orgs = (
        Organization.objects.unscoped(SYSTEM)
        .filter(selectors.committees_of_month_q(month, issuer.path))
        .exclude(pk=issuer.pk)
        .order_by("path")
    )
    report = selectors.month_report(orgs, MonthlyTarget.objects.unscoped(SYSTEM), month, today)
    late = sorted(
        ((row.name, row.days_late) for row in report.having(selectors.LATE)),
        key=lambda pair: -pair[1],
    )
    content = BulletinContent(
        issuer=issuer.name,
        number_text=number_text(year, number),
        title=bulletin_title(month),
        month=month,
        deadline=report.deadline,
        date_text=chinese_date(issued_on),
        on_time=[row.name for row in report.having(selectors.ON_TIME)],
        late=late,
        missing=[row.name for row in report.having(selectors.MISSING)],
        pending=[row.name for row in report.having(selectors.PENDING)],
        marks=report.marks,
        unmarked=sum(row.unmarked for row in report.rows),
    )
    found, content.ranking = published_ranking(issuer, month)
    content.round_name = found.name if found else ""
    content.blocks = _blocks(content, report, _not_done(issuer, month), highlights, problems)
    return content


def content_of(bulletin: Bulletin, today: datetime.date | None = None) -> BulletinContent:
    """The content of a requested bulletin (its issuer, month, number and texts)."""
    issued_on = selectors.local_today()
    if bulletin.created_at is not None:
        from django.utils import timezone

        issued_on = timezone.localtime(bulletin.created_at).date()
    return content_for(
        bulletin.org,
        bulletin.month,
        year=bulletin.year,
        number=bulletin.number,
        issued_on=issued_on,
        highlights=bulletin.highlights,
        problems=bulletin.problems,
        today=today,
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _blocks(content, report, not_done, highlights: str, problems: str):
    month = f"{content.month.year}年{content.month.month}月"
    total = len(report.rows)
    marks = content.marks
    blocks: list[tuple[str, str]] = [
        (
            P,
            f"为推动创先争优活动深入开展，按照月度督查安排，现将{month}各基层党委创先争优月度目标"
            f"报送和落实情况通报如下。",
        ),
        (H1, "一、目标报送情况"),
        (
            P,
            f"{month}应报送月度目标的基层党委{total}个，报送截止日期为"
            f"{content.deadline.month}月{content.deadline.day}日。其中按时报送"
            f"{len(content.on_time)}个，逾期报送{len(content.late)}个，未报送"
            f"{len(content.missing)}个。",
        ),
        (H2, "（一）按时报送的单位"),
        (P, _names(content.on_time)),
        (H2, "（二）逾期报送的单位"),
        (P, _names([f"{name}（逾期{days}天）" for name, days in content.late])),
        (H2, "（三）未报送的单位"),
        (P, _names(content.missing)),
    ]
    if content.pending:
        blocks += [(H2, "（四）尚未到期的单位"), (P, _names(content.pending))]
    items = sum(marks.values()) + content.unmarked
    blocks += [
        (H1, "二、目标落实情况"),
        (
            P,
            f"共督查月度目标{items}项，其中落实{marks['done']}项、部分落实{marks['partial']}项、"
            f"未落实{marks['not_done']}项，尚未督查{content.unmarked}项。",
        ),
        (H1, "三、工作亮点"),
    ]
    given = _paragraphs(highlights)
    if given:
        blocks += [(P, text) for text in given]
    else:
        perfect = [
            row.name
            for row in report.having(selectors.ON_TIME)
            if row.items and row.marks.get("done") == row.items
        ]
        blocks.append(
            (P, "按时报送且各项目标全部落实的单位：" + _names(perfect))
            if perfect
            else (P, "本月暂无各项目标全部落实的单位。")
        )
    blocks.append((H1, "四、存在问题"))
    blocks += [(P, text) for text in _paragraphs(problems)]
    by_org: dict[str, list[TargetItem]] = {}
    for item in not_done:
        by_org.setdefault(item.target.org.name, []).append(item)
    if by_org:
        blocks.append((P, "以下月度目标经督查未落实："))
        for n, (name, rows) in enumerate(by_org.items()):
            listed = "；".join(
                f"第{item.position}项“{item.goal}”" + (f"（{item.note}）" if item.note else "")
                for item in rows
            )
            prefix = f"（{NUMERALS[n]}）" if n < len(NUMERALS) else ""
            blocks.append((P, f"{prefix}{name}：{listed}。"))
    elif not _paragraphs(problems):
        blocks.append((P, "本月督查未发现未落实的目标。"))
    if content.late or content.missing:
        blocks.append(
            (
                P,
                "逾期报送和未报送的单位要认真查找原因，未报送的单位须于本通报印发后3个工作日内补报。",
            )
        )
    blocks.append((H1, "五、考核排名"))
    if content.ranking:
        blocks.append((P, f"根据{content.round_name}结果，排名如下："))
        for row in content.ranking:
            rank = f"第{row.rank}名" if row.rank else "未排名"
            grade = f"，{row.grade}" if row.grade else ""
            blocks.append((P, f"{rank}　{row.name}　{row.total}分{grade}"))
    else:
        blocks.append((P, "本月所属考核周期尚无已发布的考核结果。"))
    return blocks
