"""Word (.docx) files: paragraphs and table rows in document order, core properties as metadata."""
from __future__ import annotations

import io
import logging
import zipfile
from datetime import UTC, datetime

import docx
from docx.table import Table

from core.read.document import Document
from core.read.limits import Refused, human_size
from core.read.lines import join_paragraphs, normal_lines
from core.read.meta import iso_date, one_line
from core.settings import Settings

logger = logging.getLogger(__name__)

# python-docx's blank template carries these; they say nothing about the article.
_DOCX_TEMPLATE_AUTHOR = "python-docx"
_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def read_docx(name: str, data: bytes, settings: Settings) -> Document:
    """Paragraphs and table rows in document order; core properties as metadata."""
    if not data.startswith(b"PK"):
        raise Refused("not a valid .docx file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # zipfile never returns more than a member's declared size, so the headers bound the expansion.
            expanded = sum(info.file_size for info in package.infolist())
    except Exception:
        logger.info("not a zip package: %s", name, exc_info=True)
        raise Refused("not a valid .docx file") from None
    if expanded > settings.zip_max_total_bytes:
        raise Refused(f"document expands beyond the {human_size(settings.zip_max_total_bytes)} limit")
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        styled_title: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_docx_table_rows(block))
                continue
            block_lines = normal_lines(block.text)
            lines.extend(block_lines)
            if styled_title is None and block.style is not None and block.style.name == "Title":
                styled_title = join_paragraphs(block_lines).replace("\n", " ") or None
        props = document.core_properties
        title = one_line(props.title) or styled_title
        author = one_line(props.author)
        created = props.created
    except Exception:
        logger.info("python-docx cannot read %s", name, exc_info=True)
        raise Refused("not a valid .docx file") from None
    text = join_paragraphs(lines)
    if not text:
        raise Refused("file is empty")
    if author == _DOCX_TEMPLATE_AUTHOR:
        author = None
    published = iso_date(created) if created and created != _DOCX_TEMPLATE_CREATED else None
    return Document(file_name=name, text=text, fmt="docx", title=title, published=published, author=author)


def _docx_table_rows(table: Table) -> list[str]:
    """One line per row, cells joined by " | "; merged cells repeat in python-docx, so each is kept once."""
    rows: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(line for line in normal_lines(cell.text) if line)
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
