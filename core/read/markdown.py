"""Markdown files: the text a reader sees, one paragraph per line, parsed by markdown-it-py.

Headings, paragraphs, list items, quotes and table rows become lines; emphasis, links, images
and inline HTML leave only their text. A leading YAML front-matter block (Jekyll, Hugo) is
metadata; otherwise the first heading, when it is of level 1, is the title.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from core.read.decode import decode
from core.read.document import Document
from core.read.limits import Refused
from core.read.lines import join_paragraphs, join_wrapped, normal_lines
from core.read.meta import iso_date, one_line

logger = logging.getLogger(__name__)

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)(?:\n|\Z)", re.S)
_FRONT_MATTER_KEYS = {"title": "title", "date": "published", "published": "published",
                      "author": "author", "source": "source", "publisher": "source"}
# CommonMark reads "2*3*4" as emphasis inside a word; in news text it is arithmetic.
_ARITHMETIC_STAR = re.compile(r"(?<=\d)\*(?=\d)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Metadata of a leading `---` block, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        raw: Any = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        logger.info("front matter is not YAML; dropped")
        raw = None
    meta: dict[str, str] = {}
    for key, value in (raw.items() if isinstance(raw, dict) else ()):
        field = _FRONT_MATTER_KEYS.get(str(key).strip().lower())
        if field and value is not None and field not in meta:
            meta[field] = str(value)
    return meta, text[match.end():]


def _inline_text(token: Token) -> str:
    """The words of an inline token: text and code kept, markup, images and HTML dropped."""
    lines = [""]
    for child in token.children or []:  # an image's alt text lives in its own children: skipped
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
    text = lines[0].strip()
    for line in lines[1:]:
        line = line.strip()
        text = join_wrapped(text, line) if text and line else text or line
    return " ".join(text.split())


def _blocks(tokens: Sequence[Token]) -> tuple[list[str], list[tuple[int, str]]]:
    """Lines of text in reading order, and the headings as (level, text)."""
    lines: list[str] = []
    headings: list[tuple[int, str]] = []
    row: list[str] | None = None
    level = 0
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1:])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                lines.append(" | ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            text = _inline_text(token)
            if row is not None:
                row.append(text)
            elif text:
                lines.append(text)
                if level:
                    headings.append((level, text))
            level = 0
        elif token.type in ("fence", "code_block"):
            lines += [line for line in token.content.splitlines() if line.strip()]
        elif token.type == "html_block":
            text = " ".join(_TAG.sub("", token.content).split())
            if text:
                lines.append(text)
    return lines, headings


def read_markdown(name: str, data: bytes) -> Document:
    meta, text = _front_matter("\n".join(normal_lines(decode(data))))
    lines, headings = _blocks(_PARSER.parse(_ARITHMETIC_STAR.sub(r"\\*", text)))
    body = join_paragraphs(lines)
    if not body:
        raise Refused("file is empty")
    title = one_line(meta.get("title")) or (headings[0][1] if headings and headings[0][0] == 1 else None)
    return Document(file_name=name, text=body, fmt="md", title=title, published=iso_date(meta.get("published")),
                    author=one_line(meta.get("author")), source=one_line(meta.get("source")))
