"""What the sentence says about an amount: its year and its kind (forecast, actual, change, count, other)."""
from __future__ import annotations

import re
from bisect import bisect_right

from core.analyse.numbers.tokens import _Cand

_YEAR_RE = re.compile(r"(?:(?<=FY)|(?<![A-Za-z0-9$€£¥.,]))(?P<y>(?:19|20)[0-9]{2})(?![0-9]|\.[0-9]|,[0-9])")
_RELATIVE_YEAR_RE = re.compile(
    r"\b(?P<w>last|previous|prior|this|current|next|coming)(?:\s+fiscal)?\s+year\b|\ba\s+year\s+(?:ago|earlier)\b"
    r"|(?P<cn>去年|今年|明年)",
    re.IGNORECASE,
)
_RELATIVE_OFFSETS = {"last": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "next": 1,
                     "coming": 1, "去年": -1, "今年": 0, "明年": 1}
_BASE_YEAR_RE = re.compile(
    r"(?:from|since|than|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:the|same|period|year|fiscal|in|of)\s+)*$",
    re.IGNORECASE,
)
_SEGMENT_BREAK_RE = re.compile(r";|；|\bwhile\b|\bwhereas\b|,\s+(?:and|but|which)\b|\bbut\b", re.IGNORECASE)
_FORECAST_RE = re.compile(
    r"\b(?:expect(?:s|ed|ing|ation|ations)?|forecast(?:s|ed|ing)?|project(?:s|ed|ion|ions)|"
    r"predict(?:s|ed|ion|ions)?|estimat(?:e|es|ed)|anticipat(?:e|es|ed)|will|shall|outlook|"
    r"guidance|target(?:s|ed)?|(?:is|are)\s+set\s+to|on\s+track\s+to|likely\s+to|poised\s+to|"
    r"(?:could|may|might)\s+(?:reach|hit|exceed|top)|to\s+reach|by\s+(?:the\s+end\s+of\s+)?20[0-9]{2})\b"
    r"|预计|预期|预测|有望|将|到20[0-9]{2}年",
    re.IGNORECASE,
)
_CHANGE_VERBS = (
    r"increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|gr(?:ew|ow|ows|own|owing)|gain(?:s|ed)?|"
    r"jump(?:s|ed)?|climb(?:s|ed)?|surg(?:e|es|ed)|soar(?:s|ed)?|rall(?:y|ies|ied)|advanc(?:e|es|ed)|"
    r"add(?:s|ed)?|fell|fall(?:s|en)?|drop(?:s|ped)?|declin(?:e|es|ed)|decreas(?:e|es|ed)|slid|"
    r"slip(?:s|ped)?|plung(?:e|es|ed)|plummet(?:s|ed)?|tumbl(?:e|es|ed)|sank|sink(?:s)?|slump(?:s|ed)?|"
    r"lost|los(?:e|es)|shed|dip(?:s|ped)?|eas(?:e|es|ed)|edg(?:e|es|ed)|improv(?:e|es|ed)|"
    r"boost(?:s|ed)?|lift(?:s|ed)?|cut|reduc(?:e|es|ed)|shr(?:ank|ink|inks)|expand(?:s|ed)?|"
    r"doubl(?:e|es|ed)|tripl(?:e|es|ed)|(?<!make )(?<!makes )(?<!made )(?<!making )up|down|higher|lower|growth|gains?|losses?|"
    r"增长|增加|上升|上涨|提升|提高|下降|下跌|减少|降低|同比|环比|增幅|涨幅|增速"
)
# "raised 5%" is a change; "raised $5 billion" is usually a funding round, so money leaves it out.
_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b|(?<=[\u4e00-\u9fff]))(?:{_CHANGE_VERBS}|rais(?:e|es|ed|ing)|hik(?:e|es|ed))(?![a-z])",
    re.IGNORECASE,
)
_CHANGE_AFTER_RE = re.compile(
    r"\s*(?:increase|rise|gain|growth|jump|drop|decline|decrease|fall|surge|higher|lower|more|less|up|"
    r"down|year[\s-]on[\s-]year|yoy|y/y|from\s+a\s+year|on\s+the\s+year|over\s+the\s+(?:previous|prior|"
    r"last|same)|to\b)(?![a-z])",
    re.IGNORECASE,
)
# "up from $9.5 billion": the base a forecast starts from is a reported figure.
_FROM_BEFORE_RE = re.compile(
    r"\b(?:from|versus|vs\.?|compared\s+(?:with|to))\s+(?:(?:about|around|nearly|almost|roughly|an?|estimated)\s+)*$",
    re.IGNORECASE,
)
_MONEY_CHANGE_AFTER_RE = re.compile(r"\s*(?:increase|rise|gain|drop|decline|decrease|more|less)\b", re.IGNORECASE)
# "grew 12.5% to $687 billion": the rate and the level it leads to are one statement.
_RATE_TO_LEVEL_RE = re.compile(
    r"\s*,?\s*to\s+(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"an\s+estimated|a\s+record)\s+)*",
    re.IGNORECASE,
)
_LEVEL_RE = re.compile(r"\b(?:to|at|from)\b", re.IGNORECASE)
_MONEY_CHANGE_BEFORE_RE = re.compile(
    rf"(?:\b(?:{_CHANGE_VERBS})|\b(?:increase|rise|gain|drop|decline|decrease|growth|jump|fall|cut)\s+of)"
    r"\s+(?:by\s+)?(?:(?:about|around|nearly|almost|roughly|approximately|some|over|more\s+than|"
    r"less\s+than|just|only|as\s+much\s+as|a\s+further|another|an\s+additional)\s+)*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(r"[，；;：]|[,:](?=\s)")


def _year_mentions(text: str, default_year: int | None) -> list[tuple[int, int, int, bool]]:
    """(start, end, year, is_base) for every year in the text; "from 2022" is a base year."""
    out = []
    for m in _YEAR_RE.finditer(text):
        base = bool(_BASE_YEAR_RE.search(text, max(0, m.start() - 30), m.start()))
        out.append((m.start(), m.end(), int(m.group("y")), base))
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


_CAGR_RE = re.compile(r"compound(?:ed)? annual (?:growth|increase)(?: rate)?|\bCAGR\b"
                      r"|复合(?:年)?增长率|年复合增(?:长|速)|年均复合", re.I)
_YEAR_IN_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _kind(text: str, c: _Cand, lo: int, hi: int, year: int | None, default_year: int | None,
          previous_end: int) -> str:
    """forecast / change / actual for money, change / forecast / other for rates, forecast / count.

    Change cues are read only after the previous quantity, so "rose 5%, ranking in the top 3%"
    does not make the second figure a change.
    """
    seg_lo, seg_hi = _segment(text, lo, hi, c.start)
    past = year is not None and default_year is not None and year < default_year
    future = year is not None and default_year is not None and year > default_year
    forecast_cue = bool(_FORECAST_RE.search(text, seg_lo, seg_hi)) and not past
    before = text[max(seg_lo, previous_end, c.start - 60):c.start]
    if c.unit == "%" and _CAGR_RE.search(text, max(lo, c.start - 40), min(hi, c.end + 30)):
        # A compound growth rate over years to come is part of the forecast it comes with.
        later = any(default_year is not None and int(y) > default_year for y in _YEAR_IN_RE.findall(text, lo, hi))
        return "forecast" if forecast_cue or future or later else "change"
    if c.unit in ("%", "x", "pp", "bp"):
        cues = list(_CHANGE_BEFORE_RE.finditer(before))
        if cues and not _LEVEL_RE.search(before, cues[-1].end()):
            return "change"
        if _CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "forecast" if forecast_cue else "other"
    if c.unit:
        if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
            return "forecast"
        if _MONEY_CHANGE_BEFORE_RE.search(before) or _MONEY_CHANGE_AFTER_RE.match(text, c.end, seg_hi):
            return "change"
        return "actual"
    # A count is measured like money: "will ship 48 million units in 2024" is a forecast even in 2024.
    if future or (forecast_cue and not _FROM_BEFORE_RE.search(before)):
        return "forecast"
    return "count"


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

    The year nearest in the figure's clause, else in its part of the sentence up to ";", else the
    previous figure's year when the clause just carries that figure on, else anywhere in the
    sentence. A rate that leads to a level ("12.5% to $687 billion in 2025") takes the level's year.
    """
    years: list[int | None] = []
    for k, (c, (lo, hi, clause_lo, clause_hi)) in enumerate(zip(kept, contexts, strict=True)):
        year = _nearest_year(mentions, c, clause_lo, clause_hi)
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
