"""Demo seminars (about 6 a year, the department's rule), expert tutorials and study trips of
the county and its townships, with problems and fixes and the trips' reflections."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from dangjian.orgs.models import Organization, Person
from dangjian.originality import demo as originality_demo
from dangjian.study.models import EventIssue, EventParticipant, Note, StudyEvent
from dangjian.study.rules import countable_chars

SYSTEM = "demo build (system command)"
SEMINARS = ("基层党建工作座谈会", "作风建设专题座谈", "乡村振兴工作座谈", "年轻干部座谈会")
TUTORIALS = ("党的创新理论专题辅导", "党内法规专题辅导")
TRIPS = ("赴红色教育基地考察学习", "赴先进村考察学习")
PROBLEMS = (
    ("理论学习结合实际不够", "每月确定一个结合工作的学习专题"),
    ("党员活动参与率不高", "建立活动积分制度并公示"),
    ("村级集体经济来源单一", "组织赴先进村考察并制定发展方案"),
)


def build(
    root, *, cadres: list[Person], rng: random.Random, today: datetime.date
) -> tuple[str, list[Note]]:
    """The events with their participants and problems; returns the summary line and the
    trips' reflections as unsaved notes (the caller files them with their versions)."""
    towns = list(Organization.objects.unscoped(SYSTEM).filter(parent=root, category="township")[:3])
    by_org_path = sorted(cadres, key=lambda p: p.primary_org.path)
    events, participants, issues, reflections = [], [], [], []
    for org in [root, *towns]:
        people = [p for p in by_org_path if p.primary_org.path.startswith(org.path)]
        if not people:
            continue
        # Spread over the year: seminars every other month or so, a trip and a tutorial
        # in each half.
        plan = [
            ("seminar", SEMINARS[0]),
            ("trip", TRIPS[0]),
            ("tutorial", TUTORIALS[0]),
            ("seminar", SEMINARS[1]),
            ("seminar", SEMINARS[2]),
            ("trip", TRIPS[1]),
            ("tutorial", TUTORIALS[1]),
            ("seminar", SEMINARS[3]),
        ]
        for i, (kind, topic) in enumerate(plan):
            month = 1 + (i * 11 // len(plan))
            if month > today.month:
                continue
            day = datetime.date(today.year, month, rng.randint(5, 25))
            if day > today:
                continue
            event = StudyEvent(
                org=org,
                kind=kind,
                topic=topic,
                host="县委党校教授" if kind == "tutorial" else "组织部",
                starts_on=day,
                ends_on=day + datetime.timedelta(days=1) if kind == "trip" else None,
                place="县委党校" if kind == "tutorial" else "会议室",
                minutes="与会同志围绕主题逐一发言，查摆问题，研究整改措施。",
                reflection_required=kind == "trip",
            )
            events.append(event)
            chosen = rng.sample(people, k=min(len(people), rng.randint(8, 15)))
            participants += [(event, p) for p in chosen]
            if kind == "seminar":
                for problem, measure in rng.sample(PROBLEMS, k=2):
                    issues.append((event, problem, measure, rng.random() < 0.6))
            if kind == "trip":
                for person in chosen:
                    if rng.random() < 0.75:
                        body = "".join(originality_demo.own_sentences(rng, 6))
                        reflections.append((event, person, body))
    StudyEvent.objects.bulk_create(events)
    EventParticipant.objects.bulk_create(
        EventParticipant(event=e, person=p) for e, p in participants
    )
    EventIssue.objects.bulk_create(
        EventIssue(
            event=e,
            problem=problem,
            measure=measure,
            owner="支部书记",
            due_on=e.starts_on + datetime.timedelta(days=60),
            status="done" if done else "open",
            done_on=e.starts_on + datetime.timedelta(days=30) if done else None,
        )
        for e, problem, measure, done in issues
    )
    notes = [
        Note(
            author=person,
            org=person.primary_org,
            kind=Note.Kind.REFLECTION,
            event=event,
            title=f"{event.topic}心得",
            body=body,
            char_count=countable_chars(body),
            status=Note.Status.APPROVED,
            grade="pass",
            month=event.starts_on.replace(day=1),
            submitted_at=timezone.now(),
        )
        for event, person, body in reflections
    ]
    line = (
        f"events: {len(events)} seminars, tutorials and trips, {len(issues)} problems, "
        f"{len(reflections)} trip reflections"
    )
    return line, notes


def delete(prefix: str) -> None:
    StudyEvent.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
