"""Simplified Chinese texts of 发展党员 (organization life, development part), merged by
zh_hans.py. Only texts that zh_hans.py does not have."""

ZH = {
    # pages and menu
    "Development pipeline": "发展党员进度",
    "Development alerts": "发展党员提醒",
    "Development record": "发展党员纪实",
    "Sponsors": "入党介绍人",
    "stage": "阶段",
    "Talk due by (细则第七条)": "应于此日前谈话（细则第七条）",
    "Development candidate not before (细则第十三条)": "最早可列为发展对象日期（细则第十三条）",
    "Higher committee approves by (三个月)": "上级党委审批截止日期（三个月）",
    "Probation ends on": "预备期满日期",
    "Application form cover (.docx)": "入党志愿书封面信息（.docx）",
    "Political review request (.docx)": "政治审查函（.docx）",
    "Pre-review request (.docx)": "预审请示（.docx）",
    "entitled": "应到会有表决权",
    "in favour": "赞成",
    "days": "天",
    "hours": "学时",
    "months": "个月",
    "recorded by": "记录人",
    "approved by": "审批人",
    "No step recorded yet.": "尚未记录任何步骤。",
    "Record the next step": "记录下一步骤",
    "Record": "记录",
    "up": "上一级",
    "Total": "合计",
    "own": "本级",
    "People at this stage": "该阶段人员",
    "Nobody.": "无。",
    "Probation ends": "预备期满",
    "Talk overdue since": "谈话逾期，应于此日前完成：",
    "Half-year record due since": "半年考察逾期，应于此日前完成：",
    "No alerts.": "暂无提醒。",
    "Non-members: record an application": "群众：记录入党申请",
    "Steps on time in the last twelve months (talks, half-year records)": (
        "近十二个月按时完成率（谈话、半年考察）"
    ),
    "late": "逾期",
    # model and form fields
    "step": "步骤",
    "date": "日期",
    "first person": "第一人",
    "second person": "第二人",
    "recommendation": "推荐方式",
    "result": "结果",
    "members entitled to vote": "应到会有表决权的正式党员数",
    "entitled members present": "实到会有表决权的正式党员数",
    "votes in favour": "赞成票数",
    "training days": "培训天数",
    "training hours": "培训学时",
    "extension (months)": "延长预备期（月）",
    "documents": "材料",
    "passed": "合格",
    "not passed": "不合格",
    "recommended by members": "党员推荐",
    "recommended by a mass organization (推优)": "群团组织推优",
    "development step": "发展党员步骤",
    "development steps": "发展党员步骤",
    # reminders
    "The probation of %(name)s (%(org)s) ends on %(date)s: prepare the vote": (
        "%(name)s（%(org)s）预备期将于%(date)s期满：请准备支部大会讨论转正"
    ),
    "%(name)s (%(org)s) applied; the talk was due by %(date)s": (
        "%(name)s（%(org)s）已提交入党申请，应于%(date)s前派人谈话"
    ),
    "%(name)s (%(org)s): the half-year record was due by %(date)s": (
        "%(name)s（%(org)s）：半年培养考察应于%(date)s前完成"
    ),
    # rules (the service's messages)
    "You may not record development steps of this person.": "您无权记录此人的发展党员步骤。",
    "This step is recorded by the higher committee (the level above the person's "
    "organization).": "此步骤由上级党委（此人所在组织的上一级）记录。",
    "Unknown step “%(step)s”.": "未知步骤“%(step)s”。",
    "The date lies in the future; record a step once it has happened.": (
        "日期在未来：请在步骤完成后再记录。"
    ),
    "Step out of order: “%(step)s” (%(article)s) belongs to the %(needed)s stage; this "
    "person is at the %(stage)s stage.": (
        "步骤顺序不符：“%(step)s”（%(article)s）属于“%(needed)s”阶段，此人目前处于“%(stage)s”阶段。"
    ),
    "Step out of order: “%(step)s” comes after “%(before)s” (%(article)s).": (
        "步骤顺序不符：“%(step)s”须在“%(before)s”之后（%(article)s）。"
    ),
    "The date lies before “%(before)s” (%(date)s): steps are recorded in order.": (
        "日期早于“%(before)s”（%(date)s）：步骤须按顺序记录。"
    ),
    "“%(step)s” is already recorded (%(date)s).": "“%(step)s”已记录（%(date)s）。",
    "This person has left the organization; their record is closed.": (
        "此人已离开组织，纪实已关闭。"
    ),
    "Age rule (细则第五条): an applicant must be at least %(years)s years old on the day of "
    "the application; this person turns %(years)s on %(date)s.": (
        "年龄规定（细则第五条）：申请入党须年满%(years)s岁；此人于%(date)s年满%(years)s岁。"
    ),
    "Age rule (细则第五条): the person's birth date is needed.": (
        "年龄规定（细则第五条）：需要此人的出生日期。"
    ),
    "This field is required for this step.": "此步骤须填写此项。",
    "Activist rule (细则第八条): say how the activist was recommended (members or a mass "
    "organization).": "入党积极分子规定（细则第八条）：请注明推荐方式（党员推荐或群团组织推优）。",
    "Name %(count)s different full members (正式党员) for this step (%(article)s).": (
        "此步骤须指定%(count)s名不同的正式党员（%(article)s）。"
    ),
    "%(name)s is not an active full member (正式党员) (%(article)s).": (
        "%(name)s不是在册的正式党员（%(article)s）。"
    ),
    "The person cannot be their own contact or sponsor.": "本人不能担任自己的培养联系人或入党介绍人。",
    "Activist rule (细则第十三条): at least %(years)s year as an activist before becoming a "
    "development candidate; activist since %(since)s, so not before %(date)s.": (
        "发展对象规定（细则第十三条）：须经过%(years)s年以上培养教育和考察；"
        "此人%(since)s确定为入党积极分子，%(date)s前不能列为发展对象。"
    ),
    "Training record rule (细则第十一条): one record for each half year as an activist; "
    "%(needed)s needed, %(found)s recorded.": (
        "考察规定（细则第十一条）：每半年考察一次；应有%(needed)s次，已记录%(found)s次。"
    ),
    "“%(step)s” did not pass (%(article)s): the development cannot go on.": (
        "“%(step)s”不合格（%(article)s）：不能继续发展。"
    ),
    "Training rule (细则第十七条): centralized training of at least %(days)s days or "
    "%(hours)s hours.": "培训规定（细则第十七条）：集中培训不少于%(days)s天（或不少于%(hours)s个学时）。",
    "Vote rule (%(article)s): %(count)s is more than the %(entitled)s members entitled to "
    "vote.": "表决规定（%(article)s）：%(count)s超过了应到会有表决权的正式党员数%(entitled)s。",
    "Vote rule (细则第二十条): more than half of the %(entitled)s members entitled to vote "
    "must be present; %(count)s were.": (
        "表决规定（细则第二十条）：有表决权的到会人数须超过应到会有表决权的正式党员"
        "（%(entitled)s人）的半数；实到%(count)s人。"
    ),
    "Vote rule (%(article)s): more than half of the %(entitled)s members entitled to vote "
    "must approve; %(count)s did.": (
        "表决规定（%(article)s）：赞成人数须超过应到会有表决权的正式党员（%(entitled)s人）的半数；"
        "赞成%(count)s人。"
    ),
    "Approval rule (%(article)s): the higher committee approves within %(months)s months "
    "of the branch assembly's vote (%(vote)s), so by %(date)s.": (
        "审批规定（%(article)s）：上级党委应在支部大会通过（%(vote)s）后%(months)s个月内审批，"
        "即%(date)s前。"
    ),
    "Probation rule (细则第三十二条): the probation lasts until %(date)s (one year from the "
    "branch assembly's vote%(extension)s); this step is not possible before.": (
        "预备期规定（细则第三十二条）：预备期至%(date)s（自支部大会通过之日起一年%(extension)s）；"
        "此前不能办理此步骤。"
    ),
    "Extension rule (细则第三十二条): a probation is extended by %(low)s to %(high)s months.": (
        "延长预备期规定（细则第三十二条）：延长时间不少于%(low)s个月，不超过%(high)s个月。"
    ),
    "Say why (note).": "请说明原因（备注）。",
    "No such person in your reach.": "您的权限范围内没有此人。",
    "At most %(count)s documents per step.": "每个步骤最多%(count)s份材料。",
    # the steps (rules_development.STEPS)
    "Application for membership (入党申请书)": "递交入党申请书",
    "Talk with the applicant": "党组织派人谈话",
    "Chosen as activist by recommendation": "推荐和确定入党积极分子",
    "Filed with the higher committee": "上级党委备案",
    "Two contacts appointed (培养联系人)": "指定培养联系人",
    "Half-year education and assessment record": "培养教育考察（半年考察）",
    "Chosen as development candidate": "确定发展对象",
    "Candidate filed with the higher committee": "发展对象报上级党委备案",
    "Two sponsors (入党介绍人)": "确定入党介绍人",
    "Political review (政治审查)": "进行政治审查",
    "Centralized training": "开展集中培训",
    "Review by the branch committee": "支部委员会审查",
    "Pre-review by the higher committee (预审)": "上级党委预审",
    "Membership application form filled in (入党志愿书)": "填写入党志愿书",
    "Branch assembly vote": "支部大会讨论（接收预备党员）",
    "Talk by the higher committee": "上级党委派人谈话",
    "Approved as probationary member by the higher committee": "上级党委审批（预备党员）",
    "Filed with the organization department above": "再上一级党委组织部门备案",
    "Placed in a branch and party group": "编入党支部和党小组",
    "Oath (入党宣誓)": "入党宣誓",
    "Education and assessment during probation": "继续教育考察",
    "Application for full membership (转正申请)": "提出转正申请",
    "Branch assembly vote on full membership": "支部大会讨论（转正）",
    "Approved as full member by the higher committee": "上级党委审批（转正）",
    "Records archived": "材料归档",
    "Probation extended": "延长预备期",
    "Probationary membership cancelled": "取消预备党员资格",
}
PLURALS: dict = {}
