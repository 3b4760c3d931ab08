"""Simplified Chinese texts of the originality check's full report and .docx parts."""

ZH = {
    "Full report (PDF)": "全文报告（PDF）",
    "Originality report (full)": "文本复制检测报告单（全文）",
    "all of it credited to the sources above": "均已计入上列文献",
    "also on: %(source)s": "还见于：%(source)s",
    "(also: %(sources)s)": "（另见：%(sources)s）",
    "(in: %(parts)s)": "（位于：%(parts)s）",
    "Parts of the document": "文档各部分",
    "text of the uploaded .docx outside its running text, counted like the rest": "上传 .docx 中正文以外的文字，与正文一样计入检测",
    "Part": "部分",
    "Passages found there": "其中发现的段落",
    "table": "表格",
    "text box": "文本框",
    "header": "页眉",
    "footnote": "脚注",
    "endnote": "尾注",
    "document parts": "文档各部分",
}

PLURALS = {}
