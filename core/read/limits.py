"""Refusals, size limits and file names: what every reader shares to turn bad input into one plain line."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Unicode categories dropped from file names: controls, invisible formatting (bidi overrides can
# disguise an extension) and line separators (a reason must stay one line).
INVISIBLE = ("Cc", "Cf", "Zl", "Zp")


class Refused(Exception):
    """Raised inside a format reader; `_read` turns it into an `UnreadableFile` for the file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Budget:
    """Shared by an archive and every archive nested in it, so nesting cannot multiply the limits."""

    bytes_left: int
    members_left: int


def clean_name(name: str) -> str:
    """Base name only, without control or invisible formatting characters (they can spoof names)."""
    base = str(name).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in INVISIBLE).strip()
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[:180]}.{ext[:15]}" if dot and len(ext) <= 15 else base[:200]
    return base if base not in ("", ".", "..") else "unnamed file"


def human_size(n: float) -> str:
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n)} bytes"


def too_big(size: int, limit: int) -> str:
    return f"file is {human_size(size)}, over the {human_size(limit)} limit"


def too_long(chars: int, limit: int) -> str:
    def millions(n: int) -> str:
        return f"{n / 1e6:.1f}".removesuffix(".0") + " million" if n >= 1_000_000 else f"{n:,}"
    return f"text is {millions(chars)} characters, over the {millions(limit)}-character limit for one article"
