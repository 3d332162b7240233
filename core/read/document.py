"""What a reader hands to the pipeline: one article's raw text and whatever metadata the format had."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    file_name: str  # as the user knows it, no folder; archive members as "archive.zip:member.txt"
    text: str  # decoded text, paragraphs separated by newlines
    fmt: str  # "txt", "md", "html", "pdf", "docx"
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" when the format carried one
    author: str | None = None
    source: str | None = None  # publisher / site name when the format carried one
    url: str | None = None  # where a fetched article came from (stored in `articles.url`)
