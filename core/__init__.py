"""AI fund news tracker: article files in, canonical tables out.

    from core import analyze, extract_numbers
    tables = analyze(text, file_name="story.txt")
    tables.mentions  # one row per entity mention, canonical names
"""
from __future__ import annotations

import logging

from core.errors import NewsError, StoreBusy, UnreadableFile
from core.numbers import extract_numbers
from core.pipeline import analyze
from core.settings import Settings
from core.tables import Tables

__all__ = ["analyze", "extract_numbers", "Settings", "Tables", "NewsError", "UnreadableFile", "StoreBusy"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
