"""Simplified Chinese texts of 组织关系转接 (organization life: transfers)."""

ZH = {
    "Transfers in progress": "转接中的组织关系",
    "Transfer history": "组织关系转接记录",
    "Issue a transfer letter": "开具组织关系介绍信",
    "Register an arrival from outside the county": "登记县外转入党员",
    "Within the county": "县内转接",
    "Out of the county": "转出县外",
    "From outside the county": "县外转入",
    "In transfer": "转接中",
    "Accepted": "已接收",
    "from organization": "转出组织",
    "from (outside the county)": "转出组织（县外）",
    "to organization": "接收组织",
    "destination (outside the county)": "去向（县外）",
    "issued on": "开具日期",
    "letter number": "介绍信编号",
    "valid for (days)": "有效期（天）",
    "accepted on": "接收日期",
    "returned on": "退回日期",
    "reason for returning": "退回原因",
    "cancelled on": "撤销日期",
    "transfer": "组织关系转接",
    "transfers": "组织关系转接",
    "This letter number is already used.": "该介绍信编号已被使用。",
    "This person already has a transfer in progress.": "此人已有正在办理的组织关系转接。",
    "Issue a letter": "开具介绍信",
    "Register an arrival": "登记转入",
    "Letter number": "介绍信编号",
    "Issued on": "开具日期",
    "No transfer here.": "暂无组织关系转接。",
    "Expired": "已过期",
    "Valid until": "有效期至",
    "Accepted on": "接收日期",
    "Returned on": "退回日期",
    "Cancelled on": "撤销日期",
    "Introduction letter (.docx)": "介绍信（.docx）",
    "Record the receipt": "登记回执",
    "Accept": "接收",
    "Receipt received: the person leaves": "已收到回执：该党员转出",
    "Accept the transfer": "接收组织关系",
    "Return": "退回",
    "Return with this reason": "按此原因退回",
    "Cancel the letter": "撤销介绍信",
    "A read-only record: who left and who arrived, when, with which letter.": (
        "只读记录：谁转出、谁转入，何时，凭哪份介绍信。"
    ),
    "Within the county, enter the receiving branch's code; out of the county, write the "
    "destination. A Party group does not receive people: choose its branch.": (
        "县内转接请填写接收支部的组织代码；转出县外请填写去向。党小组不接收组织关系，请选择其所在支部。"
    ),
    "Issue the letter": "开具介绍信",
    "Sending organization": "转出组织",
    "Until the receiving organization accepts, the person still belongs to the sender and "
    "shows as in transfer at both.": (
        "接收组织接收之前，该党员仍属转出组织，在双方均显示为“转接中”。"
    ),
    "Receiving organization's code": "接收组织代码",
    "Within the county: the code of the receiving branch (ask the branch).": (
        "县内转接：填写接收支部的组织代码（可向该支部询问）。"
    ),
    "Destination outside the county": "县外去向",
    "Out of the county: the receiving organization, written in full.": (
        "转出县外：填写接收党组织全称。"
    ),
    "Valid for (days)": "有效期（天）",
    "Reason for returning": "退回原因",
    "Receiving branch": "接收支部",
    "From (issuing organization)": "转出组织（开具介绍信的组织）",
    "Letter issued on": "介绍信开具日期",
    "Introduction letter %(number)s.docx": "介绍信%(number)s.docx",
    "Introduction letter of Party membership relation": "中国共产党党员组织关系介绍信",
    "No. %(number)s": "编号：%(number)s",
    "To: %(to)s": "%(to)s：",
    "Comrade %(person)s (%(gender)s, %(status)s) transfers the Party membership relation from "
    "%(from)s to you. Please receive.": (
        "兹介绍%(person)s同志（%(gender)s，%(status)s）的党员组织关系由%(from)s转去，请接洽。"
    ),
    "Reason: %(reason)s": "转接原因：%(reason)s",
    "Valid for %(days)s days, until %(until)s.": "有效期%(days)s天，至%(until)s止。",
    "%(from)s (seal)": "%(from)s（盖章）",
    "Receipt": "回执",
    "To: %(from)s": "%(from)s：",
    "The Party membership relation of comrade %(person)s (letter %(number)s) has been "
    "received.": "%(person)s同志的党员组织关系（介绍信编号%(number)s）已收到。",
    "Receiving organization (seal):            Date:": "接收党组织（盖章）：            日期：",
    "You may not issue or cancel transfers of this organization.": (
        "您无权开具或撤销该组织的组织关系转接。"
    ),
    "You may not accept or return transfers to this organization.": (
        "您无权接收或退回转入该组织的组织关系。"
    ),
    "This person is no longer active: only active members are transferred.": (
        "此人已不在册：只能转接在册党员的组织关系。"
    ),
    "Only Party members (full or probationary) have an organization relation to transfer.": (
        "只有党员（正式党员或预备党员）才有组织关系可转接。"
    ),
    "This person already has a transfer in progress (letter %(number)s): accept, return or "
    "cancel it first.": "此人已有正在办理的组织关系转接（介绍信 %(number)s）：请先接收、退回或撤销。",
    "Choose the receiving organization, or write the destination outside the county.": (
        "请选择接收组织，或填写县外去向。"
    ),
    "%(org)s is a Party group (党小组): people belong to branches. Choose its branch.": (
        "%(org)s是党小组：党员组织关系应在党支部。请选择其所在支部。"
    ),
    "%(org)s does not accept members: the receiving organization must be a Party branch or a "
    "general Party branch.": "%(org)s不接收党员组织关系：接收组织须为党支部或党总支。",
    "%(org)s is deactivated and accepts no transfers.": "%(org)s已停用，不接收组织关系。",
    "No organization has the code %(code)s.": "没有组织代码为 %(code)s 的党组织。",
    "No such organization.": "没有该党组织。",
    "This transfer is %(status)s: only a transfer in progress can be %(verb)s.": (
        "该转接状态为“%(status)s”：只有转接中的才能%(verb)s。"
    ),
    "The letter expired on %(date)s (valid for %(days)s days): the sending organization must "
    "cancel it and issue a new one.": (
        "介绍信已于 %(date)s 过期（有效期 %(days)s 天）：请转出组织撤销后重新开具。"
    ),
    "The date lies before the letter was issued (%(date)s).": "日期早于介绍信开具日期（%(date)s）。",
    "The person no longer belongs to %(org)s: this letter no longer describes them. Return it.": (
        "此人已不属于%(org)s：该介绍信已不符，请退回。"
    ),
    "Say why the transfer is returned.": "请填写退回原因。",
    "Write where the person comes from (the organization that issued the letter).": (
        "请填写转出组织（开具介绍信的党组织）。"
    ),
    "Enter the number of the letter the person brought.": "请填写所持介绍信的编号。",
    "Try again: the number was taken.": "编号已被占用，请重试。",
    "Transfer in: %(person)s from %(org)s (letter %(number)s)": (
        "组织关系转入：%(person)s，来自%(org)s（介绍信 %(number)s）"
    ),
    "accepted": "接收",
    "Transfer accepted: %(person)s by %(org)s (letter %(number)s)": (
        "组织关系已接收：%(person)s，接收组织%(org)s（介绍信 %(number)s）"
    ),
    "returned": "退回",
    "Transfer returned: %(person)s (letter %(number)s): %(reason)s": (
        "组织关系被退回：%(person)s（介绍信 %(number)s）：%(reason)s"
    ),
    "cancelled": "撤销",
    "Letter %(number)s issued.": "介绍信 %(number)s 已开具。",
    "Transfer accepted.": "已接收组织关系。",
    "Transfer returned.": "已退回。",
    "Transfer cancelled.": "已撤销。",
    "%(person)s registered.": "%(person)s 已登记。",
    "Direction": "方向",
    "Both": "转出和转入",
    "Left (transferred out)": "转出",
    "Arrived (transferred in)": "转入",
    "Letter %(number)s (%(person)s) expired on %(date)s undecided: cancel it and issue a new "
    "one": "介绍信 %(number)s（%(person)s）已于 %(date)s 过期未办结：请撤销后重新开具",
    "Letter %(number)s (%(person)s) expires on %(date)s: accept or return it": (
        "介绍信 %(number)s（%(person)s）将于 %(date)s 到期：请及时接收或退回"
    ),
}
PLURALS = {
    "%(days)s day": "%(days)s 天",
}
