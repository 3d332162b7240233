"""From a reader's raw text to an article: title, date, source and a body free of site chrome.

Users paste news as they find it: a line of site navigation, the headline, a dateline such as
"13:09, February 28, 2024   Source: Shanghai Securities News", the story, an editor line and a
disclaimer. The patterns for chrome, editor lines and disclaimers are data (`data/cleaning.yaml`).
The headline is kept as the body's first paragraph so that what it names is counted.

A disclaimer is removed only as the article's closing block: from a line that opens one ("Risk
warning:", "Disclaimer", ...) to the end, when everything after it is boilerplate too. The same
words in the middle of a story are kept, and so is everything after them. What cleaning removed
is counted (`Article.chars_removed`), so a user can see how much of a file did not reach the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.datafiles import read_yaml
from core.read.document import Document

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_PATTERNS = [
    re.compile(r"(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>\d{1,2})[-/.](?P<day>\d{1,2})"),
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<mnum>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)", re.I),
]
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Article:
    title: str
    published: str  # ISO date or ""
    source: str
    language: str
    body: str  # headline first, then paragraphs, separated by "\n"
    chars_removed: int = 0  # characters of the lines cleaning dropped (chrome, dateline, disclaimer)


@dataclass(frozen=True)
class _Patterns:
    chrome: tuple[re.Pattern[str], ...]
    editor: tuple[re.Pattern[str], ...]
    disclaimer: tuple[re.Pattern[str], ...]
    disclaimer_text: tuple[re.Pattern[str], ...]
    source: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def _patterns(data_dir: Path) -> _Patterns:
    raw = read_yaml(data_dir / "cleaning.yaml")

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.I) for p in raw.get(key) or [])
    return _Patterns(compile_all("chrome"), compile_all("editor"), compile_all("disclaimer"),
                     compile_all("disclaimer_text"), compile_all("source"))


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first calendar date in `text` as ISO "YYYY-MM-DD" with its span, or None."""
    best: tuple[str, tuple[int, int]] | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        month = int(m["mnum"]) if "mnum" in m.groupdict() and m["mnum"] else MONTHS.get(m["month"].lower().rstrip("."), 0)
        day, year = int(m["day"]), int(m["year"])
        if 1 <= month <= 12 and 1 <= day <= 31 and (best is None or m.start() < best[1][0]):
            best = (f"{year:04d}-{month:02d}-{day:02d}", m.span())
    return best


def detect_language(text: str) -> str:
    """"zh" when Chinese characters make up a good share of the letters, else "en"."""
    sample = text[:5000]
    cjk = len(_CJK.findall(sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    return "zh" if cjk and cjk * 2 >= latin * 0.5 else "en"


def _is_dateline(line: str, patterns: _Patterns) -> bool:
    """A short line that is mostly a date, a time and a source: not a sentence of the story."""
    found = find_date(line)
    if not found and not any(p.search(line) for p in patterns.source):
        return False
    rest = line
    if found:
        rest = rest[: found[1][0]] + rest[found[1][1]:]
    for p in patterns.source:
        rest = p.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    return len(re.findall(r"\w+", rest)) <= 4


def _find_source(line: str, patterns: _Patterns) -> str:
    for p in patterns.source:
        m = p.search(line)
        if m:
            return m["name"].strip(" .,;")
    return ""


def _looks_like_headline(line: str) -> bool:
    return 3 <= len(line) <= 200 and not line.endswith((".", "。", ":", "：")) and not line.startswith(("(", "（"))


def _closing_block(lines: list[str], patterns: _Patterns) -> int:
    """Where the closing disclaimer block starts (len(lines) when there is none): the first line
    that opens a disclaimer and is followed by nothing but boilerplate to the end."""
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line:
            continue
        if any(p.search(line) for p in patterns.disclaimer):
            start = i
        elif not _is_boilerplate(line, patterns):
            break
    return start


def _is_boilerplate(line: str, patterns: _Patterns) -> bool:
    """A line that may close an article after a disclaimer: chrome, an editor line, disclaimer prose."""
    return any(p.search(line) for group in (patterns.chrome, patterns.editor, patterns.disclaimer_text)
               for p in group)


def clean_document(doc: Document, data_dir: Path) -> Article:
    """Split a document into headline, date, source and body; metadata from the format wins."""
    patterns = _patterns(data_dir)
    lines = [" ".join(line.split()) for line in doc.text.replace("\r", "\n").split("\n")]
    end = _closing_block(lines, patterns)
    removed = sum(len(line) for line in lines[end:])
    kept: list[str] = []
    published, source, dateline_at = doc.published or "", doc.source or "", -1
    for line in lines[:end]:
        if not line:
            continue
        if any(p.search(line) for p in patterns.chrome) or any(p.search(line) for p in patterns.editor):
            removed += len(line)
            continue
        if dateline_at < 0 and len(kept) <= 3 and _is_dateline(line, patterns):
            found = find_date(line)
            published = published or (found[0] if found else "")
            source = source or _find_source(line, patterns)
            dateline_at = len(kept)
            removed += len(line)
            continue
        kept.append(line)
    title = (doc.title or "").strip()
    if not title and kept:
        # The headline is the line just above the dateline, or the first line when it looks like one.
        at = dateline_at - 1 if dateline_at > 0 else 0
        if _looks_like_headline(kept[at]) and (len(kept) > 1):
            title = kept.pop(at)
    elif title and kept and kept[0].strip() == title:
        kept.pop(0)
    body_lines = ([title] if title else []) + kept
    body = "\n".join(body_lines)
    if not published:
        found = find_date("\n".join(kept[:3]))
        published = found[0] if found else ""
    return Article(title=title, published=published, source=source, language=detect_language(body), body=body,
                   chars_removed=removed)
