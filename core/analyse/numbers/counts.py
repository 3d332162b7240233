"""Counts of things: "42 companies", "90 U.S.-issued exchange-traded funds", "7只机器人ETF", "3755个".

A count's unit is what is counted, from the `counted` tables of data/units.yaml ("funds",
"companies"), and its noun phrase names the subject. English puts up to four describing words
between the figure and the noun; Chinese puts a measure word (只, 家, 份) and then the noun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analyse.numbers.units import UNITS

_MAX_DESCRIBERS = 4
_ZH_NOUN_WINDOW = 8  # characters after a measure word where its noun may end
_WORD_RE = re.compile(r"[ \u00a0][\"“‘']?([A-Za-z][A-Za-z.'’&-]*[A-Za-z.]|[A-Za-z])[\"”’']?")  # 19 "doubling funds"
# Words that end a noun phrase before any noun came: "10 of the funds", "5 to 7 funds", "3 and".
_NOT_DESCRIBERS = frozenset("""
of in the a an and or to from by with for on at that which who whom were was are is be been have has
had as than per each its their his her our this these those said says will would could may might
""".split())
_COUNTED = UNITS.counted
_LONGEST = max((len(k.split()) for k in _COUNTED), default=1)
_ZH_MEASURES = UNITS.zh_measure_words
_ZH_NOUNS = sorted(UNITS.zh_nouns, key=len, reverse=True)
_ZH_STOP = frozenset("，,。；;：:、的了在为是和与及（）() \u3000")


@dataclass(frozen=True)
class Counted:
    unit: str  # "funds", "" for a bare measure word ("3755个")
    end: int  # where the figure's own span ends: after a Chinese measure word, else unchanged
    noun: str  # the counted noun phrase as written ("domestically listed semiconductor ETFs"), or ""


def english_count(text: str, pos: int, any_noun: bool, measures: frozenset[str]) -> Counted | None:
    """The counted noun after a figure ending at `pos`: a table noun after up to four describing
    words, or, when `any_noun` (big figures), any plural noun right after it that is no measure."""
    words: list[tuple[int, int, str]] = []
    at = pos
    while len(words) <= _MAX_DESCRIBERS:
        m = _WORD_RE.match(text, at)
        if not m:
            break
        word = m.group(1).rstrip(".'’")
        if word.lower() in _NOT_DESCRIBERS:
            break
        words.append((m.start(1), m.start(1) + len(word), word))
        at = m.end()
        for n in range(min(_LONGEST, len(words)), 0, -1):
            phrase = " ".join(w for _, _, w in words[-n:]).lower()
            if phrase in _COUNTED:
                return Counted(_COUNTED[phrase], pos, text[words[0][0]:words[-1][1]])
    if any_noun and words and re.fullmatch(r"[a-z]{2,}s", words[0][2]) and words[0][2] not in measures:
        return Counted(words[0][2], pos, words[0][2])
    if any_noun and len(words) > 1 and re.fullmatch(r"[a-z]{2,}", words[0][2]) \
            and re.fullmatch(r"[A-Za-z]{2,}s", words[1][2]) and words[1][2].lower() not in measures \
            and not words[0][2].endswith("s"):
        return Counted(words[1][2].lower(), pos, text[words[0][0]:words[1][1]])  # "150,000 paid trips"
    return None


def chinese_count(text: str, pos: int, needs_noun: bool) -> Counted | None:
    """A measure word right after a figure ending at `pos`, and the noun it counts if one follows.

    Chinese numerals ("三家公司") count only with a noun that says what, since "一个" is mostly "a".
    """
    unit = _ZH_MEASURES.get(text[pos:pos + 1])
    if unit is None or (pos >= 1 and text[pos - 1] == "第"):
        return None
    after = text[pos + 1:pos + 1 + _ZH_NOUN_WINDOW]
    if after.startswith(UNITS.zh_time_words) or after.startswith(UNITS.zh_not_after):
        return None
    for i, ch in enumerate(after):
        if ch in _ZH_STOP or ch.isdigit():
            after = after[:i]
            break
    best: tuple[int, str] | None = None
    for noun in _ZH_NOUNS:
        at = after.rfind(noun)
        if at >= 0 and (best is None or at + len(noun) > best[0]):
            best = (at + len(noun), noun)
    if best is not None:
        return Counted(UNITS.zh_nouns[best[1]], pos + 1, after[:best[0]])
    return None if needs_noun else Counted(unit, pos + 1, "")
