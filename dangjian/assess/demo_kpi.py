"""Demo rows of the kpi part (called by assess.demo): 业绩评价指标 of the county's units.

- The units are the county departments: county_unit organizations directly under the root
  (the 机关工委) and directly under it (教育局党委, 卫健委党委, the offices' 机关党支部 …).
- Each gets 3–5 KPIs whose names fit its kind of work (教育局: 学校党组织覆盖率 %, 党员教师
  培训学时 …; generic ones otherwise), monthly, quarterly or yearly.
- Values for this year so far, one per completed period, with noise around the target; each
  unit leans a little better or worse than the others, so some miss their targets often.
- Where demo_ruleset wrote a county-unit rule set for the year, about a third of the KPIs feed
  one of its items (read from the database; none otherwise).
Scaled by the county: more organizations, more units. bulk_create, no per-row services.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from dangjian.assess import kpi_periods as periods
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi, KpiValue, RuleItem
from dangjian.orgs.models import Organization, OrgCategory

SYSTEM = "demo build (system command)"
BATCH = 2000

# (name, unit of measure, direction, target, frequency) by a word of the unit's name.
BY_KIND: dict[str, tuple[tuple[str, str, str, int, str], ...]] = {
    "教育": (
        ("学校党组织覆盖率", "%", "higher", 100, "quarter"),
        ("党员教师培训学时", "学时", "higher", 40, "quarter"),
        ("师德师风投诉件数", "件", "lower", 2, "month"),
        ("学生资助政策落实率", "%", "higher", 98, "month"),
    ),
    "卫健": (
        ("家庭医生签约服务覆盖率", "%", "higher", 75, "quarter"),
        ("党员医生义诊次数", "次", "higher", 6, "month"),
        ("医疗纠纷投诉件数", "件", "lower", 3, "month"),
    ),
    "医院": (
        ("门诊患者满意率", "%", "higher", 95, "month"),
        ("党员医护人员培训学时", "学时", "higher", 12, "quarter"),
    ),
    "公安": (
        ("刑事案件破案率", "%", "higher", 85, "month"),
        ("群众安全感满意率", "%", "higher", 95, "quarter"),
        ("党员民警培训学时", "学时", "higher", 16, "quarter"),
    ),
    "财政": (
        ("一般公共预算支出进度", "%", "higher", 90, "quarter"),
        ("惠民惠农资金兑付及时率", "%", "higher", 98, "month"),
    ),
    "农业": (
        ("高标准农田建设任务完成率", "%", "higher", 95, "quarter"),
        ("农民专业合作社党组织覆盖率", "%", "higher", 60, "quarter"),
    ),
    "市场监督": (
        ("食品安全抽检合格率", "%", "higher", 98, "month"),
        ("投诉举报按期办结率", "%", "higher", 97, "month"),
    ),
    "人力资源": (
        ("城镇新增就业人数", "人", "higher", 120, "month"),
        ("农民工工资投诉办结率", "%", "higher", 98, "month"),
    ),
    "民政": (("低保动态管理准确率", "%", "higher", 98, "quarter"),),
    "交通": (("农村公路养护完成率", "%", "higher", 95, "quarter"),),
    "水利": (("农村饮水安全达标率", "%", "higher", 99, "quarter"),),
    "信访": (("信访事项按期办结率", "%", "higher", 95, "month"),),
    "税务": (("税费收入预算完成率", "%", "higher", 100, "quarter"),),
    "机关工": (
        ("机关党支部标准化达标率", "%", "higher", 100, "quarter"),
        ("机关党员志愿服务时长", "小时", "higher", 1200, "month"),
    ),
}
GENERIC: tuple[tuple[str, str, str, int, str], ...] = (
    ("重点工作任务按期完成率", "%", "higher", 95, "month"),
    ("政务服务好评率", "%", "higher", 98, "month"),
    ("党员教育培训学时", "学时", "higher", 8, "quarter"),
    ("组织生活会按期召开率", "%", "higher", 100, "year"),
    ("群众投诉件数", "件", "lower", 3, "month"),
    ("意识形态工作责任制落实率", "%", "higher", 100, "quarter"),
)
NOTES = (
    "",
    "",
    "",
    "",
    "含上月补报数据",
    "已报分管领导审核",
    "较上期有所下降，已分析原因",
    "按新口径统计",
)


def units(root: Organization) -> list[tuple[int, str]]:
    """(id, name) of the county's departments, in tree order."""
    return list(
        Organization.objects.unscoped(SYSTEM)
        .filter(
            path__startswith=root.path,
            category=OrgCategory.COUNTY_UNIT,
            org_type__in=rules.UNIT_ORG_TYPES,
            is_active=True,
            depth__in=(root.depth + 1, root.depth + 2),
        )
        .order_by("path")
        .values_list("pk", "name")
    )


