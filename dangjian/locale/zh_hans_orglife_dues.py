"""Simplified Chinese texts of organization life's dues part (党费)."""

ZH = {
    "Row %(row)s, %(column)s: “%(value)s” is over %(max)s yuan a month.": "第 %(row)s 行“%(column)s”：“%(value)s”超过每月 %(max)s 元。",
    "Party dues": "党费",
    "Enter a month such as 2026-03.": "请按 2026-03 的格式填写月份。",
    "Monthly income after tax (yuan)": "月工资收入（税后，元）",
    "Farmer's monthly dues (yuan)": "农民党员月交党费（元）",
    "0.20 to 1.00 yuan; 1.00 when left blank.": "0.20 至 1.00 元；不填按 1.00 元。",
    "Effective from (month)": "起始月份",
    "First month paid": "交纳起始月份",
    "Number of months": "交纳月数",
    "Amount (yuan)": "金额（元）",
    "Blank: the dues of the month. More is a voluntary extra (one month only).": (
        "不填按当月应交金额；多交为自愿多交党费（仅限交一个月时）。"
    ),
    "Paid on": "交纳日期",
    "Income bases (.xlsx)": "党费基数（.xlsx）",
    "You may not manage the dues of this organization.": "您无权管理该组织的党费。",
    "%(person)s is not an active full or probationary member: no dues are due.": (
        "%(person)s 不是在册的正式党员或预备党员，无需交纳党费。"
    ),
    "Enter the monthly income after tax: dues of this category are a share of it.": (
        "请填写税后月收入：该类别按收入比例交纳党费。"
    ),
    "The income base cannot be negative.": "党费基数不能为负数。",
    "Farmers pay between %(min)s and %(max)s yuan a month.": (
        "农民党员每月交纳党费 %(min)s 至 %(max)s 元。"
    ),
    "%(person)s has no dues base in force in %(month)s: declare the income base first.": (
        "%(person)s 在 %(month)s 没有有效的党费基数，请先申报基数。"
    ),
    "%(person)s has already paid the dues of %(month)s (%(amount)s yuan on %(date)s): a "
    "month is paid once.": (
        "%(person)s 已交纳 %(month)s 的党费（%(date)s 交纳 %(amount)s 元），同一月份不能重复交纳。"
    ),
    "The dues of %(month)s are %(due)s yuan: record at least that amount (paying less needs "
    "the approval of the level above, 第十四条).": (
        "%(month)s 应交党费 %(due)s 元，交纳金额不能少于应交金额（少交须经上级党委批准）。"
    ),
    "Dues may be paid in advance for at most %(months)s months ahead.": (
        "党费最多可提前交纳 %(months)s 个月。"
    ),
    "The payment date cannot lie in the future.": "交纳日期不能晚于今天。",
    "Pay for 1 to %(max)s months at once.": "一次可交纳 1 至 %(max)s 个月。",
    "Choose a category.": "请选择类别。",
    "Effective from (YYYY-MM)": "起始月份（YYYY-MM）",
    "Row %(row)s: no active member of %(org)s has the ID-card number “%(value)s”.": (
        "第 %(row)s 行：%(org)s 没有身份证号为“%(value)s”的在册党员。"
    ),
    "Row %(row)s: “%(value)s” is not a category (%(choices)s).": (
        "第 %(row)s 行：“%(value)s”不是有效类别（%(choices)s）。"
    ),
    "Row %(row)s, %(column)s: “%(value)s” is not a number of yuan.": (
        "第 %(row)s 行，%(column)s：“%(value)s”不是金额数字（元）。"
    ),
    "Row %(row)s, %(column)s: the amount cannot be negative.": (
        "第 %(row)s 行，%(column)s：金额不能为负数。"
    ),
    "Row %(row)s, %(column)s: at most two decimals (fen).": (
        "第 %(row)s 行，%(column)s：最多保留两位小数（到分）。"
    ),
    "Row %(row)s: “%(value)s” is not a month (write 2026-03).": (
        "第 %(row)s 行：“%(value)s”不是月份（请写作 2026-03）。"
    ),
    "Row %(row)s: %(message)s": "第 %(row)s 行：%(message)s",
    "Row %(row)s: this member is already on row %(first)s.": (
        "第 %(row)s 行：该党员已在第 %(first)s 行出现。"
    ),
    "The file holds no rows below its header.": "文件在表头之下没有数据行。",
    "This file cannot be read as an .xlsx workbook: %(why)s": "无法作为 .xlsx 工作簿读取：%(why)s",
    "owed": "欠缴",
    "Monthly dues (yuan)": "月交党费（元）",
    "Month %(month)s": "%(month)s月",
    "Paid in %(year)s (yuan)": "%(year)s年已交（元）",
    "Owed (yuan)": "欠缴（元）",
    "Due (yuan)": "应交（元）",
    "Paid (yuan)": "实交（元）",
    "Owed": "欠缴",
    "Dues base saved.": "党费基数已保存。",
    "Payment recorded for %(count)s month(s).": "已登记 %(count)s 个月的党费。",
    "The file is larger than 20 MB.": "文件超过 20 MB。",
    "%(count)s dues bases imported.": "已导入 %(count)s 条党费基数。",
    "Employed (wage after tax)": "在职（税后工资）",
    "Retired (pension)": "离退休（离退休费）",
    "Farmer": "农民",
    "Student": "学生",
    "Unemployed": "下岗失业",
    "On relief or minimum living allowance": "依靠抚恤、救济或领取低保",
    "member": "党员",
    "monthly income base (fen)": "月收入基数（分）",
    "fixed monthly dues (fen)": "固定月交党费（分）",
    "effective from (month)": "起始月份",
    "dues base": "党费基数",
    "dues bases": "党费基数",
    "due (fen)": "应交（分）",
    "paid (fen)": "实交（分）",
    "paid on": "交纳日期",
    "dues payment": "党费交纳记录",
    "dues payments": "党费交纳记录",
    "Sheet": "收缴表",
    "Owed list": "欠缴名单",
    "Publication": "公示",
    "Ledger (.xlsx)": "台账（.xlsx）",
    "Record a payment": "登记交纳",
    "Declare a base": "申报基数",
    "Import bases": "导入基数",
    "Declare a dues base": "申报党费基数",
    "My dues in %(year)s": "我的 %(year)s 年党费",
    "Monthly dues": "月交党费",
    "yuan": "元",
    "Paid": "已交",
    "My declarations and payments": "我的基数申报和交纳记录",
    "Publication of the branch": "支部党费公示",
    "Open the dues sheet": "打开党费收缴表",
    "Import dues bases": "导入党费基数",
    "One row per member: ID-card number, name, category, monthly income after tax in yuan, "
    "the month it applies from, and for farmers the monthly dues. Every row is checked; nothing "
    "is saved unless every row is right.": (
        "每名党员一行：身份证号、姓名、类别、税后月收入（元）、起始月份，农民党员另填月交党费。"
        "逐行检查，全部无误才保存。"
    ),
    "Months owed": "欠缴月份",
    "Nobody owes dues.": "没有欠缴党费的党员。",
    "Declared bases": "基数申报记录",
    "Monthly income (yuan)": "月收入（元）",
    "fixed": "固定",
    "No base declared yet.": "尚未申报基数。",
    "Payments": "交纳记录",
    "No payment yet.": "尚无交纳记录。",
    "Publication of dues collected": "党费收缴公示",
    "publication of Party dues collected in %(year)s": "%(year)s年党费收缴情况公示",
    "Total paid": "合计已交",
    "Total": "合计",
    "Published on": "公示日期",
    "no base": "未申报基数",
    "No member pays dues here.": "本组织没有需交纳党费的党员。",
    "Collection by organization": "各组织收缴情况",
    "Dues due": "应交人数",
    "On time": "按时交纳",
    "Owing": "欠缴人数",
    # 民主评议党员
    "Member reviews": "民主评议党员",
    "Qualified": "合格",
    "Basically qualified": "基本合格",
    "Unqualified": "不合格",
    "closed": "已结束",
    "member review round": "民主评议",
    "member review rounds": "民主评议",
    "self-assessment": "自我评价",
    "Branch": "党支部",
    "Self-assessment": "自我评价",
    "Required for “Basically qualified” and “Unqualified”.": "评为“基本合格”或“不合格”时必须填写。",
    "Only the branch committee may manage this review.": "只有支部委员会可以管理本次评议。",
    "Open a round for %(first)s to %(last)s.": "只能开启 %(first)s 至 %(last)s 年度的评议。",
    "%(org)s already has its %(year)s review round.": "%(org)s 已开启 %(year)s 年度民主评议。",
    "%(org)s has no active full or probationary members to review.": (
        "%(org)s 没有可参加评议的在册正式党员或预备党员。"
    ),
    "You are not a member of this review round.": "您不是本次评议的参评党员。",
    "This review round is closed.": "本次评议已结束。",
    "Write at least %(min)s characters about your year.": "自我评价至少 %(min)s 个字。",
    "Keep the self-assessment under %(max)s characters.": "自我评价不能超过 %(max)s 个字。",
    "Members rate the others, not themselves.": "互评只评其他党员，不评自己。",
    "Rate only members of this round.": "只能评价本次参评的党员。",
    "Give the reason for the grade “%(grade)s”.": "评定为“%(grade)s”须写明理由。",
    "%(count)s member(s) have no grade yet: grade everyone before closing.": (
        "还有 %(count)s 名党员未评定等次，全部评定后才能结束评议。"
    ),
    "Choose a grade.": "请选择等次。",
    "Review round opened.": "民主评议已开启。",
    "Self-assessment saved.": "自我评价已保存。",
    "Your ratings are saved.": "互评已保存。",
    "Grade saved.": "等次已保存。",
    "Review round closed.": "民主评议已结束。",
    "Member review": "民主评议党员",
    "My part": "我的评议",
    "written": "已填写",
    "not yet written": "尚未填写",
    "Write my self-assessment": "填写自我评价",
    "Rate the other members": "评议其他党员",
    "Your ratings are anonymous: members never see who rated whom; the committee sees only the "
    "counts.": "互评为匿名：党员看不到谁评了谁，支部委员会只看到汇总数。",
    "Results": "评议结果",
    "not graded": "未评定",
    "Members": "党员",
    "Mutual ratings (excellent / qualified / basically / unqualified)": (
        "互评（优秀 / 合格 / 基本合格 / 不合格）"
    ),
    "Mutual ratings": "互评",
    "Close the round": "结束评议",
    "My self-assessment": "我的自我评价",
    "No review round yet.": "尚无民主评议。",
    "Open a review round": "开启民主评议",
    # 换届
    "Elections (换届)": "换届选举",
    "You may not record the elections of this organization.": "您无权登记该组织的换届选举。",
    "A Party group elects no committee: record the election of its branch.": (
        "党小组不选举委员会，请登记其所在党支部的选举。"
    ),
    "The election date cannot lie in the future.": "选举日期不能晚于今天。",
    "This organization's current term is number %(current)s: the new one is later.": (
        "该组织现为第 %(current)s 届，新一届的届次应大于此数。"
    ),
    "Term %(number)s of %(org)s is already recorded.": "%(org)s 第 %(number)s 届已登记。",
    "List the new committee: at least one member and their post.": (
        "请填写新一届委员会：至少一名委员及其职务。"
    ),
    "Give %(person)s's post (书记, 副书记, 委员…).": "请填写 %(person)s 的职务（书记、副书记、委员等）。",
    "%(person)s is not a full member of %(org)s or the organizations below it.": (
        "%(person)s 不是 %(org)s 或其下级组织的正式党员。"
    ),
    "%(person)s is listed twice.": "%(person)s 重复填写。",
    "Elected on": "选举日期",
    "Committee member %(n)s": "委员 %(n)s",
    "Post": "职务",
    "Election recorded; the term is renewed.": "换届选举已登记，任期已更新。",
    "elected on": "选举日期",
    "election record": "换届选举记录",
    "election records": "换届选举记录",
    "post": "职务",
    "Election": "换届选举",
    "Record an election": "登记换届选举",
    "The new term starts on the election day and lasts %(term_years)s years.": (
        "新一届任期自选举之日起计算，任期 %(term_years)s 年。"
    ),
    "No election recorded yet.": "尚无换届选举记录。",
    "The term of %(org)s, below you, ended on %(date)s: see that it holds the election": (
        "下级组织 %(org)s 的任期已于 %(date)s 届满，请督促其换届选举"
    ),
    "The term of %(org)s, below you, ends on %(date)s: see that it prepares the election": (
        "下级组织 %(org)s 的任期将于 %(date)s 届满，请督促其做好换届准备"
    ),
}
PLURALS: dict = {
    "%(n)s rater": "%(n)s 人评价",
    "%(n)s member": "%(n)s 名党员",
}
