"""From a number token to an amount: sign, currency, scale, unit, ranges, and whether it is worth a row."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from itertools import pairwise

from core.analyse.numbers.counts import Counted, chinese_count, english_count
from core.analyse.numbers.tokens import _BELOW100, _Cand, _words_to_float
from core.analyse.numbers.units import (
    _ABBREVIATIONS,
    _ATTACHED,
    _CI_CODES,
    _CN_CURRENCIES,
    _CODE_MAP,
    _DOLLAR_PREFIXES,
    _DOLLAR_SUFFIXES,
    _GLUED,
    _IA,
    _PERCENT,
    _PREFIX_CODES,
    _PREFIX_ZH,
    _SCALE_ABBREVIATIONS,
    _SCALE_WORDS,
    _SCALES,
    _SHORT_SCALES,
    _SP,
    _SYMBOL_CODES,
    _SYMBOLS,
    _UC_CODES,
    _WEAK_WORDS,
    _WORD_CURRENCIES,
    _ZH_SCALE_WORDS,
    UNITS,
    _alternation,
)

_PREFIX_RE = re.compile(
    rf"""(?:
        (?:
            (?<![A-Za-z'’])(?:{_DOLLAR_PREFIXES}){_SP}?\$  # "US $", "c $"
          | (?<![A-Za-z])(?:{_ATTACHED})\$       # attached only: "a $5" is an article
          | \$(?:{_DOLLAR_SUFFIXES})?
          | {_SYMBOLS}
          | (?<![A-Za-z])(?-i:{_ABBREVIATIONS})\.?
          | (?<![A-Za-z])[mk]?(?:{_CI_CODES})
          | (?<![A-Za-z])(?-i:{_UC_CODES})
          | {_PREFIX_ZH}
        ){_SP}?
      | (?<![A-Za-z])(?-i:{_GLUED})    # glued to the number only: "PS 5" is a games console
    )$""",
    re.IGNORECASE | re.VERBOSE | re.ASCII,
)
_PCT_RE = re.compile(rf"{_SP}?(?:{_PERCENT})", _IA)
_PP_RE = re.compile(rf"{_SP}?(?:percentage[ -]points?(?![a-z])|pp(?![a-z])|ppts?(?![a-z])|个百分点)", _IA)
_BP_RE = re.compile(rf"{_SP}?(?:basis[ -]points?(?![a-z])|bps?(?![a-z]))", _IA)
_MULT_RE = re.compile(rf"(?:(?:{_SP}|-)?fold(?![a-z])|{_SP}?times(?![a-z])|[x×](?![A-Za-z0-9])|倍)", _IA)
_FREQUENCY_RE = re.compile(
    rf"{_SP}+(?:(?:a|an|per|each|every){_SP}+(?:day|week|month|year|season|game|match|hour|minute|"
    rf"second|night|quarter)|already|since|before|after|during|so{_SP}far|in{_SP}a{_SP}row|"
    rf"(?:in|over){_SP}the{_SP}(?:past|last)|this|last|next|today|yesterday|a{_SP}(?:day|week|year))(?![a-z])",
    _IA,
)
_SCALE_RE = re.compile(
    rf"(?:(?:{_SP}|-)?(?P<w>{_SCALE_WORDS})(?![a-z])"
    rf"|{_SP}?(?P<s>{_SCALE_ABBREVIATIONS}|(?-i:T))(?![A-Za-z])"
    rf"|(?P<c>{_ZH_SCALE_WORDS}))",
    _IA,
)
_LONG_SCALE_RE = re.compile(rf"{_SP}?(?P<w>thousand|million|billion|trillion|mn|bn)(?![a-z])", _IA)
_CUR_SUFFIX_RE = re.compile(
    rf"(?:(?:{_SP}|-)?(?P<word>{_alternation(list(_WORD_CURRENCIES))})(?![a-z])"
    rf"|{_SP}?(?P<sym>\$|{_SYMBOLS})"
    rf"|{_SP}?(?P<code>[mk]?(?:{_CI_CODES})|(?-i:{_UC_CODES}))(?![A-Za-z0-9])"
    rf"|(?P<cn>{_alternation(list(_CN_CURRENCIES))}))",
    _IA,
)
_CENTS_RE = re.compile(
    rf"{_SP}+(?:and{_SP}+)?(?P<n>[0-9]{{1,2}}|{_BELOW100})"
    rf"(?:(?P<c>{_SP}*cents?(?![a-z]))|(?={_SP}*(?:[.!?;]|$)))",
    _IA,
)
_RANGE_GAP_RE = re.compile(rf"{_SP}*(?:-|–|—|to|or|and){_SP}*", re.IGNORECASE)
# Dates, phone numbers and ids: three or more digit groups joined by hyphens or slashes.
_CHAIN_RE = re.compile(r"[0-9]+(?:[-–/][0-9]+){2,}")
# Measurements are no counts of things: "208 pounds", "5 points", "3 years".
_MEASURES = UNITS.measures | {w for w in UNITS.time_words if w.endswith("s")}
_MONEY_VERB_RE = re.compile(
    r"\b(?:cost|costs|price|priced|paid|pay|pays|fine|fined|worth|sold|sell|sells|bought|buy|bid|"
    r"spend|spent|salary|wage|fee|fees|profit|revenue|loss|deal|budget|raised|valued|earn|earns|earned)\b",
    _IA,
)
_CNY_CONTEXT_RE = re.compile(r"yuan|rmb|renminbi|china|chinese|元|人民币", re.IGNORECASE)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of spans, as `_in_spans` needs."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _is_ascii_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, math.inf)) - 1
    return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)


def _resolve(text: str, c: _Cand, floor: int, chains: list[tuple[int, int]]) -> _Cand | None:
    """Attach sign, currency, scale and unit to one number token; None when it is no quantity."""
    n = len(text)
    s, e = c.num_start, c.num_end
    if c.unit:  # complete already: "百分之二十", "sixfold"
        return c
    if c.source == "cn":
        m = _MULT_RE.match(text, e)
        if m and m.group().strip() == "倍":
            c.unit, c.end = "x", m.end()
            return c
        cm = _CUR_SUFFIX_RE.match(text, e)
        if cm and cm.group("cn"):
            c.unit, c.end = _CN_CURRENCIES[cm.group("cn")], cm.end()
            return c
        return _counted(c, chinese_count(text, e, needs_noun=True)) if c.value >= 2 else None

    sign = 1.0
    left = s
    if c.source == "digits" and s >= 1 and text[s - 1] in "-+−" and (
            s == 1 or not (text[s - 2].isalnum() or text[s - 2] in "-–.,/")):
        sign = -1.0 if text[s - 1] != "+" else 1.0
        left = s - 1
    prefix_code = ""
    pm = _PREFIX_RE.search(text, max(floor, left - 12), left) if left > floor else None
    if pm:
        key = re.sub(r"[\s.]", "", pm.group()).lower()
        if pm.group().strip() == "人民币":
            key = "人民币"
        scale_prefix = 1.0
        code = _PREFIX_CODES.get(key) or _CODE_MAP.get(key, "")
        if not code and key[:1] in "mk" and key[1:] in _CODE_MAP:  # "MUSD 30", "kEUR 5"
            code, scale_prefix = _CODE_MAP[key[1:]], (1e6 if key[0] == "m" else 1e3)
        if code == "GBP" and key == "ps" and c.is_int and e - s == 1 and not _SCALE_RE.match(text, e):
            code = ""  # "PS5" is a games console; the lossy "£" comes with bigger figures
        if code:
            prefix_code = code
            c.start = pm.start()
            c.scale = scale_prefix
            c.has_prefix = True
            if key in ("¥", "￥") and _CNY_CONTEXT_RE.search(text, max(0, s - 80), min(n, e + 80)):
                prefix_code = "CNY"
    if c.source == "digits":
        prev = text[left - 1] if left >= 1 else ""
        if not prefix_code:
            if _is_ascii_letter(prev):  # product codes and ids: "A100", "H20"
                return None
            if prev in "-–" and left >= 2 and _is_ascii_letter(text[left - 2]):  # "TA-35", "COVID-19"
                return None
        if prev in ":/" and left >= 2 and text[left - 2].isdigit():  # "13:09", "1/2"
            return None
        nxt2 = text[e:e + 2]
        if len(nxt2) == 2 and nxt2[0] in ":/." and nxt2[1].isdigit():
            return None
        if chains and _in_spans(chains, s, e):
            return None
    if c.source == "words" and _is_ascii_letter(text[s - 1] if s else ""):
        return None

    pos = e
    unit = ""
    for regex, name in ((_PP_RE, "pp"), (_BP_RE, "bp"), (_PCT_RE, "%")):
        m = regex.match(text, pos)
        if m:
            unit, pos = name, m.end()
            break
    if not unit:
        m = _MULT_RE.match(text, pos)
        if m and not (m.group().lower().strip() == "times" and _FREQUENCY_RE.match(text, m.end())) \
                and not (c.source == "words" and m.group().lower() in ("x", "×")):
            unit, pos = "x", m.end()
    if unit:
        c.unit, c.end = unit, pos
        c.value *= sign
        c.start = min(c.start, left)
        return c

    scale_word = ""
    m = _SCALE_RE.match(text, pos)
    if m:
        scale_word = (m.group("w") or m.group("s") or m.group("c")).lower()
        if scale_word == "hundred" and c.source == "digits":
            scale_word = ""
        else:
            pos = m.end()
    suffix_code = ""
    cm = _CUR_SUFFIX_RE.match(text, pos)
    if cm:
        after = text[cm.end():cm.end() + 2]
        followed_by_number = bool(re.match(r"[ \u00a0]?[0-9]", after))
        word = (cm.group("word") or "").lower()
        word = re.sub(r"\s+", " ", word)
        ok = True
        if cm.group("sym") and (re.match(r"[0-9]", after) or (prefix_code and followed_by_number)):
            ok = False  # "1 $10": the symbol belongs to the next number
        if (cm.group("code") or word) and prefix_code and followed_by_number:
            ok = False  # "rmb 10 usd 20"
        if word in _WEAK_WORDS and not scale_word:
            ok = word in ("pound", "pounds") and not cm.group().startswith("-") and \
                bool(_MONEY_VERB_RE.search(text, max(0, s - 60), s))
        if ok:
            if cm.group("word"):
                suffix_code = _WORD_CURRENCIES.get(word, "")
            elif cm.group("sym"):
                suffix_code = _SYMBOL_CODES.get(cm.group("sym"), "")
            elif cm.group("code"):
                key = cm.group("code").lower()
                suffix_code = _CODE_MAP.get(key, "")
                if not suffix_code and key[:1] in "mk" and key[1:] in _CODE_MAP:
                    suffix_code = _CODE_MAP[key[1:]]
                    c.scale *= 1e6 if key[0] == "m" else 1e3
            else:
                suffix_code = _CN_CURRENCIES.get(cm.group("cn"), "")
            if suffix_code:
                pos = cm.end()
                if suffix_code == "JPY" and cm.group("sym") and _CNY_CONTEXT_RE.search(
                        text, max(0, s - 80), min(n, pos + 80)):
                    suffix_code = "CNY"
                if not scale_word:
                    m2 = _LONG_SCALE_RE.match(text, pos)  # "75 USD million"
                    if m2:
                        scale_word = m2.group("w").lower()
                        pos = m2.end()
    if pos == e and c.source == "digits" and _is_ascii_letter(text[e:e + 1]):
        return None  # "5G", "22nd", "164p": letters glued to the number, not a unit we know

    if prefix_code in ("USD", "JPY", "CNY") and pm is not None and pm.group().strip() in ("$", "¥", "￥") \
            and suffix_code:
        code = suffix_code  # a bare "$" is the weakest hint: "$1.25 sterling"
    else:
        code = prefix_code or suffix_code
    if scale_word:
        c.scale *= _SCALES[scale_word]
        c.scale_kind = "short" if scale_word in _SHORT_SCALES else "long"
        if c.scale_kind == "short" and not code:
            return None  # "910B", "20m"
    c.unit = code
    c.value = sign * c.value * c.scale
    if code and c.is_int and not scale_word and c.source != "cn":
        cm2 = _CENTS_RE.match(text, pos)
        if cm2:
            cents = cm2.group("n")
            cv = float(cents) if cents[0].isdigit() else _words_to_float(cents)
            if cv < 100:
                c.value += sign * cv / 100
                pos = cm2.end()
    if sign == -1.0 and not c.has_prefix:
        c.start = left
    c.end = pos
    c.year_like = (c.source == "digits" and not code and not scale_word and c.is_int
                   and e - s == 4 and 1800 <= c.value <= 2100)
    if not code and not c.year_like and (c.is_int or bool(scale_word)) and (c.source == "digits" or c.value >= 2):
        found = chinese_count(text, pos, needs_noun=False) if c.source == "digits" else None
        if found is None and c.start == c.num_start:  # "No. 5 funds" or "-5 funds" are no count
            found = english_count(text, pos, c.value >= 1000, _MEASURES)
        _counted(c, found)
    return c


def _counted(c: _Cand, found: Counted | None) -> _Cand | None:
    """Mark c as a count of what `found` names; None (no quantity) when nothing is counted."""
    if found is None:
        return None
    c.counted, c.unit, c.end, c.noun = True, found.unit, max(c.end, found.end), found.noun
    return c


def _apply_ranges(text: str, cands: list[_Cand]) -> None:
    """Share units across ranges: "8 or $9", "20-25%", "$5-10 million", "5 to 10 million yuan"."""
    for a, b in pairwise(cands):
        if a.year_like or b.year_like:
            continue
        gap = text[a.end:b.start]
        if len(gap) > 8 or not _RANGE_GAP_RE.fullmatch(gap):
            continue
        hyphen = gap.strip() in ("-", "–", "—")
        if not a.unit and b.unit:
            a.unit = b.unit
            if not a.scale_kind and b.scale_kind and b.unit not in ("%", "x", "pp", "bp"):
                a.value *= b.scale
                a.scale_kind = b.scale_kind
        elif hyphen and a.unit and not b.unit and a.unit not in ("x",):
            b.unit = a.unit
            if not a.scale_kind and b.scale_kind:
                a.value *= b.scale
                a.scale_kind = b.scale_kind


def _keep(text: str, c: _Cand) -> bool:
    """Quantities worth a row: any unit, or a count big enough to be news ("20 million users")."""
    if c.unit and not c.counted:
        return c.source != "words" or c.unit != "x" or c.value > 1
    if c.year_like or (c.source == "cn" and not c.counted):
        return False
    if c.counted:
        return text[max(0, c.start - 4):c.start].lower() != "per "  # "per 1,000 tokens" is a rate's base
    return c.scale_kind == "long" and c.scale >= 1e3
