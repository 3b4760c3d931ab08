"""The 发展党员 forms as .docx (python-docx): 入党志愿书 cover data, the political review
request (政治审查函) and the pre-review request (预审请示), filled from the person's record.

Templates as data (title + labelled rows) rather than .docx files: the county adjusts the
wording here, and python-docx writes them without Word."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.orglife.development_checks import step_date
from dangjian.orglife.models import DevelopmentStep
from dangjian.orgs.models import Person, User

FORMS = ("application_cover", "political_review", "pre_review")


def _title(kind: str) -> str:
    return {
        "application_cover": "中国共产党入党志愿书（封面信息）",
        "political_review": "关于发展对象政治审查的函",
        "pre_review": "关于发展对象的预审请示",
    }[kind]


def _body(kind: str, person: Person, org_name: str) -> str:
    if kind == "political_review":
        return (
            f"{person.name}同志已列为{org_name}发展对象。根据《中国共产党发展党员工作细则》"
            "第十五、十六条，请协助对其政治历史、现实表现及直系亲属和主要社会关系的政治情况"
            "进行审查，并将结论性材料函复我单位。"
        )
    if kind == "pre_review":
        return (
            f"{org_name}支部委员会经集体讨论，认为发展对象{person.name}同志基本具备党员条件，"
            "政治审查合格，已参加集中培训。根据《中国共产党发展党员工作细则》第十九条，"
            "现报请上级党委预审。"
        )
    return ""


def form_document(kind: str, person: Person, steps: list[DevelopmentStep], viewer: User) -> bytes:
    from docx import Document

    org_name = person.primary_org.name

    def when(code: str) -> str:
        value = step_date(person, steps, code)
        return value.isoformat() if value and value.year > 1 else ""

    rows = [
        (_("name"), person.name),
        (_("gender"), person.get_gender_display()),
        (_("birth date"), person.birth_date_for(viewer)),
        (_("ID-card number"), person.id_card_for(viewer)),
        (_("organization"), org_name),
        (_("applied on"), when("applicant")),
        (_("activist since"), when("activist")),
        (_("candidate since"), when("candidate")),
    ]
    introducers = [s for s in steps if s.step == "introducers"]
    if introducers:
        last = introducers[-1]
        names = "、".join(p.name for p in (last.first_person, last.second_person) if p)
        rows.append((_("Sponsors"), names))
    document = Document()
    document.add_heading(_title(kind), level=1)
    body = _body(kind, person, org_name)
    if body:
        document.add_paragraph(body)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value or "")
    document.add_paragraph(f"{org_name}    {timezone.localdate():%Y年%m月%d日}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
