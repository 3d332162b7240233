"""What the sentence says about an amount: its year and its kind (forecast, actual, change, count, other)."""
from __future__ import annotations

import re
from bisect import bisect_right

from core.analyse.numbers.cues import (
    _CAGR_RE,
    _CHANGE_AFTER_RE,
    _CHANGE_BEFORE_RE,
    _CLAUSE_BREAK_RE,
    _FLOW_AFTER_RE,
    _FLOW_BEFORE_RE,
    _FORECAST_RE,
    _FROM_BEFORE_RE,
    _LEVEL_RE,
    _MONEY_CHANGE_AFTER_RE,
    _MONEY_CHANGE_BEFORE_RE,
    _PLAN_GAP,
    _PLAN_RE,
    _PLEDGE_AFTER_RE,
    _PLEDGE_BEFORE_RE,
    _RATE_TO_LEVEL_RE,
    _RESPECTIVELY_RE,
    _RETURN_AFTER_RE,
    _RETURN_ANYWHERE_RE,
    _RETURN_BEFORE_RE,
    _SIZE_AFTER_RE,
    _SIZE_BEFORE_RE,
)
from core.analyse.numbers.tokens import _Cand
from core.analyse.numbers.units import _CURRENCY_UNITS

_YEAR_RE = re.compile(r"(?:(?<=FY)|(?<![A-Za-z0-9$€£¥.,]))(?P<y>(?:19|20)[0-9]{2})(?![0-9]|\.[0-9]|,[0-9])")
_RELATIVE_YEAR_RE = re.compile(
    r"\b(?P<w>last|previous|prior|this|current|next|coming)(?:\s+fiscal)?\s+year\b|\ba\s+year\s+(?:ago|earlier)\b"
    r"|(?P<cn>去年|今年|明年)",
    re.IGNORECASE,
)
_RELATIVE_OFFSETS = {"last": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "next": 1,
                     "coming": 1, "去年": -1, "今年": 0, "明年": 1}
