"""Demo 调研: topics registered by a share of the cadres (most approved, a few waiting or
rejected), articles on the approved ones, and the year-end review's scores so far."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from dangjian.orgs.models import Person, RoleAssignment, User
from dangjian.originality import demo as originality_demo
from dangjian.study import rules
from dangjian.study.models import ArticleScore, ResearchArticle, ResearchTopic
from dangjian.study.rules import countable_chars

SYSTEM = "demo build (system command)"
TOPIC_SHARE = 0.3
SUBJECTS = (
    "村级集体经济发展",
    "农村基层党组织标准化建设",
    "流动党员教育管理",
    "软弱涣散党组织整顿",
    "年轻干部培养选拔",
    "党建引领基层治理",
    "非公企业党建覆盖",
    "村干部队伍建设",
)
ANGLES = ("现状与对策", "调查与思考", "问题与建议", "实践与探索")


def build(root, *, cadres: list[Person], rng: random.Random, today: datetime.date) -> str:
    county = User.objects.filter(username="county").first()
    now = timezone.now()
    topics: list[ResearchTopic] = []
    for person in cadres:
        if rng.random() > TOPIC_SHARE:
            continue
        for _ in range(rng.randint(1, rules.RESEARCH_TOPICS_PER_YEAR)):
            roll = rng.random()
            status = "approved" if roll < 0.8 else ("pending" if roll < 0.93 else "rejected")
            topics.append(
                ResearchTopic(
                    author=person,
                    org=person.primary_org,
                    year=today.year,
                    title=f"关于{rng.choice(SUBJECTS)}的{rng.choice(ANGLES)}",
                    summary="拟通过座谈走访、问卷调查等方式开展调研。",
                    status=status,
                    decided_by=county if status != "pending" else None,
                    decided_at=now if status != "pending" else None,
                    decision_comment="与往年课题重复" if status == "rejected" else "",
                )
            )
    ResearchTopic.objects.bulk_create(topics, batch_size=2000)
    articles = []
    for topic in topics:
        if topic.status == "approved" and rng.random() < 0.6:
            body = "".join(originality_demo.own_sentences(rng, rng.randint(20, 40)))
            articles.append(
                ResearchArticle(
                    topic=topic, title=topic.title, body=body, char_count=countable_chars(body)
                )
            )
    ResearchArticle.objects.bulk_create(articles, batch_size=2000)
    inspectors = list(
        RoleAssignment.objects.unscoped(SYSTEM)
        .filter(role="inspector", org__path__startswith=root.path)
        .select_related("user", "org")
    )
    scores = []
    for article in articles:
        reviewers = [county] if county else []
        reviewers += [r.user for r in inspectors if article.topic.org.path.startswith(r.org.path)]
        for reviewer in reviewers:
            points = {
                key: rng.randint(maximum // 2, maximum)
                for key, _l, maximum in rules.RESEARCH_RUBRIC
            }
            scores.append(
                ArticleScore(
                    article=article,
                    reviewer=reviewer,
                    scores=points,
                    total=Decimal(sum(points.values())),
                )
            )
    ArticleScore.objects.bulk_create(scores, batch_size=2000)
    return f"research: {len(topics):,} topics, {len(articles):,} articles, {len(scores):,} scores"


def delete(prefix: str) -> None:
    ResearchTopic.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
