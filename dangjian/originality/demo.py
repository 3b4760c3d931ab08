"""Demo data for the originality check: a reference corpus (the shared sample essays when
present, else synthetic essays made here) and study notes that copy from it, checked.

Synthetic text is assembled from the phrase lists below, written for this demo."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from dangjian.orgs.models import Person, User
from dangjian.originality import services
from dangjian.originality.models import Check, SourceDocument, Submission
from textreuse.loaders import SourceText, iter_sources

# The demo build is a system command: it writes the whole county on purpose.
SYSTEM = "demo build (system command)"

DEMO_TITLE_MARK = "（示例）"
SYNTHETIC_ESSAYS = 24

OPENINGS = (
    "近期，按照{org}的统一部署，我认真参加了{topic}专题学习",
    "{month}以来，我系统学习了{topic}的有关内容",
    "通过参加{org}组织的{topic}集中学习，我对新时代党建工作有了更深的认识",
)
TOPICS = (
    "党史学习教育",
    "基层党组织建设",
    "作风建设",
    "乡村振兴",
    "主题教育",
    "党纪学习教育",
    "廉洁文化建设",
    "为民办实事",
    "红色文化传承",
    "干部担当作为",
)
POINTS = (
    "学习必须同实际工作紧密结合，做到学用相长、知行合一",
    "基层党支部是党在社会基层组织中的战斗堡垒，必须把支部建设得更加坚强有力",
    "要把群众的急难愁盼作为工作的出发点，真正把实事办到群众心坎上",
    "作风建设永远在路上，必须坚持不懈、久久为功，绝不能有松口气、歇歇脚的想法",
    "党员干部要带头学习，做到真学真懂真信真用",
    "村集体经济的发展离不开一支能干事、会干事的带头人队伍",
    "组织生活要严肃认真，三会一课不能流于形式，批评与自我批评要动真碰硬",
    "要用好身边的红色资源，讲好本地的革命故事，让红色基因代代相传",
    "加强党员教育管理，要做到经常性教育与集中性教育相结合",
    "发展党员必须坚持标准、严格程序，把政治标准放在首位",
    "要发挥党员先锋模范作用，在急难险重任务面前冲得上、顶得住",
    "清正廉洁是党员干部的立身之本，要时刻绷紧纪律这根弦",
    "要善于运用信息化手段，让党员学习更加便捷、管理更加精准",
    "干部要到群众中去，多听群众意见，多解群众难题",
    "抓好党建促振兴，必须把党的组织优势转化为发展优势",
    "要经常对照党章党规查找差距，及时校正思想和行动上的偏差",
)
DETAILS = (
    "在村里走访时，一位老党员拉着我的手说，{saying}，这句话让我深受触动",
    "回顾一年来的工作，我在{area}方面还存在不少差距",
    "今后我将从{area}入手，制定切实可行的措施，逐项抓好落实",
    "我们支部结合实际开展了{activity}，党员群众反响很好",
    "在{activity}中，大家纷纷表示要以实际行动践行初心使命",
)
SAYINGS = ("干部就是要给群众办事", "党员就得有党员的样子", "群众的事再小也是大事")
AREAS = ("理论学习", "联系群众", "推动发展", "制度落实", "自身建设", "服务意识")
ACTIVITIES = ("主题党日活动", "志愿服务", "入户走访", "专题研讨", "重温入党誓词", "现场观摩学习")
MONTHS = ("三月", "五月", "今年上半年", "入秋")
# A note's own sentences: combinations rarely share 13 characters by chance.
WHEN = ("上个月", "今年春耕时", "汛期前", "年初", "国庆节前后", "周末", "开学前", "腊月里")
WHO = (
    "我们支部",
    "村两委班子",
    "驻村工作队",
    "老党员王大爷",
    "年轻党员小李",
    "我和几位党员",
    "妇联主任",
)
DID = ("走访了", "组织了", "研究了", "整理了", "讨论了", "推动了", "核对了", "回访了")
WHAT = (
    "十二户困难群众",
    "村里的道路硬化项目",
    "党员积分管理办法",
    "合作社的账目",
    "红色教育基地的讲解词",
    "留守老人的助餐点",
    "村规民约的修订稿",
    "返乡青年的创业计划",
)
RESULT = (
    "大家都说办得实在",
    "还需要继续跟进",
    "群众满意度明显提高",
    "暴露出一些短板",
    "得到了镇里的肯定",
    "下一步要形成长效机制",
    "我从中学到了很多",
)


@dataclass(frozen=True)
class DemoSummary:
    corpus_added: int
    notes: int
    checks: int


def synthetic_essays(count: int, seed: int) -> list[SourceText]:
    rng = random.Random(seed)
    essays = []
    for number in range(1, count + 1):
        topic = rng.choice(TOPICS)
        parts = [
            rng.choice(OPENINGS).format(org="县委组织部", topic=topic, month=rng.choice(MONTHS))
            + "。"
        ]
        for _ in range(rng.randint(14, 22)):
            if rng.random() < 0.6:
                parts.append(rng.choice(POINTS) + "。")
            else:
                parts.append(
                    rng.choice(DETAILS).format(
                        saying=rng.choice(SAYINGS),
                        area=rng.choice(AREAS),
                        activity=rng.choice(ACTIVITIES),
                    )
                    + "。"
                )
            if rng.random() < 0.25:
                parts.append("\n\n")
        text = "".join(parts)
        essays.append(
            SourceText(
                ref=f"synthetic/essay-{number:02d}.txt",
                text=text,
                title=f"{topic}心得体会{DEMO_TITLE_MARK}{number}",
                site="示例文库",
            )
        )
    return essays


def own_sentences(rng: random.Random, count: int) -> list[str]:
    sentences = []
    for _ in range(count):
        what = rng.choice(WHAT).format(n=rng.randint(2, 39))
        result = rng.choice(RESULT).format(m=rng.randint(2, 19))
        sentences.append(
            f"{rng.choice(WHEN)}，{rng.choice(WHO)}{rng.choice(DID)}{what}，{result}。"
        )
    return sentences


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in re.split(r"[。！？]", text) if len(s.strip()) >= 20]


def build(*, corpus_path: Path | None, seed: int = 7) -> DemoSummary:
    """Import the corpus and file + check a few study notes; does nothing the second time."""
    if Submission.objects.unscoped(SYSTEM).filter(title__endswith=DEMO_TITLE_MARK).exists():
        return DemoSummary(0, 0, 0)
    if corpus_path is not None and corpus_path.is_dir():
        sources = list(iter_sources([str(corpus_path)]))
    else:
        sources = synthetic_essays(SYNTHETIC_ESSAYS, seed)
    added = services.corpus_import(sources).added
    rng = random.Random(seed)
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    authors = list(
        Person.objects.unscoped(SYSTEM)
        .filter(user__username__in=["member1", "village1", "township1"])
        .select_related("primary_org")
    )
    docs = list(SourceDocument.objects.order_by("pk"))
    if admin is None or not authors or not docs:
        return DemoSummary(added, 0, 0)
    notes = checks = 0
    for i, author in enumerate(authors):
        borrowed = []
        for doc in rng.sample(docs, k=min(len(docs), 1 + i % 3)):
            sentences = _sentences(doc.text)
            start = rng.randrange(max(1, len(sentences) - 3))
            borrowed.append("".join(sentences[start : start + 1 + i % 2]))
        mine = own_sentences(rng, 14)
        quote = "正如老党员常说的：“" + mine.pop()[:-1] + "”。"
        body = mine[:5] + borrowed[:1] + mine[5:9] + [quote] + borrowed[1:] + mine[9:]
        text = "\n\n".join("".join(body[j : j + 4]) for j in range(0, len(body), 4))
        note = services.submission_create(
            actor=admin,
            org=author.primary_org,
            author=author,
            kind=Submission.Kind.NOTE,
            title=f"{rng.choice(TOPICS)}学习笔记{DEMO_TITLE_MARK}",
            text=text,
            index_it=True,
        )
        services.check_run(Check.objects.create(submission=note, requested_by=admin))
        notes, checks = notes + 1, checks + 1
    return DemoSummary(added, notes, checks)


def delete_in_county(prefix: str) -> None:
    """Remove the texts filed under the organizations below `prefix` (demo_county --reset);
    their checks go with them. The reference corpus is county-independent and stays."""
    Submission.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
