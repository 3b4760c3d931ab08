"""Demo data of the study system: a year of plans, readings, notes, versions and reviews.

Called by `demo_county` (AppConfig.demo). Cadres (people with a position) and the demo
accounts keep notes: one a month, handed in by most, a reflection some months; past months
are reviewed (mostly approved, some returned and revised), the current month waits in the
review queue. The demo accounts' notes and a sample of this month's — some copying from the
reference corpus — are really checked for originality; the rest carry no check, and the page
says "not checked" rather than show an invented figure.

Rows are written with bulk_create: the 1,000-organization county must still build in < 90 s.
"""

from __future__ import annotations

import datetime
import random
import re

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from dangjian.orgs.models import Organization, Person, User
from dangjian.originality import demo as originality_demo
from dangjian.originality import services as originality
from dangjian.originality.models import Check, SourceDocument, Submission
from dangjian.study import (
    demo_events,
    demo_hall,
    demo_lectures,
    demo_research,
    demo_sessions,
)
from dangjian.study.models import Note, NoteReview, NoteVersion, Reading, StudyPlan
from dangjian.study.rules import countable_chars

SYSTEM = "demo build (system command)"
BATCH = 2000
# Notes really checked (the demo accounts' and this many more of the current month).
CHECKED_SAMPLE = 40
HAND_IN_RATE = 0.85
REFLECTION_RATE = 0.35
RETURN_RATE = 0.08

READINGS = (
    ("speech", "在全国组织工作会议上的讲话", "人民日报"),
    ("document", "中国共产党支部工作条例（试行）", "中共中央"),
    ("commentary", "以严的基调强化正风肃纪", "求是"),
    ("exemplary", "黄文秀同志先进事迹", "新华社"),
    ("speech", "在党史学习教育动员大会上的讲话", "人民日报"),
    ("document", "中国共产党纪律处分条例", "中共中央"),
    ("commentary", "把党的自我革命推向深入", "人民日报评论员"),
    ("exemplary", "张桂梅同志先进事迹", "光明日报"),
    ("document", "干部教育培训工作条例", "中共中央"),
    ("speech", "在中央党校中青年干部培训班开班式上的讲话", "新华社"),
    ("commentary", "坚持和发展新时代“枫桥经验”", "求是"),
    ("exemplary", "廖俊波同志先进事迹", "人民日报"),
)


def _cadres(root: Organization, rng: random.Random) -> list[Person]:
    people = Person.objects.unscoped(SYSTEM).filter(
        primary_org__path__startswith=root.path, is_active=True
    )
    return list(
        people.filter(Q(cadre_position__gt="") | Q(user__isnull=False))
        .select_related("primary_org", "user")
        .order_by("pk")
    )


def _plans(root: Organization, year: int) -> list[Reading]:
    plan = StudyPlan.objects.create(org=root, year=year, title=f"{year}年度干部学习计划")
    readings = Reading.objects.bulk_create(
        Reading(plan=plan, kind=kind, title=title, source=source, month=month)
        for month, (kind, title, source) in enumerate(READINGS, start=1)
    )
    towns = Organization.objects.unscoped(SYSTEM).filter(parent=root, category="township")
    for town in towns.order_by("path")[:3]:
        own = StudyPlan.objects.create(
            org=town, year=year, title=f"{town.name}{year}年学习计划", note_chars_per_month=3000
        )
        Reading.objects.create(
            plan=own, kind="document", title="乡村振兴促进法", source="全国人大", month=6
        )
    return readings


def _body(rng: random.Random, sentences: int) -> str:
    return "".join(originality_demo.own_sentences(rng, sentences))


