"""发展党员 — the 25 steps and the timing rules of 中国共产党发展党员工作细则 (2014).

Each number is a named constant with the article it comes from, so a county can read and
adjust it. The steps are data: code, order, stage, the steps that must come first, and the
article. Article numbers checked against published copies of the text, each number seen
beside its content: 第五、六、七、八、九、十一、十三、十七、十九、二十、二十一、二十九、三十、
三十二、三十三、三十七条. Sources: couxd.com/partyinfo.aspx?id=10561 and scuhx.com/117.html
(第五至八条); uianet.net/dictionary/b350392.html (第九条); topnews9.com/jxzs/202208/660131.html
(第十一条); uianet.net/dictionary/b9239109.html (第十三条); m.taodocs.com/p-675933586.html
(第十七至二十条); 88.wendadaohang.com/zd/MVKtSVStK1accKSBcSa.html (第十九、二十条);
33.wendadaohang.com/zd/400cdRhdc.html (第二十一、三十三条); crsrw.com/falvyuanzhu/20603.html
(第二十九、三十、三十二、三十三条); wenda.12371.cn threads 625982 (第三十二条) and 649296
(第三十七条). Not confirmed against a copy here: 第十、十四、十五、十六、二十三、二十四条 and
the article of the three-month limit for 转正 approval — a county should check them against its
own copy (the rules themselves — one-year probation counted from the assembly's vote, extension
of at most one year, approval by the level above — are also in 党章第七条)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# 第五条: 年满十八岁 … 可以申请加入中国共产党.
MIN_AGE_YEARS = 18
# 第七条: 党组织收到入党申请书后, 应当在一个月内派人同入党申请人谈话.
TALK_WITHIN_MONTHS = 1
# 第九条: 指定一至两名正式党员作培养联系人 (the issue asks for two; a county may set 1).
CONTACTS_MIN = 2
CONTACTS_MAX = 2
# 第十一条: 党支部每半年对入党积极分子进行一次考察.
TRAINING_RECORD_MONTHS = 6
# 第十三条: 经过一年以上培养教育和考察 … 可列为发展对象.
ACTIVIST_MIN_YEARS = 1
# 第十四条: 发展对象应当有两名正式党员作入党介绍人.
INTRODUCERS = 2
# 第十七条: 短期集中培训, 培训时间一般不少于三天 (或不少于二十四个学时).
TRAINING_MIN_DAYS = 3
TRAINING_MIN_HOURS = 24
# 第二十条: 有表决权的到会人数必须超过应到会有表决权的正式党员的半数;
# 第二十一条: 赞成人数超过应到会有表决权的正式党员的半数, 才能通过 (absent members' written
# opinions count, so approvals are bounded by those entitled, not by those present).
# 第二十四条: 上级党委审批 … 应当在三个月内审批 (also for 转正, 第三十三条).
APPROVAL_WITHIN_MONTHS = 3
# 第三十二条 (and 党章第七条): 预备党员的预备期为一年, 从支部大会通过其为预备党员之日算起.
PROBATION_YEARS = 1
# 第三十二条 (and 党章第七条: 不能超过一年): 延长预备期, 时间不能少于半年, 最长不超过一年.
EXTENSION_MIN_MONTHS = 6
EXTENSION_MAX_MONTHS = 12
# Alerts: a probation ending within this many days is announced (预备期满提醒).
PROBATION_ALERT_DAYS = 31

# Documents attached to a step (申请书, 考察表, 政审材料…): bounded like the study hall's.
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".jpg", ".jpeg", ".png")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_PER_STEP = 5

# The five stages (the API's `stage` values and the stage-entering step codes).
APPLICANT = "applicant"
ACTIVIST = "activist"
CANDIDATE = "candidate"
PROBATIONARY = "probationary"
FULL = "full"
PUBLIC = "public"
STAGES = (APPLICANT, ACTIVIST, CANDIDATE, PROBATIONARY, FULL)


@dataclass(frozen=True)
class Step:
    code: str
    number: int  # 1..25 in the 细则's order; 0 for the two exits (extension, cancellation)
    label: str
    article: str
    stage: str  # the stage the person must be at to record it
    requires: tuple[str, ...] = ()
    repeatable: bool = False
    approval: bool = False  # recorded by the level above (Action.APPROVE, reach BELOW)
    fields: tuple[str, ...] = field(default=())  # the step's own fields (forms, API)


STEPS: tuple[Step, ...] = (
    # 一、入党申请
    Step("applicant", 1, _("Application for membership (入党申请书)"), "第五、六条", PUBLIC),
    Step("talk", 2, _("Talk with the applicant"), "第七条", APPLICANT, ("applicant",)),
    # 二、入党积极分子的确定和培养教育
    Step(
        "activist",
        3,
        _("Chosen as activist by recommendation"),
        "第八条",
        APPLICANT,
        ("talk",),
        fields=("recommendation",),
    ),
    Step("activist_filing", 4, _("Filed with the higher committee"), "第八条", ACTIVIST),
    Step(
        "contacts",
        5,
        _("Two contacts appointed (培养联系人)"),
        "第九条",
        ACTIVIST,
        repeatable=True,
        fields=("first_person", "second_person"),
    ),
    Step(
        "training_record",
        6,
        _("Half-year education and assessment record"),
        "第十、十一条",
        ACTIVIST,
        ("contacts",),
        repeatable=True,
    ),
    # 三、发展对象的确定和考察
    Step(
        "candidate",
        7,
        _("Chosen as development candidate"),
        "第十三条",
        ACTIVIST,
        ("activist_filing", "contacts", "training_record"),
    ),
    Step(
        "candidate_filing", 8, _("Candidate filed with the higher committee"), "第十三条", CANDIDATE
    ),
    Step(
        "introducers",
        9,
        _("Two sponsors (入党介绍人)"),
        "第十四条",
        CANDIDATE,
        fields=("first_person", "second_person"),
    ),
    Step(
        "political_review",
        10,
        _("Political review (政治审查)"),
        "第十五、十六条",
        CANDIDATE,
        fields=("result",),
    ),
    Step(
        "centralized_training",
        11,
        _("Centralized training"),
        "第十七条",
        CANDIDATE,
        fields=("days", "hours"),
    ),
    # 四、预备党员的接收
    Step(
        "committee_review",
        12,
        _("Review by the branch committee"),
        "第十九条",
        CANDIDATE,
        ("candidate_filing", "introducers", "political_review", "centralized_training"),
    ),
    Step(
        "pre_review",
        13,
        _("Pre-review by the higher committee (预审)"),
        "第十九条",
        CANDIDATE,
        ("committee_review",),
        approval=True,
        fields=("result",),
    ),
    Step(
        "application_form",
        14,
        _("Membership application form filled in (入党志愿书)"),
        "第十九条",
        CANDIDATE,
        ("pre_review",),
    ),
    Step(
        "assembly_vote",
        15,
        _("Branch assembly vote"),
        "第二十、二十一条",
        CANDIDATE,
        ("application_form",),
        fields=("entitled", "attended", "approved"),
    ),
    Step(
        "committee_talk",
        16,
        _("Talk by the higher committee"),
        "第二十三条",
        CANDIDATE,
        ("assembly_vote",),
        approval=True,
    ),
    Step(
        "probationary",
        17,
        _("Approved as probationary member by the higher committee"),
        "第二十四条",
        CANDIDATE,
        ("committee_talk",),
        approval=True,
    ),
    Step(
        "approval_filing",
        18,
        _("Filed with the organization department above"),
        "第二十四条",
        PROBATIONARY,
    ),
    # 五、预备党员的教育考察和转正
    Step("placement", 19, _("Placed in a branch and party group"), "第二十九条", PROBATIONARY),
    Step("oath", 20, _("Oath (入党宣誓)"), "第三十条", PROBATIONARY, ("probationary",)),
    Step(
        "probation_record",
        21,
        _("Education and assessment during probation"),
        "第二十九条",
        PROBATIONARY,
        ("oath",),
        repeatable=True,
    ),
    Step(
        "conversion_application",
        22,
        _("Application for full membership (转正申请)"),
        "第三十三条",
        PROBATIONARY,
        ("oath",),
    ),
    Step(
        "conversion_vote",
        23,
        _("Branch assembly vote on full membership"),
        "第三十三条",
        PROBATIONARY,
        ("conversion_application",),
        fields=("entitled", "attended", "approved"),
    ),
    Step(
        "full",
        24,
        _("Approved as full member by the higher committee"),
        "第三十三条",
        PROBATIONARY,
        ("conversion_vote",),
        approval=True,
    ),
    Step("archive", 25, _("Records archived"), "第三十七条", FULL, ("full",)),
    # The two other outcomes of the probation (第三十二条).
    Step(
        "extend_probation",
        0,
        _("Probation extended"),
        "第三十二条",
        PROBATIONARY,
        ("oath",),
        approval=True,
        fields=("months",),
    ),
    Step(
        "cancel",
        0,
        _("Probationary membership cancelled"),
        "第三十二条",
        PROBATIONARY,
        ("probationary",),
        approval=True,
    ),
)
BY_CODE: dict[str, Step] = {step.code: step for step in STEPS}
STEP_CHOICES = [(step.code, step.label) for step in STEPS]
# Steps with a deadline: on time or late (the timeliness ratio of the selector).
TIMED_STEPS = ("talk", "training_record")
