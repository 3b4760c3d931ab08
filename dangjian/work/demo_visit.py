"""Demo rows of the visit part (called by dangjian.work.demo): 包村 assignments and a year of
visits (下基层) for the county under `root`.

- Each county unit (a county_unit organization directly below the 机关工委, i.e. two levels
  below the root: the offices' branches and the systems' committees) is paired with 1–3
  grassroots organizations, and one to three of its cadres are named on the pairing.
- The county committee itself (the organization department, rules_visit) holds the 12 contact
  villages: its head (组织部部长) is named on all twelve, its other cadres share them.
- Visits from 1 January to `today`: most named cadres make 2–3 visits a month to their contact
  villages, some fewer; the township's own cadres visit the grassroots organizations of their
  township, each township more or less diligent, so that about 85 % of the grassroots
  organizations are visited each month (the month under way in proportion).
Scaled by the county: more organizations, more units, villages and visits. bulk_create.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q

from dangjian.orglife import dues_calc
from dangjian.orgs.models import Organization, OrgCategory, Person
from dangjian.work import rules_visit as rules
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.visit_services import grassroots_q

SYSTEM = "demo build (system command)"
BATCH = 2000
PURPOSES = ("政策宣讲", "党建督导", "解决难题", "走访群众", "产业发展", "整改回访", "调研")
FINDINGS = ("村级活动场所需维修", "党员教育台账不全", "群众反映道路问题", "产业项目进展缓慢", "")
SOLVED = ("协调解决路灯维修", "帮助规范三会一课记录", "对接农技专家", "", "")
FOLLOW_UPS = ("下月回访", "督促整改台账", "协调县直部门", "", "")
# Named cadres: the share who keep the rule (2–3 visits a month), the rest make 0–1.
CADRE_DILIGENT = 0.85
# Townships' share of grassroots organizations visited in a full month.
TOWNSHIP_DILIGENCE = (0.72, 0.82, 0.88, 0.92, 0.97)


def _part(path: str, depth: int) -> int:
    return int(path.strip("/").split("/")[depth])


def _people_by_org(root: Organization) -> dict[int, list[tuple[int, str, str]]]:
    """Active people of the county's offices, units and townships: org id → (id, path,
    position), cadres (with a position) first."""
    rows = (
        Person.objects.unscoped(SYSTEM)
        .filter(
            primary_org__path__startswith=root.path,
            is_active=True,
            exit_on__isnull=True,
        )
        .exclude(primary_org__category=OrgCategory.RURAL)
        .exclude(primary_org__category=OrgCategory.ENTERPRISE)
        .order_by("-cadre_position", "pk")
        .values_list("pk", "primary_org_id", "primary_org__path", "cadre_position")
    )
    people: dict[int, list[tuple[int, str, str]]] = {}
    for pk, org_id, path, position in rows:
        people.setdefault(org_id, []).append((pk, path, position))
    return people


def _days(rng: random.Random, month: datetime.date, last: datetime.date, count: int) -> list:
    end = min(dues_calc.month_end(month), last)
    span = (end - month).days + 1
    picks = rng.sample(range(span), min(count, span))
    return [month + datetime.timedelta(days=day) for day in picks]


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns its summary (empty: nothing)."""
    orgs = Organization.objects.unscoped(SYSTEM).filter(path__startswith=root.path)
    grassroots = list(orgs.filter(grassroots_q()).order_by("path").values_list("pk", "path"))
    if not grassroots:
        return ""
    units = list(
        orgs.filter(
            is_active=True, category=OrgCategory.COUNTY_UNIT, depth=root.depth + 2
        ).values_list("pk", "path")
    )
    people = _people_by_org(root)
    start = datetime.date(today.year, 1, 1)
    assignments: list[ContactAssignment] = []
    named: dict[int, list[int]] = {}  # cadre → the organizations they are named on

    def pair(org_id: int, unit_id: int, cadre_id: int | None) -> None:
        assignments.append(
            ContactAssignment(
                org_id=org_id,
                unit_id=unit_id,
                cadre_id=cadre_id,
                started_on=start - datetime.timedelta(days=rng.randrange(0, 400)),
            )
        )
        if cadre_id is not None:
            named.setdefault(cadre_id, []).append(org_id)

    # The department's 12 contact villages: the head on each, the other cadres shared.
    root_people = people.get(root.pk, [])
    head = next(
        (p for p in root_people if p[2].endswith("组织部部长")),
        root_people[0] if root_people else None,
    )
    villages = rng.sample(grassroots, min(rules.DEPARTMENT_CONTACT_VILLAGES, len(grassroots)))
    others = [p for p in root_people if p is not head]
    for index, (org_id, _path) in enumerate(villages):
        pair(org_id, root.pk, head[0] if head else None)
        if others:
            pair(org_id, root.pk, others[index % len(others)][0])
    # Each county unit with 1–3 villages, one to three of its cadres named.
    pool = [village for village in grassroots if village not in villages]
    rng.shuffle(pool)
    for unit_id, unit_path in units:
        staff = [p for org_id, rows in people.items() for p in rows if p[1].startswith(unit_path)]
        for _ in range(rng.randint(1, 3)):
            if not pool:
                pool = list(grassroots)
                rng.shuffle(pool)
            org_id, _path = pool.pop()
            pair(org_id, unit_id, None)
            for cadre in staff[: rng.randint(1, 3)]:
                pair(org_id, unit_id, cadre[0])
            staff = staff[3:] or staff
    ContactAssignment.objects.bulk_create(assignments, batch_size=BATCH)

    township_depth = root.depth + 1
    township_staff: dict[int, list[int]] = {}
    for rows in people.values():
        for pk, path, position in rows:
            if path.count("/") - 1 > township_depth and position:
                township_staff.setdefault(_part(path, township_depth), []).append(pk)
    diligence = {}
    visits: list[Visit] = []
    seen: set[tuple[int, int, datetime.date]] = set()

    def add(org_id: int, visitor_id: int, day: datetime.date) -> bool:
        key = (visitor_id, org_id, day)
        if key in seen:
            return False
        seen.add(key)
        visits.append(
            Visit(
                org_id=org_id,
                visitor_id=visitor_id,
                visited_on=day,
                purpose=rng.choice(PURPOSES),
                findings=rng.choice(FINDINGS),
                solved=rng.choice(SOLVED),
                follow_ups=rng.choice(FOLLOW_UPS),
            )
        )
        return True

    month = start
    while month <= today:
        end = dues_calc.month_end(month)
        # The month under way: visits so far, in proportion to the days gone.
        elapsed = min(1.0, ((min(end, today) - month).days + 1) / ((end - month).days + 1))
        visited: set[int] = set()
        for cadre_id, org_ids in named.items():
            keeps = rng.random() < CADRE_DILIGENT
            count = rng.randint(2, 3) if keeps else rng.randint(0, 1)
            count = round(count * elapsed) if elapsed < 1 else count
            for day in _days(rng, month, today, count):
                org_id = rng.choice(org_ids)
                if add(org_id, cadre_id, day):
                    visited.add(org_id)
        for org_id, path in grassroots:
            if org_id in visited:
                continue
            township = _part(path, township_depth) if path.count("/") - 1 > township_depth else 0
            staff = township_staff.get(township)
            rate = diligence.setdefault(township, rng.choice(TOWNSHIP_DILIGENCE))
            if staff and rng.random() < rate * elapsed:
                add(org_id, rng.choice(staff), _days(rng, month, today, 1)[0])
        month = dues_calc.add_months(month, 1)
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    return (
        f"contact assignments: {len(assignments):,} ({len(named):,} cadres named), "
        f"visits: {len(visits):,}"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix` (by ids, in batches)."""
    for model, org_q in (
        (Visit, Q(org__path__startswith=prefix) | Q(visitor__primary_org__path__startswith=prefix)),
        (
            ContactAssignment,
            Q(org__path__startswith=prefix)
            | Q(unit__path__startswith=prefix)
            | Q(cadre__primary_org__path__startswith=prefix),
        ),
    ):
        ids = list(model.objects.unscoped(SYSTEM).filter(org_q).values_list("pk", flat=True))
        for first in range(0, len(ids), BATCH):
            model.objects.unscoped(SYSTEM).filter(pk__in=ids[first : first + BATCH]).delete()
