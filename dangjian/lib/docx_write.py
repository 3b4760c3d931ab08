"""Write a simple Word document: a heading and a table (award lists, name lists).

python-docx rather than a template: the lists are plain tables a department prints or
pastes into its own circular, and python-docx writes them without a Word installation.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def table_document(title: str, headers: list[str], rows: Iterable[Iterable]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
