"""Metadata values as the formats carry them, normalised: ISO dates, one-line strings."""
from __future__ import annotations

import re
from datetime import datetime


def iso_date(value: object) -> str | None:
    """The YYYY-MM-DD part of a date or date-like string, or None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", str(value or "").strip())
    return match.group(1) if match else None


def one_line(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None
