"""Simplified Chinese texts of the honors post part."""

ZH: dict[str, str] = {
    # models
    "duties": "岗位职责",
    "demonstration post (党员示范岗)": "党员示范岗",
    "held since": "上岗日期",
    # forms
    # "Post" alone is 职务 (a person's office) in the dues part; here it is a 岗位.
    "post|Post": "岗位",
    "e.g. 政策宣传岗": "如：政策宣传岗",
    "Duties": "岗位职责",
    "Demonstration post (党员示范岗): shown on the organization's public page": "党员示范岗（在组织公开页上展示）",
    "In use": "启用",
    "Held by": "在岗党员",
    "Held since": "上岗日期",
    "Today when left empty.": "不填则为今天。",
    "Vacant": "空缺",
    # services
    "You may not change the posts of this organization.": "您无权修改该组织的岗位。",
    "%(org)s already has %(count)s posts in use; at most %(limit)s.": "%(org)s 已有 %(count)s 个在用岗位，最多 %(limit)s 个。",
    "%(name)s is not a member of %(org)s or an organization below it.": "%(name)s 不是 %(org)s 或其下级组织的党员。",
    "%(name)s already holds %(count)s posts; at most %(limit)s.": "%(name)s 已担任 %(count)s 个岗位，最多 %(limit)s 个。",
    "A vacant post has no “held since” date.": "空缺岗位不填上岗日期。",
    "This post is no longer in use: assign a member to a post in use.": "该岗位已停用，请为在用岗位安排党员。",
    # urls and views
    "Posts and duties (设岗定责)": "设岗定责",
    "Post saved.": "岗位已保存。",
    "Holder saved.": "在岗党员已保存。",
    # templates
    "My posts and duties": "我的岗位与职责",
    "Demonstration post": "党员示范岗",
    "since": "上岗于",
    "You hold no post.": "您尚未担任岗位。",
    "Posts and duties": "设岗定责",
    "Demonstration posts (党员示范岗)": "党员示范岗",
    "Holder of the post": "在岗党员",
    "Choose “Vacant” to vacate the post. The change is recorded in the audit log.": "选择“空缺”即撤岗，变更会记入操作记录。",
    "Edit the post": "修改岗位",
    "Add a post": "新增岗位",
    "Out of use": "已停用",
    "Holder": "在岗党员",
    "No posts.": "尚无岗位。",
}