_THIS_PERIOD_RE = re.compile(r"\b(?:this|the|that)\s+(?:report(?:ing)?\s+)?period\b|本期|报告期(?:内)?", re.IGNORECASE)
# A sentence that dates a period ("During the report period (October 1 to December 31, 2025)").
PERIOD_WORDS_RE = re.compile(r"\b(?:period|quarter|half[\s-]year)\b|报告期|季度|期间|上半年|下半年", re.IGNORECASE)
YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?!\d)")
_BASE_YEAR_RE = re.compile(
    r"(?:from|since|than|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:the|same|period|year|fiscal|in|of)\s+)*$",
    re.IGNORECASE,
)
_POSTFIX_YEAR_RE = re.compile(
    r"\s*(?:\(\s*|,?\s*(?:in|by|for|through|until|till|as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of|"
    r"in\s+the\s+year)\s+(?:(?:fiscal(?:\s+year)?|FY)\s*)?)(?P<y>(?:19|20)[0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
_SEGMENT_BREAK_RE = re.compile(r";|；|\bwhile\b|\bwhereas\b|,\s+(?:and|but|which)\b|\bbut\b", re.IGNORECASE)
def _year_mentions(text: str, default_year: int | None, period_year: int | None = None) -> list[tuple[int, int, int, bool]]:
    """(start, end, year, is_base) for every year in the text; "from 2022" is a base year; "this
    period" is the period dated last, in the text or before it (`period_year`)."""
    out = []
    for m in _YEAR_RE.finditer(text):
        base = bool(_BASE_YEAR_RE.search(text, max(0, m.start() - 30), m.start()))
        out.append((m.start(), m.end(), int(m.group("y")), base))
    explicit = [(s, y) for s, _, y, _ in out]
    for m in _THIS_PERIOD_RE.finditer(text):  # "the realized income of this period": the period last dated
        k = bisect_right(explicit, (m.start(), 10_000)) - 1
        dated = explicit[k][1] if k >= 0 else period_year
        if dated is not None:
            out.append((m.start(), m.end(), dated, False))
    if default_year is not None:
        for m in _RELATIVE_YEAR_RE.finditer(text):
            word = (m.group("w") or m.group("cn") or "last").lower()
            base = bool(_BASE_YEAR_RE.search(text, max(0, m.start() - 30), m.start()))
            out.append((m.start(), m.end(), default_year + _RELATIVE_OFFSETS.get(word, -1), base))
    out.sort()
    return out


def _nearest_year(mentions: list[tuple[int, int, int, bool]], c: _Cand, lo: int, hi: int) -> int | None:
    """The year mentioned nearest to c within [lo, hi); a base year only when there is no other."""
    best: tuple[bool, int] | None = None
    year = None
    for ys, ye, y, base in mentions[bisect_right(mentions, (lo, -1, -1, False)):]:
        if ys >= hi:
            break
        if ye > hi:
            continue
        dist = c.start - ye if ye <= c.start else ys - c.end
        key = (base, max(dist, 0))
        if best is None or key < best:
            best, year = key, y
    return year


def _segment(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """The part of the sentence [lo, hi) that holds pos, cut at ";", "while", ", but", ", which"."""
    seg_lo, seg_hi = lo, hi
    for m in _SEGMENT_BREAK_RE.finditer(text, lo, hi):
        if m.end() <= pos:
            seg_lo = m.end()
        elif m.start() >= pos:
            seg_hi = m.start()
            break
    return seg_lo, seg_hi


_YEAR_IN_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


# Cue words that open a sentence as a name more often than as a question: "Will Rhind said ...".
_NAME_LIKE_CUES = frozenset({"will", "shall", "target", "projects", "project"})


def _forecast_cue(text: str, seg_lo: int, seg_hi: int, lo: int) -> bool:
    """A forecast word in the segment; capitalised inside a sentence it is a name ("Will Rhind",
    "Daily Target ETF"), not a cue."""
    for m in _FORECAST_RE.finditer(text, seg_lo, seg_hi):
        first = m.group()[0]
        opens = not text[lo:m.start()].strip(" \"'“‘(")  # "Expected to ...", "By 2030, ..."
        if first.islower() or not first.isascii() or (opens and m.group().lower() not in _NAME_LIKE_CUES):
            return True
    return False


def _kind(text: str, c: _Cand, lo: int, hi: int, year: int | None, default_year: int | None,
          previous_end: int) -> str:
    """forecast / change / actual / other for money, change / forecast / other for rates, forecast / count.

    Read from the figure's clause first: a return ("returned 56%", "its return came to 112%") is a
    change, a fund's size or flows ("a $488 million fund", "drew $7.6 million of inflows") are
    actual, spending planned for a year not yet over is a forecast, and a pledge to invest is
    neither ("other"). Change cues are read only after the previous quantity, so "rose 5%,
    ranking in the top 3%" does not make the second figure a change.
    """
    seg_lo, seg_hi = _segment(text, lo, hi, c.start)
    clause_lo, clause_hi = _clause(text, lo, hi, c)
    past = year is not None and default_year is not None and year < default_year
    future = year is not None and default_year is not None and year > default_year
    forecast_cue = _forecast_cue(text, seg_lo, seg_hi, lo) and not past
    before = text[max(seg_lo, previous_end, c.start - 60):c.start]
    own = text[max(clause_lo, previous_end, c.start - 120):c.start]  # the clause up to the figure
    if c.unit == "%" and _CAGR_RE.search(text, max(lo, clause_lo, c.start - 120), min(hi, c.end + 30)):
        # A compound growth rate over years to come is part of the forecast it comes with.
        later = any(default_year is not None and int(y) > default_year for y in _YEAR_IN_RE.findall(text, lo, hi))
        return "forecast" if forecast_cue or future or later else "change"
    if c.unit in ("%", "x", "pp", "bp"):
        if c.unit == "%" and (_RETURN_BEFORE_RE.search(own) or _RETURN_AFTER_RE.match(text, c.end, clause_hi)):
            return "change"
        if c.unit == "%" and _RESPECTIVELY_RE.search(text, c.end, seg_hi) and _RETURN_ANYWHERE_RE.search(
                text, seg_lo, c.start):  # "the growth rate in one, three and five years was 65%, 122% and 65% respectively"
            return "change"
        cues = list(_CHANGE_BEFORE_RE.finditer(before))
        if cues and not _LEVEL_RE.search(before, cues[-1].end()):
            return "change"
        if _CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "forecast" if forecast_cue else "other"
    if c.unit in _CURRENCY_UNITS:
        if _PLEDGE_BEFORE_RE.search(own) or _PLEDGE_AFTER_RE.match(text, c.end, seg_hi):
            return "other"
        if year is not None and default_year is not None and year >= default_year \
                and _PLAN_RE.search(text, max(clause_lo, c.start - _PLAN_GAP), c.start):
            return "forecast"
        level = (_FLOW_BEFORE_RE.search(own) or _FLOW_AFTER_RE.match(text, c.end, clause_hi)
                 or _SIZE_BEFORE_RE.search(own) or _SIZE_AFTER_RE.match(text, c.end, clause_hi))
        if level and not future and not _forecast_cue(text, clause_lo, clause_hi, lo):
            return "actual"
        if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
            return "forecast"
        if _MONEY_CHANGE_BEFORE_RE.search(before) or _MONEY_CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "actual"
    # A count is measured like money: "will ship 48 million units in 2024" is a forecast even in 2024.
    if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
        return "forecast"
    return "count"


_OUT_RE = re.compile(r"outflow|redemption|redeem|净流出|流出|赎回", re.IGNORECASE)


def _fact(text: str, c: _Cand, lo: int, hi: int, kind: str) -> str:
    """What a fund's figure is when its clause says so: "assets", "inflows", "outflows" or
    "return"; "" otherwise. Named so that a figure with no other subject still says what it is."""
    clause_lo, clause_hi = _clause(text, lo, hi, c)
    own = text[max(clause_lo, c.start - 60):c.start]
    if c.unit == "%":
        hit = kind == "change" and (_RETURN_BEFORE_RE.search(own) or _RETURN_AFTER_RE.match(text, c.end, clause_hi))
        return "return" if hit else ""
    if c.unit not in _CURRENCY_UNITS or kind != "actual":
        return ""
    flow = _FLOW_BEFORE_RE.search(own) or _FLOW_AFTER_RE.match(text, c.end, clause_hi)
    if flow:
        return "outflows" if _OUT_RE.search(flow.group()) else "inflows"
    if _SIZE_BEFORE_RE.search(own) or _SIZE_AFTER_RE.match(text, c.end, clause_hi):
        return "assets"
    return ""


def _clause(text: str, lo: int, hi: int, c: _Cand) -> tuple[int, int]:
    """The comma clause of the sentence [lo, hi) that holds quantity c."""
    c_lo, c_hi = lo, hi
    for m in _CLAUSE_BREAK_RE.finditer(text, lo, hi):
        if m.end() <= c.start:
            c_lo = m.end()
        elif m.start() >= c.end:
            c_hi = m.start()
            break
    return c_lo, c_hi


def _years(text: str, kept: list[_Cand], contexts: list[tuple[int, int, int, int]],
           mentions: list[tuple[int, int, int, bool]], free: list[tuple[int, int, int, bool]]) -> list[int | None]:
    """The year each quantity refers to as the text says it (None when it says none).

    A year written right after the figure ("$500 billion in 2030", "$5bn (2024)"), else the year
    nearest in the figure's clause, else in its part of the sentence up to ";", else the
    previous figure's year when the clause just carries that figure on, else anywhere in the
    sentence. A rate that leads to a level ("12.5% to $687 billion in 2025") takes the level's year.
    """
    years: list[int | None] = []
    for k, (c, (lo, hi, clause_lo, clause_hi)) in enumerate(zip(kept, contexts, strict=True)):
        own = _POSTFIX_YEAR_RE.match(text, c.end, hi)  # "$500 billion in 2030": that year is this figure's
        year = int(own.group("y")) if own else _nearest_year(mentions, c, clause_lo, clause_hi)
        seg_lo, seg_hi = _segment(text, lo, hi, c.start)
        if year is None:
            year = _nearest_year(free, c, seg_lo, seg_hi)
        if year is None and k and kept[k - 1].start >= seg_lo \
                and not _FROM_BEFORE_RE.search(text, max(kept[k - 1].end, c.start - 60), c.start):
            # "48 million units in 2024, accounting for 18%", "$37 billion in 2023, an increase of
            # 26%". A base after "from" / "compared with" is another year, so it does not inherit.
            year = years[k - 1]
        if year is None:
            year = _nearest_year(free, c, lo, hi)
        years.append(year)
    for k in range(len(kept) - 1):
        c, nxt = kept[k], kept[k + 1]
        if c.unit in ("%", "pp", "bp") and years[k + 1] is not None and _RATE_TO_LEVEL_RE.fullmatch(
                text, c.end, nxt.start):
            years[k] = years[k + 1]
    return years
