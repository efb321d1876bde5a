"""Printed documents and spreadsheets: one shape for every download.

Every renderer returns a ``Document`` — ``(filename, content_type, bytes)`` — and views answer
with ``document_response``. PDFs are rendered by WeasyPrint from a template under
``templates/documents/`` with one shared font configuration; spreadsheets are written by openpyxl
from rows, in write-only mode so a large export does not hold every cell in memory.
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Document(NamedTuple):
    filename: str
    content_type: str
    content: bytes


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template: str, context: dict, *, filename: str) -> Document:
    """Render ``template`` with ``context`` to a PDF. Static files (the print stylesheet) are
    resolved from the project's static folder, never fetched over the network."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    base_url = str(settings.BASE_DIR / "static")
    content = HTML(string=html, base_url=base_url).write_pdf(font_config=_font_config())
    return Document(filename, PDF, content)


# A cell that begins with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Make text safe to open in Excel: a leading formula character is escaped with «'»."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(sheet, value):
    """Dates print as 30.08.2023, as Russian spreadsheets show them; text is made inert."""
    if isinstance(value, datetime.date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    return inert(value)


def render_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]], *, filename: str
) -> Document:
    """Write sheets of ``(title, header, rows)`` to an XLSX file. Text cells are made inert."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for label in header:
            cell = WriteOnlyCell(sheet, value=str(label))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Document(filename, XLSX, buffer.getvalue())


def document_response(document: Document, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=not inline, filename=document.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
