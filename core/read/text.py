"""Plain text files."""
from __future__ import annotations

from core.read.decode import decode
from core.read.document import Document
from core.read.limits import Refused
from core.read.lines import join_paragraphs, looks_hard_wrapped, normal_lines, unwrap


def read_text(name: str, data: bytes) -> Document:
    lines = normal_lines(decode(data))
    if looks_hard_wrapped(lines):
        lines = unwrap(lines)
    text = join_paragraphs(lines)
    if not text:
        raise Refused("file is empty")
    return Document(file_name=name, text=text, fmt="txt")
