"""AI fund news tracker: article files in, canonical tables out.

    from core import analyze, extract_numbers
    tables = analyze(text, file_name="story.txt")
    tables.mentions  # one row per entity mention, canonical names

The pipeline (spaCy and the gazetteer) is imported on first use of `analyze` or
`extract_numbers`, so modules that only read the database, such as the dashboard's queries,
start without it.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from core.errors import NewsError, StoreBusy, UnreadableFile
from core.settings import Settings

if TYPE_CHECKING:
    from core.analyse.numbers import extract_numbers
    from core.analyse.pipeline import analyze
    from core.tables import Tables

__all__ = ["analyze", "extract_numbers", "Settings", "Tables", "NewsError", "UnreadableFile", "StoreBusy"]

_LAZY = {"analyze": "core.analyse.pipeline", "extract_numbers": "core.analyse.numbers", "Tables": "core.tables"}

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'core' has no attribute {name!r}")
