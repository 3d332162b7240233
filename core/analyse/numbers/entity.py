"""Which fund, fund house, company or product a figure is about, from the mentions of its sentence.

"The T-Rex 2x Long Nvidia Daily Target ETF, a $488.4 million fund, drew $7.6 million" gives both
figures to the ETF; "Micron shares jumped to $263" gives the price to Micron. The entity is the
nearest one named before the figure in its own clause and after the figure before it, else the
subject that opens the sentence. A source ("according to Morgan Stanley", "IDC expects") or a
name that only qualifies funds ("Nvidia ETFs") is never what a figure is about, and a sentence
that names no such entity gives none. Pure: sentence text and offsets in, names out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analyse.numbers.subject import COMPARED_RE, RELATIVE_RE

ABOUT_TYPES = frozenset({"FUND", "FUND_HOUSE", "COMPANY", "PRODUCT"})
_OPENING_WORDS = 4  # words of its own clause before a sentence's subject: "the", "Among them,"
_OPENING_PHRASE = 10  # words of the whole sentence before it: "Among the chip ETFs listed at home, X"
_OPENING_RE = re.compile(
    r"\s*(?:as\s+of|among|in|on|at|by|since|after|before|during|over|for|from|with|despite|although|unlike|"
    r"compared\s+with|截至|截止|在|其中|此外|同时|另外|从|相比)", re.IGNORECASE)
_WORD_RE = re.compile(r"[\u4e00-\u9fff]{1,2}|[^\W\d_\u4e00-\u9fff]+|\d+")  # Chinese: two characters make about one word
_CLAUSE_BREAK_RE = re.compile(r"[，；;：]|[,:](?=\s)|\s[-–—]\s")
_SOURCE_BEFORE_RE = re.compile(
    r"(?:according\s+to|data\s+from|figures\s+from|estimates\s+(?:from|by)|calculation\s+of|research\s+(?:from|by)|"
    r"survey\s+by|report\s+(?:from|by)|cited\s+by|(?:analysts?|economists?|strategists?)\s+(?:at|from|with)|据|根据)"
    r"\s*(?:the\s+)?[^,，;；]{0,20}$",
    re.IGNORECASE,
)
_SOURCE_AFTER_RE = re.compile(
    r"^[’'s\s]*(?:\([^)]{0,20}\)\s*)?(?:said|says|say|expects?|expected|estimates?|estimated|forecasts?|"
    r"predicts?|predicted|projects?|projected|believes?|reckons?|sees|noted|notes|told|reported|analysts?|"
    r"pointed\s+out|points\s+out|warned|warns|cautioned|stressed|stresses|emphasi[sz]ed|argued|argues|wrote|writes|"
    r"stated|commented|indicated|observed|explained|"
    r"data|research|calculat\w*)\b|^(?:预计|预测|认为|表示|指出|强调|提示|称|数据|测算|统计|显示)",
    re.IGNORECASE,
)


_OTHER_NAME_RE = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z]")  # "... against 12% for the KOSPI"


@dataclass(frozen=True)
class Named:
    """One mention inside a sentence: offsets relative to the sentence text."""

    start: int
    end: int
    entity: str
    entity_type: str


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(text)
    for m in _CLAUSE_BREAK_RE.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


# "Nvidia ETFs", "AI-themed funds": a name that only says what funds or an index hold.
_MODIFIER_AFTER_RE = re.compile(r"^(?:-\w+)?\s*(?:ETFs?|ETPs?|funds?|index|indices|indexes|sector|概念|板块|指数)\b",
                                re.IGNORECASE)


def _is_source(text: str, n: Named) -> bool:
    """A source of the figure ("according to X", "X expects"), or a name used as a modifier."""
    if n.entity_type != "FUND" and _MODIFIER_AFTER_RE.match(text[n.end:n.end + 12]):
        return True
    return bool(_SOURCE_BEFORE_RE.search(text[max(0, n.start - 60):n.start])
                or _SOURCE_AFTER_RE.match(text[n.end:n.end + 30]))


def _opens_sentence(text: str, n: Named) -> bool:
    """The mention is the sentence's subject: a few words into the first clause, or into the
    second after an opening phrase ("As of March 18, the CSI Robot Index rose ...")."""
    lo, _ = _clause(text, n.start, n.end)
    if len(_WORD_RE.findall(text, lo, n.start)) > _OPENING_WORDS:
        return False
    return lo == 0 or (bool(_OPENING_RE.match(text)) and len(_CLAUSE_BREAK_RE.findall(text, 0, lo)) == 1
                       and len(_WORD_RE.findall(text, 0, n.start)) <= _OPENING_PHRASE)


def figure_entities(text: str, figures: list[tuple[int, int]], mentions: list[Named]) -> list[str]:
    """For each figure (start, end) of one sentence, the canonical entity it is about, or ""."""
    named = [n for n in mentions if n.entity_type in ABOUT_TYPES and not _is_source(text, n)]
    # A house inside its fund's name is part of that name: the fund is what is named.
    named = sorted((n for n in named if not any(o is not n and o.start <= n.start and n.end <= o.end
                                                 and (o.end - o.start) > (n.end - n.start) for o in named)),
                   key=lambda n: (n.start, n.end))
    subject = next((n for n in named if _opens_sentence(text, n)), None)
    out: list[str] = []
    previous_end, previous_lo = 0, -1
    for start, end in figures:
        inside = [n for n in named if n.start <= start and end <= n.end and n.entity_type == "FUND"]
        if inside:  # "2x" in "GraniteShares 2x Long NVDA Daily ETF": a figure of the fund's name
            out.append(inside[0].entity)
            continue
        lo, _ = _clause(text, start, end)
        # A name before the previous figure is that figure's: "X (92.5%), followed by Y (88.5%)".
        before = [n for n in named if max(lo, previous_end) <= n.start and n.end <= start]
        same_clause = lo == previous_lo
        # "returned 31% against 12% for the index": the yardstick is not the fund's
        yardstick = (previous_end > 0 and bool(COMPARED_RE.search(text, previous_end, start))
                     and bool(_OTHER_NAME_RE.match(text, end)))
        previous_end, previous_lo = end, lo
        if before:
            out.append(before[-1].entity)
        elif yardstick:
            out.append("")
        elif RELATIVE_RE.match(text, lo):
            # "..., ahead of the CSI 300 index, which rose 14.2%": about the noun before the comma
            out.append(next((n.entity for n in reversed(named) if lo - 25 <= n.end < lo), ""))
        elif same_clause and out:  # "cut its weighting from 18% to 11%": the pair shares its entity
            out.append(out[-1])
        elif subject is not None and subject.end <= start:
            out.append(subject.entity)
        else:
            out.append("")
    return out
