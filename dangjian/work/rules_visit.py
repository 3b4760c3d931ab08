"""Rules of village contact and visits (包村 / 下基层), as data a county can read and adjust.

Source: the county organization department's published work system — "the head leads cadres
to inspect the 12 contact villages; every cadre goes to the grassroots at least twice a period;
every grassroots organization is visited monthly" (部长带领干部到12个联系村调研; 每名干部每个
周期至少下基层2次; 每个基层党组织每月走访到). The system says "a period" without naming it:
we read it as a month (the same period as the grassroots rule); a county may change it here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import OrgCategory, OrgType

# Each assigned cadre (联系干部) makes at least this many visits per CADRE_PERIOD.
VISITS_PER_CADRE = 2
# The period of the cadre rule: "month" (the only one the selectors compute; see the module).
CADRE_PERIOD = "month"

# Grassroots organizations (基层党组织) in the sense of the visit rule: the 党支部 and 党总支
# of villages and communities (OrgCategory.RURAL — the demo county files communities there
# too). A 党委 is a level of leadership, not a point visited; a 党小组 is visited with its
# branch; county units, enterprises and township offices are not 包村 contact points.
GRASSROOTS_ORG_TYPES = (OrgType.BRANCH, OrgType.GENERAL_BRANCH)
GRASSROOTS_CATEGORIES = (OrgCategory.RURAL,)

# Who may be a contact unit (联系单位): the county's units, the townships and the county
# committee itself (its organization department holds the 12 contact villages).
CONTACT_UNIT_CATEGORIES = (OrgCategory.COUNTY_UNIT, OrgCategory.TOWNSHIP, OrgCategory.OTHER)

# The department's own contact villages (部长联系点): the demo pairs the root with this many.
DEPARTMENT_CONTACT_VILLAGES = 12

# The purposes offered as chips on the phone's quick form (the text box takes any other):
# key → label; the visit keeps the label in the recorder's language.
PURPOSES = (
    ("policy", _("Policy explanation")),  # 政策宣讲
    ("inspection", _("Party-building inspection")),  # 党建督导
    ("problems", _("Problem solving")),  # 解决难题
    ("people", _("Listening to the people")),  # 走访群众
    ("industry", _("Industry development")),  # 产业发展
    ("rectification", _("Follow-up of rectification")),  # 整改回访
)

# A visit lies between 1 January of last year and today: older visits are history, not the log.
EARLIEST_YEARS_BACK = 1
# Findings, problems solved and follow-ups: at most this many characters each.
TEXT_MAX_CHARS = 5000
# The recorder may correct or delete a visit within this many days of recording it.
EDIT_DAYS = 7
