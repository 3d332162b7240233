"""Number tokens (digits, English number words, Chinese numerals) and the Quantity they become."""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analyse.numbers.units import _IA, _SP

_NUM_RE = re.compile(
    r"(?<![0-9.,])(?:[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"  # Indian grouping 12,34,567.89
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?![0-9])"
)
_UNIT_WORDS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TEN_WORDS = ["twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: float(i) for i, w in enumerate(_UNIT_WORDS)}
_WORD_VALUES.update({w: float(10 * (i + 2)) for i, w in enumerate(_TEN_WORDS[:3])})
_WORD_VALUES.update({"fourty": 40.0})
_WORD_VALUES.update({w: float(10 * (i + 5)) for i, w in enumerate(_TEN_WORDS[4:])})
_WORD_VALUES.update({"a": 1.0, "an": 1.0, "half": 0.5, "quarter": 0.25, "quarters": 0.25})
_BELOW100_BARE = (rf"(?:(?:{'|'.join(_TEN_WORDS)})(?:[ -](?:{'|'.join(_UNIT_WORDS[1:10])})(?![a-z]))?"
                  rf"|(?:{'|'.join(sorted(_UNIT_WORDS, key=len, reverse=True))}))")
_BELOW100 = _BELOW100_BARE + "(?![a-z])"
_WORDNUM_RE = re.compile(
    rf"(?<![a-z])(?:(?:an?|half(?:{_SP}an?)?|(?:an?{_SP})?quarter(?:{_SP}of{_SP}an?)?"
    rf"|three[ -]quarters?(?:{_SP}of{_SP}an?)?)"
    rf"(?=[ -](?:hundred|thousand|million|billion|trillion)(?![a-z]))"
    rf"|{_BELOW100}(?:[ -]hundred(?:{_SP}(?:and{_SP})?{_BELOW100})?)?(?![a-z]))",
    _IA,
)
_WORD_FOLD_RE = re.compile(rf"(?<![a-z])(?:{_BELOW100_BARE}|hundred)[ -]?fold(?![a-z])", _IA)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUM_RE = re.compile(
    r"百分之(?P<pct>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千点]+)"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]*[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"(?:点[零〇一二三四五六七八九]+)?)"
)


@dataclass(frozen=True)
class Quantity:
    """One quantity as written, in base units (see the module docstring and CONTRACT.md)."""

    text: str
    start: int
    end: int
    value: float
    unit: str  # ISO currency code, "%", "pp" (percentage points), "bp" (basis points), "x", what a count
    # counts ("funds", "companies") or "" for a bare count
    year: int | None
    kind: str  # "forecast", "actual", "change", "count" or "other"
    subject: str


class _Cand:
    """A number token while its unit is being worked out."""

    __slots__ = ("counted", "end", "has_prefix", "is_int", "noun", "num_end", "num_start", "scale", "scale_kind",
                 "source", "start", "unit", "value", "year_like")

    def __init__(self, start: int, end: int, value: float, is_int: bool, source: str) -> None:
        self.start = start  # grows left over a sign or currency prefix
        self.end = end  # grows right over scale, unit and cents
        self.num_start = start
        self.num_end = end
        self.value = value
        self.is_int = is_int
        self.source = source  # "digits", "words" or "cn"
        self.unit = ""
        self.scale = 1.0
        self.scale_kind = ""  # "", "long" ("million", "亿"), "short" ("m", "bn")
        self.year_like = False
        self.has_prefix = False
        self.counted = False  # a count of things: "42 companies", "7只ETF"; `unit` says what
        self.noun = ""  # the counted noun phrase as written


def _words_to_float(phrase: str) -> float:
    """English number words up to the hundreds: "forty-five", "three hundred and two"."""
    total = 0.0
    part = 0.0
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("and", "of", "") or (word in ("a", "an") and part):
            continue  # "half a million", "a quarter of a billion"
        if word == "hundred":
            part = (part or 1.0) * 100
        elif word in ("quarter", "quarters") and part:
            part *= 0.25  # "three quarters"
        else:
            part += _WORD_VALUES.get(word, 0.0)
    return total + part


def _cn_to_float(s: str) -> float:
    """Chinese numerals: "三千亿" -> 3e11, "一亿两千万" -> 1.2e8, "二十五点五" -> 25.5."""
    whole, _, frac = s.partition("点")
    total = section = num = 0.0
    for ch in whole:
        if ch in _CN_DIGITS:
            num = float(_CN_DIGITS[ch])
        elif ch in "十百千":
            section += (num or 1.0) * {"十": 10, "百": 100, "千": 1000}[ch]
            num = 0.0
        elif ch == "万":
            total += (section + num) * 1e4
            section = num = 0.0
        elif ch == "亿":
            total = (total + section + num) * 1e8
            section = num = 0.0
    value = total + section + num
    if frac:
        value += float("0." + "".join(str(_CN_DIGITS.get(ch, 0)) for ch in frac))
    return value


def _candidates(text: str) -> list[_Cand]:
    cands = []
    for m in _NUM_RE.finditer(text):
        raw = m.group()
        digits = raw.replace(",", "")
        if len(digits.replace(".", "")) > 15:  # ids and account numbers, not quantities
            continue
        cands.append(_Cand(m.start(), m.end(), float(digits), "." not in raw, "digits"))
    for m in _WORDNUM_RE.finditer(text):
        cands.append(_Cand(m.start(), m.end(), _words_to_float(m.group()), True, "words"))
    for m in _WORD_FOLD_RE.finditer(text):  # "sixfold", "ten-fold"
        times = _words_to_float(m.group()[:-4].rstrip(" -")) or 100.0  # "hundredfold" has no number word
        c = _Cand(m.start(), m.end(), times, True, "words")
        c.unit = "x"
        cands.append(c)
    for m in _CN_NUM_RE.finditer(text):
        if m.group("pct") is not None:
            p = m.group("pct")
            value = float(p) if p[0].isdigit() else _cn_to_float(p)
            c = _Cand(m.start(), m.end(), value, True, "cn")
            c.unit = "%"
        else:
            c = _Cand(m.start(), m.end(), _cn_to_float(m.group("cn")), True, "cn")
        cands.append(c)
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[_Cand] = []
    for c in cands:
        if not out or c.start >= out[-1].end:
            out.append(c)
    return out
