"""Demo rows of the exemplar part (called by honors.demo): a year of 评先树优.

- Every township committee runs a monthly round for each month of the last year up to this
  one; in each month two or three of its direct children (villages, its 机关党支部, units)
  nominate an organization of their subtree and one of their full members, with deeds.
- Past months went through review (a few not passed), 公示 from the next working day after
  the 20th for five working days (the holiday calendar), a few objections (answered: most
  dismissed, some upheld, which blocks the award), and the decision. Last month's round may
  still be in notice; this month's takes nominations.
- Awards are scaled by the county's size to its own figures (issue 22: "one county selected
  36 organizations and 150+ members" a year, a county of about 1,000 organizations).
- The county committee's 两优一先 of last year: each township nominated an organization, a
  member and a Party worker; about half were commended.
bulk_create, no per-row services.
"""

from __future__ import annotations

import datetime
import random

from dangjian.honors import rules_exemplar as rules
from dangjian.honors import workdays
from dangjian.honors.exemplar_decision_services import award_title
from dangjian.honors.exemplar_services import default_title
from dangjian.honors.models import Award, ExemplarRound, Nomination, NominationAttachment, Objection
from dangjian.lib import months
from dangjian.orgs.models import Organization, OrgCategory, OrgType, Person

SYSTEM = "demo build (system command)"
BATCH = 2000
# The county's figures per 1,000 organizations a year (issue 22).
ORG_AWARDS_PER_1000 = 36
MEMBER_AWARDS_PER_1000 = 150

DEEDS_OPENINGS = (
    "该同志自担任村党支部书记以来，",
    "该同志扎根基层多年，",
    "该党支部坚持党建引领，",
    "该同志作为一名普通党员，",
    "该党组织围绕中心工作，",
)
DEEDS_BODIES = (
    "带领群众发展特色种植产业，建成大棚八十余座，村集体经济收入由五万元增加到三十余万元；",
    "组织党员志愿服务队常态化开展政策宣传、环境整治和助老助残活动，累计服务群众两千余人次；",
    "在防汛抢险中连续奋战七昼夜，转移受困群众一百二十余人，守护了群众生命财产安全；",
    "推行“党员联系户”制度，化解矛盾纠纷四十余起，实现了小事不出村、大事不出镇；",
    "牵头成立农民专业合作社，吸纳脱贫户六十余户入社，户均年增收四千余元；",
    "坚持“三会一课”和主题党日制度，创新开展“田间课堂”，党员参学率保持在百分之九十五以上；",
)
DEEDS_CLOSINGS = (
    "群众满意度位列全镇前列，发挥了先锋模范作用。",
    "多次受到镇党委通报表扬，在群众中树立了良好形象。",
    "用实际行动诠释了共产党员的初心使命。",
)
SUMMARIES = (
    "带领群众发展特色产业的“领头雁”",
    "防汛抢险冲在一线的党员先锋",
    "化解矛盾纠纷的“和事佬”",
    "党建引领集体经济发展的示范支部",
    "常年坚持志愿服务的老党员",
    "创新“田间课堂”的学习型党支部",
)
OBJECTIONS = (
    "事迹材料中提到的大棚数量与实际情况不符，请核实。",
    "听说该同志去年有违规操办宴席的情况，请组织核实。",
    "该村集体经济收入数据可能有误，建议核查账目。",
)
ANSWERS = {
    "dismissed": "经镇党委实地核查，事迹材料属实，异议不成立。",
    "upheld": "经核查，反映情况基本属实，不予表彰。",
}


def _deeds(rng: random.Random) -> str:
    bodies = rng.sample(DEEDS_BODIES, 2)
    return rng.choice(DEEDS_OPENINGS) + "".join(bodies) + rng.choice(DEEDS_CLOSINGS)


