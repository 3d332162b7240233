"""PDF files: the text layer page by page, page numbers dropped, hard-wrapped lines joined."""
from __future__ import annotations

import io
import logging
import re

from pypdf import PasswordType, PdfReader

from core.read.document import Document
from core.read.limits import Refused
from core.read.lines import join_paragraphs, normal_lines, unwrap
from core.read.meta import iso_date, one_line

logger = logging.getLogger(__name__)


_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,4})?$"
                          r"|^第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?$", re.IGNORECASE)
# Authoring tools leave these as the PDF title; they are not the article's title.
_JUNK_PDF_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled)|\.(?:docx?|pdf|indd|pptx?|txt)$", re.IGNORECASE)


def read_pdf(name: str, data: bytes) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise Refused("not a valid PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner password alone only restricts printing or copying; an empty user password opens it.
            try:
                opened = reader.decrypt("")
            except Exception:  # e.g. AES without the optional crypto package
                logger.info("cannot decrypt %s", name, exc_info=True)
                opened = PasswordType.NOT_DECRYPTED
            if not opened:
                raise Refused("PDF is encrypted")
        pages = list(reader.pages)
    except Refused:
        raise
    except Exception:
        logger.info("pypdf cannot open %s", name, exc_info=True)
        raise Refused("PDF is damaged or truncated") from None
    if not pages:
        raise Refused("PDF has no pages")
    lines: list[str] = []
    failed = 0
    for page in pages:
        try:
            page_text = page.extract_text() or ""
        except Exception:
            logger.info("pypdf cannot extract a page of %s", name, exc_info=True)
            failed += 1
            continue
        page_lines = [line for line in normal_lines(page_text) if line]
        # Page numbers sit in the header or footer; a lone number mid-page may be a table figure.
        if page_lines and _PAGE_NUMBER.match(page_lines[-1]):
            page_lines.pop()
        if page_lines and _PAGE_NUMBER.match(page_lines[0]):
            page_lines.pop(0)
        lines.extend(page_lines)
    if failed == len(pages):
        raise Refused("PDF is damaged or truncated")
    text = join_paragraphs(unwrap(lines))
    if not text:
        raise Refused("PDF has no text layer (scanned?)")
    title = author = published = None
    try:
        info = reader.metadata
        if info is not None:
            title = one_line(info.title)
            author = one_line(info.author)
            published = iso_date(info.creation_date)
    except Exception:  # broken metadata must not cost the text
        logger.info("unreadable PDF metadata in %s", name, exc_info=True)
    if title and _JUNK_PDF_TITLE.search(title):
        title = None
    return Document(file_name=name, text=text, fmt="pdf", title=title, published=published, author=author)