def _kinds(name: str) -> list[tuple[str, str, str, int, str]]:
    for word, kpis in BY_KIND.items():
        if word in name:
            return list(kpis)
    return []


def _value(rng: random.Random, spec, lean: float) -> Decimal:
    _name, measure, direction, target, _frequency = spec
    sign = 1 if direction == "higher" else -1
    if measure == "%":
        amount = target * (1 + rng.gauss(sign * lean, 0.03))
        amount = min(amount, 100.0)
    elif direction == "lower":
        amount = max(0, round(rng.gauss(target * (1 - 4 * lean), max(1.0, target * 0.5))))
    else:
        amount = max(0.0, target * (1 + rng.gauss(sign * lean * 3, 0.15)))
        if measure in ("人", "次", "件"):
            amount = round(amount)
    return Decimal(str(round(amount, 1))).quantize(Decimal("0.01"))


def _completed(frequency: str, today: datetime.date) -> list[datetime.date]:
    """The periods of this year that ended before `today`."""
    starts = periods.recent(frequency, today, 12)
    return [
        start
        for start in reversed(starts)
        if start.year == today.year and periods.span(start, frequency).end < today
    ]


def _rule_items(root: Organization, today: datetime.date) -> list[int]:
    rows = RuleItem.objects.unscoped(SYSTEM).filter(
        ruleset__org__path__startswith=root.path,
        ruleset__category=OrgCategory.COUNTY_UNIT,
        ruleset__year=today.year,
        kind=RuleItem.Kind.INDICATOR,
        children__isnull=True,
    )
    return list(rows.exclude(ruleset__status="retired").values_list("pk", flat=True))


def build(root: Organization, *, rng: random.Random, today: datetime.date) -> str:
    """Write this part's demo rows under `root`; returns a summary fragment ("" if none)."""
    found = units(root)
    if not found:
        return ""
    items = _rule_items(root, today)
    kpis: list[Kpi] = []
    specs: list[tuple] = []
    for org_id, name in found:
        own = _kinds(name)
        rng.shuffle(own)
        count = rng.randint(3, 5)
        chosen = own[:count]
        generic = [spec for spec in GENERIC if spec[0] not in {c[0] for c in chosen}]
        chosen += rng.sample(generic, max(0, count - len(chosen)))
        lean = rng.gauss(0.0, 0.02)
        for position, spec in enumerate(chosen, start=1):
            kpi_name, measure, direction, target, frequency = spec
            kpis.append(
                Kpi(
                    org_id=org_id,
                    name=kpi_name,
                    unit_of_measure=measure,
                    direction=direction,
                    target=Decimal(target),
                    frequency=frequency,
                    position=position,
                    rule_item_id=rng.choice(items) if items and rng.random() < 0.35 else None,
                )
            )
            specs.append((spec, lean))
    Kpi.objects.bulk_create(kpis, batch_size=BATCH)
    values: list[KpiValue] = []
    for kpi, (spec, lean) in zip(kpis, specs, strict=True):
        for start in _completed(kpi.frequency, today):
            values.append(
                KpiValue(
                    kpi_id=kpi.pk,
                    period_start=start,
                    value=_value(rng, spec, lean),
                    note=rng.choice(NOTES),
                )
            )
    KpiValue.objects.bulk_create(values, batch_size=BATCH)
    linked = sum(1 for kpi in kpis if kpi.rule_item_id)
    return (
        f"{len(kpis)} KPIs of {len(found)} units with {len(values)} values "
        f"({linked} feeding a rule-set item)"
    )


def delete(prefix: str) -> None:
    """Remove this part's rows under the org path `prefix`."""
    KpiValue.objects.unscoped(SYSTEM).filter(kpi__org__path__startswith=prefix).delete()
    Kpi.objects.unscoped(SYSTEM).filter(org__path__startswith=prefix).delete()