def build_in_county(
    root: Organization, *, seed: int, today: datetime.date, progress: bool = False
) -> str:
    """The year so far, up to `today`'s month; returns the summary line."""
    rng = random.Random(seed + 17)
    readings = _plans(root, today.year)
    cadres = _cadres(root, rng)
    reviewer = User.objects.filter(username="county").first()
    # Events first: their trips' reflections are notes, filed and reviewed with the rest.
    events_line, notes = demo_events.build(root, cadres=cadres, rng=rng, today=today)
    now = timezone.now()
    for person in cadres:
        for month in range(1, today.month + 1):
            if person.user_id is None and rng.random() > HAND_IN_RATE:
                continue
            current = month == today.month
            kinds = ["note"] + (["reflection"] if rng.random() < REFLECTION_RATE else [])
            for kind in kinds:
                sentences = rng.randint(5, 14) if kind == "note" else rng.randint(4, 8)
                body = _body(rng, sentences)
                status = Note.Status.SUBMITTED
                grade = ""
                if not current:
                    returned = rng.random() < RETURN_RATE
                    status = Note.Status.RETURNED if returned else Note.Status.APPROVED
                    grade = "" if returned else rng.choice(["excellent", "pass", "pass", "pass"])
                notes.append(
                    Note(
                        author=person,
                        org=person.primary_org,
                        kind=kind,
                        reading=readings[month - 1],
                        title=f"{month}月{'学习笔记' if kind == 'note' else '心得体会'}",
                        body=body,
                        char_count=countable_chars(body),
                        status=status,
                        grade=grade,
                        month=datetime.date(today.year, month, 1),
                        submitted_at=now,
                    )
                )
    # Ids are allocated here, so each note points at its version before either is written
    # (the foreign keys are checked at commit): no UPDATE pass over tens of thousands of rows.
    next_note, next_version = _next_id(Note), _next_id(NoteVersion)
    versions = []
    for i, note in enumerate(notes):
        note.pk = next_note + i
        note.latest_version_id = next_version + i
        versions.append(
            NoteVersion(
                pk=next_version + i,
                note_id=note.pk,
                number=1,
                title=note.title,
                body=note.body,
                char_count=note.char_count,
            )
        )
    # Checked before they are written: a borrowed passage changes the text it is checked on.
    checked = _check_sample(notes, versions, rng, today)
    for start in range(0, len(notes), BATCH):
        Note.objects.bulk_create(notes[start : start + BATCH])
        NoteVersion.objects.bulk_create(versions[start : start + BATCH])
    _reset_sequences(Note, NoteVersion)
    reviews = [
        NoteReview(
            note=note,
            version=version,
            reviewer=reviewer,
            decision="return" if note.status == Note.Status.RETURNED else "approve",
            grade=note.grade,
            comment="请结合本职工作谈体会，减少摘抄。" if note.status == "returned" else "",
        )
        for note, version in zip(notes, versions, strict=True)
        if note.status != Note.Status.SUBMITTED
    ]
    for start in range(0, len(reviews), BATCH):
        NoteReview.objects.bulk_create(reviews[start : start + BATCH])
    lines = [
        f"study: {len(cadres):,} people keeping notes, {len(notes):,} notes, "
        f"{len(reviews):,} reviews, {checked} checked for originality",
        demo_research.build(root, cadres=cadres, rng=rng, today=today),
        demo_lectures.build(root, cadres=cadres, rng=rng, today=today),
        events_line,
        demo_sessions.build(root, rng=random.Random(seed + 29), today=today),
        demo_hall.build(root, rng=rng, today=today),
    ]
    return "\n  ".join(lines)


def _next_id(model) -> int:
    return (model.objects.unscoped(SYSTEM).aggregate(top=Max("pk"))["top"] or 0) + 1


def _reset_sequences(*models) -> None:
    """Explicit ids do not move PostgreSQL's sequences; SQLite needs nothing."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in re.split(r"[。！？]", text) if len(s.strip()) >= 20]


def _check_sample(notes, versions, rng: random.Random, today: datetime.date) -> int:
    """Check the demo accounts' notes and a sample of this month's: a third of the sample
    borrows sentences from the corpus first, so the review queue shows flagged notes."""
    if not SourceDocument.objects.exists():
        originality.corpus_import(
            originality_demo.synthetic_essays(originality_demo.SYNTHETIC_ESSAYS, seed=7)
        )
    docs = list(SourceDocument.objects.order_by("pk")[:50])
    admin = User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.first()
    recent = {today.month, today.month - 1}
    pairs = [
        (n, v)
        for n, v in zip(notes, versions, strict=True)
        if n.author.user_id and n.month.month in recent
    ]
    current = [
        (n, v)
        for n, v in zip(notes, versions, strict=True)
        if n.month.month == today.month and not n.author.user_id
    ]
    pairs += rng.sample(current, k=min(CHECKED_SAMPLE, len(current)))
    for i, (note, version) in enumerate(pairs):
        if docs and i % 3 == 0:
            borrowed = _sentences(rng.choice(docs).text)[:6]
            note.body = version.body = "".join(borrowed) + note.body
            note.char_count = version.char_count = countable_chars(note.body)
        submission = originality.submission_create(
            actor=admin,
            org=note.org,
            author=note.author,
            kind=Submission.Kind.NOTE,
            title=note.title,
            text=note.body,
            index_it=True,
        )
        version.originality_check = originality.check_run(
            Check.objects.create(submission=submission, requested_by=admin)
        )
    return len(pairs)


def delete_in_county(prefix: str) -> None:
    """Remove the study rows of the organizations under `prefix` (before they go)."""
    demo_research.delete(prefix)
    demo_lectures.delete(prefix)
    demo_events.delete(prefix)
    demo_sessions.delete(prefix)
    Note.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
    demo_hall.delete_in_county(prefix)
    StudyPlan.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
