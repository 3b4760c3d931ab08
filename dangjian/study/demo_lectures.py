"""Demo 干部讲课: most cadres have lectured this year (a few have not yet — the report shows
them), some lectures are still on the calendar; listeners asked and rated."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Person
from dangjian.study.models import Lecture, LectureQuestion, LectureRating

SYSTEM = "demo build (system command)"
LECTURED_SHARE = 0.7
TITLES = (
    "学习贯彻党的创新理论",
    "如何当好新时代村干部",
    "基层党组织标准化规范化建设",
    "发展党员工作流程与要求",
    "党员教育管理的方法",
    "乡村振兴中的党建引领",
)
QUESTIONS = ("村里年轻人少，发展党员怎么办？", "三会一课怎样开得不走过场？", "流动党员如何管理？")
ANSWERS = ("先把入党积极分子队伍建起来，再抓培养考察。", "每次会议要有主题、有议题、有结果。")


def build(root, *, cadres: list[Person], rng: random.Random, today: datetime.date) -> str:
    now = timezone.now()
    start = timezone.make_aware(datetime.datetime(today.year, 1, 6, 14, 30))
    span = max(1, (now - start).days)
    lectures = []
    for person in cadres:
        if person.cadre_position and rng.random() < LECTURED_SHARE:
            held_at = start + datetime.timedelta(days=rng.randrange(span))
            lectures.append(
                Lecture(
                    lecturer=person,
                    org=person.primary_org,
                    title=rng.choice(TITLES),
                    starts_at=held_at,
                    place="党员活动室",
                    notes="一、学习要点\n二、结合工作实际\n三、下一步打算",
                    status=Lecture.Status.HELD,
                )
            )
        elif person.cadre_position and rng.random() < 0.3:
            lectures.append(
                Lecture(
                    lecturer=person,
                    org=person.primary_org,
                    title=rng.choice(TITLES),
                    starts_at=now + datetime.timedelta(days=rng.randint(3, 40)),
                    place="党员活动室",
                )
            )
    Lecture.objects.bulk_create(lectures, batch_size=2000)
    listeners_by_org: dict[int, list[Person]] = {}
    for person in cadres:
        listeners_by_org.setdefault(person.primary_org_id, []).append(person)
    questions, ratings = [], []
    for lecture in lectures:
        if lecture.status != Lecture.Status.HELD:
            continue
        colleagues = [
            p for p in listeners_by_org.get(lecture.org_id, []) if p.pk != lecture.lecturer_id
        ]
        for listener in rng.sample(colleagues, k=min(3, len(colleagues))):
            ratings.append(LectureRating(lecture=lecture, rater=listener, score=rng.randint(3, 5)))
        if colleagues and rng.random() < 0.4:
            questions.append(
                LectureQuestion(
                    lecture=lecture,
                    asked_by=rng.choice(colleagues),
                    question=rng.choice(QUESTIONS),
                    answer=rng.choice(ANSWERS),
                    answered_at=lecture.starts_at,
                )
            )
    LectureRating.objects.bulk_create(ratings, batch_size=2000)
    LectureQuestion.objects.bulk_create(questions, batch_size=2000)
    return (
        f"lectures: {len(lectures):,} lectures, {len(questions):,} questions, "
        f"{len(ratings):,} ratings"
    )


def delete(prefix: str) -> None:
    Lecture.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