def _key(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"[:22]


class _County:
    """The organizations and full members under `root`, grouped as the rounds need them."""

    def __init__(self, root: Organization) -> None:
        orgs = list(
            Organization.objects.unscoped(SYSTEM)
            .filter(path__startswith=root.path, is_active=True)
            .values_list("pk", "path", "parent_id", "depth", "category", "org_type")
        )
        self.count = len(orgs)
        self.townships = [
            (pk, path)
            for pk, path, _parent, depth, category, org_type in orgs
            if depth == root.depth + 1
            and category == OrgCategory.TOWNSHIP
            and org_type == OrgType.COMMITTEE
        ]
        self.children: dict[int, list[tuple[int, str]]] = {}
        for pk, path, parent, _depth, _category, _org_type in orgs:
            self.children.setdefault(parent, []).append((pk, path))
        self.orgs_under: dict[str, list[int]] = {}
        for pk, path, *_rest in orgs:
            for prefix in _prefixes(path):
                self.orgs_under.setdefault(prefix, []).append(pk)
        self.people_under: dict[str, list[int]] = {}
        people = (
            Person.objects.unscoped(SYSTEM)
            .filter(primary_org__path__startswith=root.path, party_status="full", is_active=True)
            .values_list("pk", "primary_org__path")
        )
        for pk, path in people:
            for prefix in _prefixes(path)[root.depth + 1 : root.depth + 3]:
                self.people_under.setdefault(prefix, []).append(pk)


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class _Builder:
    def __init__(self, county: _County, rng: random.Random, today: datetime.date) -> None:
        self.county, self.rng, self.today = county, rng, today
        self.rounds: list[ExemplarRound] = []
        self.nominations: list[tuple[ExemplarRound, Nomination]] = []

    def round(self, org_id: int, kind: str, period: datetime.date, decided_by: datetime.date):
        """A round whose 公示 starts on the first working day from `decided_by` − 10 days."""
        start = workdays.next_working_day(decided_by - datetime.timedelta(days=10))
        end = workdays.add_working_days(start, rules.NOTICE_WORKING_DAYS - 1)
        if period.replace(day=1) == self.today.replace(day=1) and kind == "monthly":
            status, start, end = ExemplarRound.Status.NOMINATING, None, None
        elif start > self.today:
            status, start, end = ExemplarRound.Status.REVIEWING, None, None
        elif end >= self.today:
            status = ExemplarRound.Status.NOTICE
        else:
            status = ExemplarRound.Status.DECIDED
        row = ExemplarRound(
            org_id=org_id,
            kind=kind,
            period=period,
            title=default_title(kind, period),
            status=status,
            notice_start=start,
            notice_end=end,
            public_key=_key(self.rng),
        )
        self.rounds.append(row)
        return row

    def nominate(self, round_row, org_id: int, path: str, category: str) -> None:
        rng = self.rng
        nominee_org = nominee_person = None
        if category == "org":
            nominee_org = rng.choice(self.county.orgs_under.get(path, [org_id]))
        else:
            people = self.county.people_under.get(path)
            if not people:
                return
            nominee_person = rng.choice(people)
        status = {
            ExemplarRound.Status.NOMINATING: Nomination.Status.NOMINATED,
            ExemplarRound.Status.REVIEWING: Nomination.Status.APPROVED,
            ExemplarRound.Status.NOTICE: Nomination.Status.NOTICE,
            ExemplarRound.Status.DECIDED: Nomination.Status.NOT_AWARDED,
        }[round_row.status]
        if status != Nomination.Status.NOMINATED and rng.random() < 0.08:
            status = Nomination.Status.REJECTED
        row = Nomination(
            org_id=org_id,
            category=category,
            nominee_org_id=nominee_org,
            nominee_person_id=nominee_person,
            deeds=_deeds(rng),
            summary=rng.choice(SUMMARIES),
            status=status,
            review_note="事迹不够突出，建议下月再推荐。"
            if status == Nomination.Status.REJECTED
            else "",
        )
        self.nominations.append((round_row, row))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """This part's rows for the year so far; returns its piece of the summary line."""
    county = _County(root)
    if not county.townships:
        return ""
    builder = _Builder(county, rng, today)
    this_month = today.replace(day=1)
    for township_id, _path in county.townships:
        for back in range(12, -1, -1):
            period = months.add_months(this_month, -back)
            decided_by = months.add_months(period, 1)
            round_row = builder.round(township_id, "monthly", period, decided_by)
            children = county.children.get(township_id, [])
            for org_id, path in rng.sample(children, min(len(children), rng.choice((2, 2, 3)))):
                for category in rules.MONTHLY_CATEGORIES:
                    builder.nominate(round_row, org_id, path, category)
    last_year = datetime.date(today.year - 1, 1, 1)
    yearly = builder.round(root.pk, "yearly", last_year, datetime.date(today.year - 1, 7, 1))
    for township_id, path in county.townships:
        for category in rules.YEARLY_CATEGORIES:
            builder.nominate(yearly, township_id, path, category)
    ExemplarRound.objects.bulk_create(builder.rounds, batch_size=BATCH)
    for round_row, row in builder.nominations:
        row.round_id = round_row.pk
    rows = [row for _round, row in builder.nominations]
    Nomination.objects.bulk_create(rows, batch_size=BATCH)
    objections, awards = _decide(builder, county, rng)
    orgs = sum(1 for a in awards if a.year == today.year and a.category == "org")
    members = sum(1 for a in awards if a.year == today.year and a.category != "org")
    return (
        f"{len(builder.rounds)} exemplar rounds with {len(rows)} nominations, "
        f"{len(objections)} objections; {orgs} organizations and {members} members awarded "
        f"this year"
    )


def _decide(builder: _Builder, county: _County, rng: random.Random):
    """Objections on some nominations in notice or decided, and the awards of decided rounds,
    at the county's rate."""
    decided = [
        (round_row, row)
        for round_row, row in builder.nominations
        if round_row.status == ExemplarRound.Status.DECIDED
        and row.status == Nomination.Status.NOT_AWARDED
    ]
    scale = max(county.count, 1) / 1000
    monthly_orgs = [p for p in decided if p[0].kind == "monthly" and p[1].category == "org"]
    monthly_members = [p for p in decided if p[0].kind == "monthly" and p[1].category != "org"]
    chance = {
        "org": min(1.0, ORG_AWARDS_PER_1000 * scale / max(len(monthly_orgs), 1)),
        "member": min(1.0, MEMBER_AWARDS_PER_1000 * scale / max(len(monthly_members), 1)),
    }
    objections: list[Objection] = []
    for round_row, row in builder.nominations:
        if round_row.notice_start is None or row.status == Nomination.Status.REJECTED:
            continue
        if rng.random() < 0.03:
            open_now = round_row.status == ExemplarRound.Status.NOTICE
            outcome = "open" if open_now else rng.choice(("dismissed", "dismissed", "upheld"))
            objections.append(
                Objection(
                    nomination_id=row.pk,
                    body=rng.choice(OBJECTIONS),
                    outcome=outcome,
                    answer=ANSWERS.get(outcome, ""),
                )
            )
    Objection.objects.bulk_create(objections, batch_size=BATCH)
    upheld = {o.nomination_id for o in objections if o.outcome == "upheld"}
    awards: list[Award] = []
    changed: list[Nomination] = []
    for round_row, row in decided:
        odds = (
            0.5
            if round_row.kind == "yearly"
            else chance["org" if row.category == "org" else "member"]
        )
        if row.pk in upheld or rng.random() >= odds:
            continue
        row.status = Nomination.Status.AWARDED
        changed.append(row)
        awarded_on = workdays.add_working_days(round_row.notice_end, 1)
        awards.append(
            Award(
                nomination_id=row.pk,
                round_id=round_row.pk,
                category=row.category,
                year=round_row.period.year,
                title=award_title(round_row, row.category),
                awarded_on=awarded_on,
            )
        )
    Nomination.objects.unscoped(SYSTEM).bulk_update(changed, ["status"], batch_size=BATCH)
    Award.objects.bulk_create(awards, batch_size=BATCH)
    return objections, awards


def delete(prefix: str) -> None:
    """Remove this part's rows under the organization path `prefix`."""
    rounds = {"round__org__path__startswith": prefix}
    Award.objects.unscoped(SYSTEM).filter(**rounds).delete()
    Objection.objects.unscoped(SYSTEM).filter(
        nomination__round__org__path__startswith=prefix
    ).delete()
    NominationAttachment.objects.unscoped(SYSTEM).filter(
        nomination__round__org__path__startswith=prefix
    ).delete()
    Nomination.objects.unscoped(SYSTEM).filter(**rounds).delete()
    ExemplarRound.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
